"""The command line: ``python -m pytest_tuneup.bench run|save|check|ab|chart``."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path

from ..shards.durations import load as load_durations
from ..shards.suite import update as update_durations
from .ab import PREPARE_ENV, ab, commit_of
from .baseline import BASELINE, chart, check, check_paired, load_baseline, save
from .caveats import reliability
from .environment import environment
from .errors import SuiteFailed, UsageError
from .interpreter import resolve
from .markdown import ab_markdown, run_markdown
from .paired import BaselineFailed, paired_runs
from .results import Baseline, RunResult, SuiteRun, ab_json, run_json
from .stats import summaries
from .suite import bench_suite, default_pytest, import_times, pytest_summary
from .terminal import ab_terminal, terminal, verdict_lines

EXIT_WORSE, EXIT_USAGE, EXIT_SUITE_FAILED = 1, 2, 3
# Everything after either of these goes to pytest. ``poetry run`` drops the first
# ``--`` of a command line (CMD a -- b runs as CMD a b), so make passes --pytest-args.
SEPARATORS = ("--pytest-args", "--")
PROG = "python -m pytest_tuneup.bench"

DESCRIPTION = """\
Benchmark the test suite. Each run is a fresh pytest process; a warm-up run comes first
(it fills the bytecode and file caches) and is not counted. pytest-randomly,
pytest-random-order and the cache plugin are switched off, and so is pytest-cov
(--no-cov: no coverage work and no fail-under gate), so every run does the same work.
A runner prefix in --pytest (poetry run, uv run, pdm run, hatch run) and a bare python
are replaced by this interpreter: the project's, started by the same runner.

Figures: wall time (median, mean ± standard deviation, min, max), CPU user and system
time, peak RSS of the largest process (os.wait4) and of the whole process tree (pytest
plus xdist workers, sampled every 50 ms with psutil), and collection time. Then where
the time goes: the slowest setups, calls and teardowns, the fixtures that cost most over
the whole run, the heaviest imports during collection (a separate --collect-only run
under -X importtime) and files imported twice under two module names.

A run whose outliers make the figures unreliable gets a warning (hyperfine's rule: a run
further than 10 robust standard deviations, 14.8 median absolute deviations, from the
median). A failing suite is reported with pytest's summary; nothing of it is recorded.
"""

EPILOG = """\
commands:
  run      benchmark and print the report (make bench)
  save     benchmark and store the result as the baseline (make bench-save)
  check    compare with the baseline (make bench-check): the baseline's commit, checked
           out in a git worktree, and the working tree run in interleaved rounds
           (A B, B A, ...). Fails when wall time, CPU time (user + sys, children
           included) or peak memory grew beyond --threshold percent at the lower
           end of the paired ratios' 95%% bound (the median of B/A per round; noise
           moves the bound less than a real slowdown). Lists the tests slower beyond
           their own spread. Without the commit (not in the repository, or failing
           there) it compares with the saved figures, says so, and fails when a
           median grew by more than --threshold AND by more than the runs' spread
  ab A [B] two git refs (B omitted: the working tree) or two shell commands, run
           interleaved A B A B ... so drift of the machine hits both; prints the ratio
           with its uncertainty, "B is 1.82 ± 0.06 times faster than A". A ref runs in
           a git worktree, in the project's folder there, with this interpreter; set
           BENCH_AB_PREPARE (or --prepare) to build there what the suite needs and git
           does not hold, e.g. BENCH_AB_PREPARE="make compile-translations"
  chart    draw the history of saved baselines again (history.svg)

pytest's own arguments go last, after --pytest-args or after -- (poetry run drops the
first --, so make passes --pytest-args).

files (in --dir, default .tuneup-bench/; commit it to share the baseline):
  baseline.json   the last saved run (versioned JSON: figures, commit, Python, packages,
                  machine)
  history.jsonl   one line per saved baseline
  history.svg     the history as a chart

exit codes: 0 fine, 1 bench-check found a regression, 2 bad usage or no baseline,
3 the suite failed.

examples:
  %(prog)s run --runs 3 --pytest-args -k orders
  %(prog)s check --threshold 5 --markdown "$GITHUB_STEP_SUMMARY"
  %(prog)s ab main
  BENCH_AB_PREPARE="make compile-translations" %(prog)s ab main
  %(prog)s ab "pytest -p no:xdist" "pytest -n 2"
"""


def split_pytest_args(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """Our options, and pytest's: everything after the first separator."""
    words = list(argv)
    for index, word in enumerate(words):
        if word in SEPARATORS:
            return words[:index], words[index + 1 :]
    return words, []


def parser() -> argparse.ArgumentParser:
    made = argparse.ArgumentParser(
        prog=PROG,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    add = made.add_argument
    commands = ["run", "save", "check", "ab", "chart"]
    add("command", choices=commands, help="what to do (below)")
    add("sides", nargs="*", metavar="A B", help="ab only: two git refs or commands")
    add("--runs", type=int, default=5, help="measured runs (default 5)")
    add("--warmup", type=int, default=1, help="unmeasured runs first (default 1)")
    add(
        "--pytest",
        default=default_pytest(),
        help="how to start pytest (default: this Python's -m pytest; make: $(PYTEST))",
    )
    add("--threshold", type=float, default=10.0, help="check: allowed growth, percent")
    add("--top", type=int, default=10, help="entries in each where-the-time-goes list")
    add("--no-imports", action="store_true", help="skip the -X importtime run")
    add("--json", type=Path, metavar="FILE", help="also write the result as JSON")
    add("--markdown", type=Path, metavar="FILE", help="also write a Markdown summary")
    add("--dir", type=Path, default=Path(".tuneup-bench"), help="baseline folder")
    add(
        "--durations",
        type=Path,
        metavar="FILE",
        help="run/save: merge each test's time into pytest-split's durations file",
    )
    add(
        "--mode",
        choices=["auto", "refs", "commands"],
        default="auto",
        help="ab: what A and B are (auto)",
    )
    add(
        "--prepare",
        default=os.environ.get(PREPARE_ENV, ""),
        metavar="COMMAND",
        help=f"ab: shell command run in each ref's worktree first (${PREPARE_ENV})",
    )
    return made


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    ours, extra = split_pytest_args(argv)
    made = parser()
    args, unknown = made.parse_known_args(ours)
    if unknown:
        made.error(
            f"unrecognized arguments: {' '.join(unknown)}; pytest's own go after "
            "--pytest-args (or --, which poetry run drops)"
        )
    args.extra = extra
    args.sides = [side for side in args.sides if side]  # make passes '' for unset B
    if args.runs < 1 or args.warmup < 0 or args.top < 0:
        made.error("--runs must be at least 1, --warmup and --top at least 0")
    if args.command != "ab" and args.sides:
        made.error(
            f"unexpected arguments {args.sides}; pytest's own go after --pytest-args"
        )
    return args


def progress(text: str) -> None:
    print(f"bench: {text}", file=sys.stderr, flush=True)


def write_outputs(
    data: dict[str, object], markdown: str, args: argparse.Namespace
) -> None:
    if args.json:
        args.json.write_text(json.dumps(data, indent=2) + "\n")
    if args.markdown:
        # A CI job summary collects several steps' output: add to it, do not replace it.
        appending = str(args.markdown) == os.environ.get("GITHUB_STEP_SUMMARY")
        with args.markdown.open("a" if appending else "w") as out:
            out.write(markdown)


def run_suite(args: argparse.Namespace, cwd: Path, scratch: Path) -> RunResult:
    pytest = resolve(shlex.split(args.pytest), cwd)
    suite = bench_suite(
        pytest, args.extra, args.runs, args.warmup, args.top, cwd, scratch, progress
    )
    return run_result(args, suite, cwd, scratch)


def run_result(
    args: argparse.Namespace, suite: SuiteRun, cwd: Path, scratch: Path
) -> RunResult:
    """The measured runs, the import-time run unless --no-imports, and their figures."""
    if not args.no_imports:
        pytest = resolve(shlex.split(args.pytest), cwd)
        suite.imports = import_times(
            pytest, args.extra, args.top, cwd, scratch, progress
        )
    stats = summaries(suite.samples)
    cpus = os.cpu_count() or 1
    return RunResult(
        created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        runs=args.runs,
        warmup=args.warmup,
        suite=suite,
        summary=stats,
        warnings=reliability(stats, args.runs, suite.load, cpus),
        environment=environment(cwd),
    )


def checked(
    args: argparse.Namespace, baseline: Baseline, cwd: Path, scratch: Path
) -> RunResult:
    """The working tree against the baseline's commit run interleaved with it; against
    the saved figures only when the commit is not here or fails, saying so."""
    commit = baseline.environment.commit
    found = commit_of(cwd, commit) if commit else None
    if commit is None:
        note = "the baseline has no commit (saved outside git)"
    elif found is None:
        note = f"the baseline's commit {commit[:7]} is not in this repository"
    else:
        pytest = resolve(shlex.split(args.pytest), cwd)
        try:
            paired = paired_runs(
                found,
                pytest,
                args.extra,
                args.runs,
                args.warmup,
                args.top,
                args.prepare,
                cwd,
                scratch,
                progress,
            )
        except BaselineFailed as failed:
            note = (
                f"the baseline's commit {commit[:7]} failed in its worktree "
                f"({failed.where}, exit code {failed.exit_code}; {PREPARE_ENV} can "
                "build there what git does not hold)"
            )
        else:
            result = run_result(args, paired.suite, cwd, scratch)
            return check_paired(
                result, baseline, paired.base, paired.work, args.threshold
            )
    saved = baseline.created[:10]
    note += f": compared with the figures saved on {saved} instead"
    progress(note)
    return check(run_suite(args, cwd, scratch), baseline, args.threshold, note)


def command(args: argparse.Namespace, cwd: Path, out: Callable[[str], None]) -> int:
    scratch = Path(tempfile.mkdtemp(prefix="tuneup-bench-"))
    try:
        if args.command == "ab":
            pytest = resolve(shlex.split(args.pytest), cwd)
            compared = ab(
                args.sides,
                args.mode,
                pytest,
                args.extra,
                args.runs,
                args.warmup,
                args.prepare,
                cwd,
                scratch,
                progress,
            )
            out(ab_terminal(compared))
            write_outputs(ab_json(compared), ab_markdown(compared), args)
            return 0
        if args.durations:
            load_durations(args.durations)  # a bad file stops us before the runs
        if args.command == "check":
            baseline = load_baseline(args.dir / BASELINE)
            result = checked(args, baseline, cwd, scratch)
        else:
            result = run_suite(args, cwd, scratch)
        out(terminal(result, args.top))
        write_outputs(run_json(result), run_markdown(result, args.top), args)
        if args.command == "save":
            where = save(result, args.dir)
            share = f"commit {args.dir}/ to share it"
            out(f"\nbench: saved the baseline to {where}; {share}")
        if args.durations and args.command in ("run", "save"):
            pytest = resolve(shlex.split(args.pytest), cwd)
            out(update_durations(args.durations, result.suite.tests, pytest))
        if result.check is not None:
            out("")
            for line in verdict_lines(result, args.top):
                out(line)
            return 0 if result.check.passed else EXIT_WORSE
        return 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main(argv: Sequence[str] | None = None, out: Callable[[str], None] = print) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        if args.command == "chart":
            out(f"bench: wrote {chart(args.dir)}")
            return 0
        return command(args, Path.cwd(), out)
    except UsageError as error:
        print(f"bench: {error}", file=sys.stderr)
        return EXIT_USAGE
    except SuiteFailed as failed:
        code = failed.exit_code
        out(f"bench: FAILED: the suite failed in {failed.where} (exit code {code}).")
        out("Nothing was measured or saved. pytest said:\n")
        out(pytest_summary(failed.output))
        return EXIT_SUITE_FAILED
