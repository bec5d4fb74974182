"""``python -m pytest_tuneup.shards durations|check|shard|combine`` (the make targets).

durations  run the suite once with the benchmark's probe and merge each test's
           setup + call + teardown into the durations file (make durations)
check      how many selected tests the file has no duration for; fails over
           --max-missing percent (make durations-check)
shard      run group i of N with pytest-split (make test-shard SHARD=i/N)
combine    check the shards ran the suite exactly once; combine their JUnit XML and
           coverage (make shards-combine)

pytest's own arguments go last, after --pytest-args.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from xml.etree import ElementTree

from ..bench.baseline import write_atomically
from ..bench.cli import split_pytest_args
from ..bench.errors import SuiteFailed
from ..bench.interpreter import resolve
from ..bench.suite import bench_suite, default_pytest, pytest_summary
from . import durations as durations_file
from .durations import DurationsError
from .junit import SUITE_NAME, JunitError, read
from .suite import collect, update
from .union import Union, union

PROG = "python -m pytest_tuneup.shards"
EXIT_FAILED, EXIT_USAGE = 1, 2
SHARD_ENV = "TUNEUP_SHARD"
_SHARD = re.compile(r"^(\d+)/(\d+)$")
# pytest-split's algorithms; least_duration balances best on measured files and,
# sorting by name first, gives every shard the same split whatever the test order
# (duration_based_chunks cuts the list as collected: pytest-randomly's order differs
# per shard, and tests get lost or run twice).
ALGORITHMS = ("least_duration", "duration_based_chunks")
Out = Callable[[str], None]


class Usage(Exception):
    """Bad arguments or input: one line, exit code 2."""


def parser() -> argparse.ArgumentParser:
    made = argparse.ArgumentParser(
        prog=PROG,
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    add = made.add_argument
    add("command", choices=["durations", "check", "shard", "combine"])
    # --shard=-1/2 (with "="), so that whatever SHARD holds is a value, never an option.
    add("--shard", default="", metavar="i/N", help="shard: which group of how many")
    add("--pytest", default=default_pytest(), help="how to start pytest")
    add("--file", type=Path, default=Path(".test_durations"), help="durations file")
    add("--dir", type=Path, default=Path(".tuneup-shards"), help="shards' outputs")
    add("--runs", type=int, default=1, help="durations: measured runs (median)")
    add("--max-missing", type=float, default=10.0, help="check: percent allowed")
    add("--algorithm", choices=ALGORITHMS, default=ALGORITHMS[0], help="shard")
    add("--fail-under", type=float, help="combine: the coverage gate, percent")
    return made


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    ours, extra = split_pytest_args(argv)
    args = parser().parse_args(ours)
    args.extra = extra
    return args


def shard_numbers(text: str) -> tuple[int, int]:
    match = _SHARD.match(text.strip())
    group, splits = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
    if not 1 <= group <= splits:
        raise Usage(f"SHARD={text!r}: give group i of N as i/N, 1 <= i <= N (2/4)")
    return group, splits


def pytest_words(args: argparse.Namespace) -> list[str]:
    return resolve(shlex.split(args.pytest), Path.cwd())


def measure_durations(args: argparse.Namespace, out: Out) -> int:
    durations_file.load(args.file)  # a bad file stops before the run
    scratch = Path(tempfile.mkdtemp(prefix="tuneup-durations-"))
    try:
        suite = bench_suite(
            pytest_words(args),
            args.extra,
            args.runs,
            0,
            0,
            Path.cwd(),
            scratch,
            lambda text: print(f"durations: {text}", file=sys.stderr, flush=True),
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    out(update(args.file, suite.tests, pytest_words(args)))
    return 0


def check(args: argparse.Namespace, out: Out) -> int:
    known = durations_file.load(args.file)
    found = durations_file.coverage(known, collect(pytest_words(args), args.extra))
    percent = found.missing_percent
    out(
        f"durations: {found.selected - len(found.missing)} of {found.selected}"
        f" selected tests have a duration in {args.file}; {len(found.missing)}"
        f" ({percent:.1f}%) do not, {found.stale} entries are for tests not selected"
    )
    for test in found.missing[:10]:
        out(f"  no duration: {test}")
    if len(found.missing) > 10:
        out(f"  ... and {len(found.missing) - 10} more")
    if percent > args.max_missing:
        out(
            f"durations: FAILED: more than {args.max_missing:g}% missing; pytest-split"
            " gives them the mean duration and the shards come out uneven. Run"
            " make durations (or make bench-save)."
        )
        return EXIT_FAILED
    return 0


def shard(args: argparse.Namespace, out: Out) -> int:
    group, splits = shard_numbers(args.shard)
    if importlib.util.find_spec("pytest_split") is None:
        raise Usage("make test-shard needs pytest-split: run make tuneup-deps")
    if not args.file.exists():
        out(f"shards: no {args.file}: pytest-split splits by count (make durations)")
    args.dir.mkdir(parents=True, exist_ok=True)
    # The folder ignores itself: the shards' results are CI artifacts, not sources (and
    # make test-changed never counts them as changes).
    ignore = args.dir / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# pytest-tuneup's shard results\n*\n")
    coverage_file = args.dir / f".coverage.shard-{group}"
    coverage_file.unlink(missing_ok=True)
    command = [
        *pytest_words(args),
        f"--splits={splits}",
        f"--group={group}",
        f"--splitting-algorithm={args.algorithm}",
        f"--durations-path={args.file}",
        f"--junitxml={args.dir / f'junit-{group}.xml'}",
        "-o",
        f"junit_suite_name={SUITE_NAME.format(group=group, splits=splits)}",
        *args.extra,
    ]
    # Each shard's databases get their own names (db/schema.py: worker_name).
    env = {**os.environ, SHARD_ENV: str(group), "COVERAGE_FILE": str(coverage_file)}
    out(f"shards: {SHARD_ENV}={group} {shlex.join(command)}")
    sys.stdout.flush()
    return subprocess.run(command, env=env, check=False).returncode


def combine(args: argparse.Namespace, out: Out) -> int:
    files = sorted(args.dir.glob("junit-*.xml"))
    if not files:
        raise Usage(f"no {args.dir}/junit-*.xml: run make test-shard SHARD=i/N first")
    shards = [read(path) for path in files]
    result = union(collect(pytest_words(args), args.extra), shards)
    for line in union_lines(result):
        out(line)
    write_junit(args.dir / "junit.xml", files)
    out(f"shards: wrote {args.dir / 'junit.xml'} ({result.ran} tests)")
    failed = sum(shard.failures for shard in shards)
    if failed:
        out(f"shards: {failed} tests failed or errored in the shards")
    code = 0 if result.exact and not failed else EXIT_FAILED
    coverage = sorted(args.dir.glob(".coverage.shard-*"))
    if coverage:
        code = max(code, combine_coverage(coverage, args.fail_under, out))
    return code


def union_lines(result: Union) -> list[str]:
    shards = ", ".join(f"{name}: {count}" for name, count in result.per_shard)
    files = len(result.per_shard)
    ran = f"{result.ran} tests; the suite has {result.suite}"
    lines = [f"shards: {files} files ({shards}), {ran}"]
    if result.absent_groups:
        groups = ", ".join(str(group) for group in result.absent_groups)
        lines.append(f"shards: no JUnit file from group(s) {groups}")
    if result.mixed:
        lines.append(
            "shards: the files come from different splits (i/N with different N):"
            " empty the folder before a new set of shards"
        )
    for what, tests in (("no shard ran", result.lost), ("ran twice", result.twice)):
        if tests:
            lines.append(f"shards: {len(tests)} tests {what}, e.g. {tests[0]}")
    if result.unknown:
        first = "::".join(result.unknown[0])
        lines.append(
            f"shards: {len(result.unknown)} test cases not in the suite: {first}"
        )
    verdict = "exactly the suite" if result.exact else "NOT the suite"
    lines.append(f"shards: the union of the shards is {verdict}")
    return lines


def write_junit(path: Path, files: Sequence[Path]) -> None:
    """One <testsuites> file holding every shard's <testsuite>."""
    root = ElementTree.Element("testsuites")
    for file in files:
        parsed = ElementTree.parse(file).getroot()
        root.extend([parsed] if parsed.tag == "testsuite" else list(parsed))
    text = ElementTree.tostring(root, encoding="unicode")
    write_atomically(path, '<?xml version="1.0" encoding="utf-8"?>' + text)


def combine_coverage(files: Sequence[Path], fail_under: float | None, out: Out) -> int:
    """``coverage combine`` the shards' data into .coverage; report, with the gate."""
    if importlib.util.find_spec("coverage") is None:
        raise Usage("the shards wrote coverage data, but coverage is not installed")
    coverage = [sys.executable, "-m", "coverage"]
    combined = subprocess.run(
        [*coverage, "combine", "--keep", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    if combined.returncode != 0:
        out(combined.stdout + combined.stderr)
        return EXIT_FAILED
    gate = [f"--fail-under={fail_under:g}"] if fail_under is not None else []
    out(f"shards: combined coverage of {len(files)} shards into .coverage")
    sys.stdout.flush()
    return subprocess.run([*coverage, "report", *gate], check=False).returncode


COMMANDS: dict[str, Callable[[argparse.Namespace, Out], int]] = {
    "durations": measure_durations,
    "check": check,
    "shard": shard,
    "combine": combine,
}


def main(argv: Sequence[str] | None = None, out: Out = print) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return COMMANDS[args.command](args, out)
    except (Usage, DurationsError, JunitError) as error:
        print(f"shards: {error}", file=sys.stderr)
        return EXIT_USAGE
    except SuiteFailed as failed:
        out(
            f"shards: the suite failed in {failed.where} (exit code {failed.exit_code})"
        )
        out(pytest_summary(failed.output))
        return failed.exit_code or EXIT_FAILED
