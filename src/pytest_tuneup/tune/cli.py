"""The command line: ``python -m pytest_tuneup.tune`` (make tune, make tune WRITE=1).

Stages, coarse first: worker counts (pytest-xdist), then ``--dist`` modes on the best
count, then plugin loading on the best so far; each stage's base is the best so far,
and today's configuration runs in every stage for the ratio. Coverage's core is
measured apart (only where make's targets measure coverage): it is a setting of
coverage, not of pytest, and is reported with the line to add, not written.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..bench.cli import split_pytest_args
from ..bench.errors import SuiteFailed, UsageError
from ..bench.interpreter import resolve
from ..bench.measure import measure
from ..bench.suite import PROBE, child_env, default_pytest, pytest_summary, read_probe
from ..doctor.config import read_config
from ..doctor.configfix import ConfigEditError
from .candidates import (
    TODAY,
    Candidate,
    Project,
    coverage_stage,
    dist_stage,
    installed_plugins,
    plugin_stage,
    pytest_version,
    this_python,
    xdist_stage,
)
from .decide import Speedup, pick, speedup, wins_by
from .report import Row, table
from .runs import Samples, command, outcomes, run_stage
from .write import write_winners

EXIT_USAGE, EXIT_SUITE_FAILED = 2, 3
# A shared fixture (module scope or wider) is costly from this share of the run on.
COSTLY_SHARE = 0.05


def parser() -> argparse.ArgumentParser:
    made = argparse.ArgumentParser(
        prog="python -m pytest_tuneup.tune",
        description=(
            "Measure, interleaved on this machine, the pytest options that decide the "
            "suite's speed (xdist workers and --dist, plugin autoloading, unused "
            "plugins, coverage's core) and keep those that beat today's configuration "
            "by more than the spread. --write puts the winners into addopts."
        ),
        allow_abbrev=False,
    )
    add = made.add_argument
    add("--rounds", type=int, default=3, help="interleaved rounds per stage (3)")
    add("--pytest", default=default_pytest(), help="how to start pytest")
    add("--threshold", type=float, default=2.0, help="smallest gain kept, percent")
    add("--coverage", default="", help="the --cov options make's targets pass")
    add("--write", action="store_true", help="write the winners into addopts")
    return made


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    ours, extra = split_pytest_args(argv)
    made = parser()
    args = made.parse_args(ours)
    args.extra = extra
    if args.rounds < 2:
        made.error("--rounds must be at least 2: the spread needs two runs")
    return args


def progress(text: str) -> None:
    print(f"tune: {text}", file=sys.stderr, flush=True)


@dataclass
class Stage:
    title: str
    rows: list[Row]
    note: str = ""


def costly_fixtures(probe: Path, wall: float) -> list[str]:
    """Shared fixtures (module scope or wider) whose setup and teardown cost most."""
    data = read_probe(probe)
    if data is None:
        return []
    return sorted(
        name
        for (name, scope, _), (_, setup, teardown) in data.fixtures.items()
        if scope != "function" and setup + teardown >= COSTLY_SHARE * wall
    )


def rows_of(
    candidates: Sequence[Candidate],
    results: dict[str, Samples],
    today: str,
    base: str,
    chosen: str,
    threshold: float,
) -> list[Row]:
    rows = []
    for candidate in candidates:
        label, samples = candidate.label, results[candidate.label]
        ratio = None
        if label == today:
            ratio = Speedup(1.0, 1.0, 1.0)
        elif len(samples.wall) >= 2 and len(results[today].wall) >= 2:
            ratio = speedup(results[today].wall, samples.wall)
        won = ""
        if label != base and not samples.dropped:
            won = wins_by(
                results[base].wall,
                samples.wall,
                threshold,
                results[base].cpu,
                samples.cpu,
            )
        if samples.dropped:
            verdict = samples.dropped
        elif label == chosen and label == base:
            verdict = "kept: nothing beat it"
        elif label == chosen:
            verdict = f"kept: faster in {won} beyond the spread"
        elif won:
            verdict = f"faster in {won} beyond the spread, not the fastest"
        elif label == base:
            verdict = "the base"
        else:
            verdict = "no win beyond the spread"
        if label == today:
            verdict = f"today's; {verdict}" if label == base else "today's"
        rows.append(Row(label, samples.wall, samples.cpu, ratio, verdict))
    return rows


class Tuner:
    def __init__(self, args: argparse.Namespace, cwd: Path) -> None:
        self.args, self.cwd = args, cwd
        self.pytest = resolve(shlex.split(args.pytest), cwd)
        self.env = child_env(None)
        self.scratch = Path(tempfile.mkdtemp(prefix="tuneup-tune-"))
        self.today = Candidate(TODAY)
        self.best = self.today
        self.gain: Speedup | None = None
        self.cpu_gain: Speedup | None = None
        self.stages: list[Stage] = []
        self.expected: dict[str, int] = {}

    def warm_up(self) -> list[str]:
        """Today's configuration once, with the probe: outcomes and costly fixtures."""
        probe = self.scratch / "probe.json"
        log = self.scratch / "warm-up.log"
        argv = command(self.pytest, self.today, [*PROBE, *self.args.extra])
        result = measure(argv, self.cwd, child_env(probe), log)
        output = log.read_text(errors="replace")
        progress(f"warm-up of today's configuration: {result.wall:.2f} s")
        if result.exit_code != 0:
            raise SuiteFailed("the warm-up", result.exit_code, output)
        self.expected = outcomes(output)
        return costly_fixtures(probe, result.wall)

    def stage(self, title: str, new: Sequence[Candidate], base: Candidate) -> Candidate:
        """Run ``new`` against ``base`` (and today); the winner, else ``base``."""
        if not new:
            return base
        candidates = (
            [base] + ([self.today] if base is not self.today else []) + list(new)
        )
        progress(
            f"{title}: {len(candidates)} configurations, {self.args.rounds} rounds"
        )
        results = self.measure(candidates)
        if results[base.label].dropped:
            raise UsageError(f"{title}: {base.label}: {results[base.label].dropped}")
        walls = {
            label: samples.wall
            for label, samples in results.items()
            if not samples.dropped
        }
        cpus = {label: results[label].cpu for label in walls}
        chosen = pick(base.label, walls, self.args.threshold, cpus)
        threshold = self.args.threshold
        rows = rows_of(candidates, results, TODAY, base.label, chosen, threshold)
        self.stages.append(Stage(title, rows))
        winner = next(c for c in candidates if c.label == chosen)
        if winner is not self.today:
            self.gain = speedup(results[TODAY].wall, results[chosen].wall)
            self.cpu_gain = speedup(results[TODAY].cpu, results[chosen].cpu)
        return winner

    def measure(self, candidates: list[Candidate]) -> dict[str, Samples]:
        """One stage's interleaved rounds, on this run's suite and settings."""
        return run_stage(
            candidates,
            self.args.rounds,
            self.pytest,
            self.args.extra,
            self.cwd,
            self.env,
            self.expected,
            self.scratch,
            progress,
        )

    def run(self, project: Project) -> None:
        costly = self.warm_up()
        if project.xdist:
            self.best = self.stage("xdist workers", xdist_stage(project), self.best)
            dist = dist_stage(self.best, project, costly)
            self.best = self.stage("--dist modes", dist, self.best)
        else:
            self.stages.append(
                Stage(
                    "xdist workers", [], "pytest-xdist is not installed: not measured"
                )
            )
        self.best = self.stage("plugins", plugin_stage(self.best, project), self.best)
        coverage = coverage_stage(self.today, project)
        if coverage:
            self.coverage(coverage)
        elif project.coverage and project.python < (3, 12):
            note = "coverage's sysmon core needs Python 3.12+: not measured"
            self.stages.append(Stage("coverage core", [], note))

    def coverage(self, candidates: list[Candidate]) -> None:
        """ctrace against sysmon for the project's branch setting; the rest shown."""
        title = "coverage core (make's coverage runs)"
        progress(f"{title}: {len(candidates)} configurations")
        results = self.measure(candidates)
        base, sysmon = candidates[0].label, candidates[1].label
        walls = {
            label: results[label].wall
            for label in (base, sysmon)
            if not results[label].dropped
        }
        cpus = {label: results[label].cpu for label in walls}
        chosen = base
        if base in walls:
            chosen = pick(base, walls, self.args.threshold, cpus)
        note = ""
        if chosen == sysmon:
            note = (
                "sysmon wins: set COVERAGE_CORE=sysmon where coverage runs (make "
                'test-cov, CI), or core = "sysmon" in [tool.coverage.run] '
                "(coverage 7.9+); not written (a coverage setting, not pytest's)"
            )
        threshold = self.args.threshold
        rows = rows_of(candidates, results, base, base, chosen, threshold)
        self.stages.append(Stage(title, rows, note))


def tune(args: argparse.Namespace, cwd: Path, out: Callable[[str], None]) -> int:
    config = read_config(cwd)
    project = Project(
        cores=os.cpu_count() or 1,
        python=this_python(),
        pytest=pytest_version(),
        addopts=config.words("addopts"),
        required=config.words("required_plugins"),
        plugins=installed_plugins(),
        coverage=tuple(shlex.split(args.coverage)),
    )
    tuner = Tuner(args, cwd)
    try:
        tuner.run(project)
    finally:
        shutil.rmtree(tuner.scratch, ignore_errors=True)
    load = os.getloadavg()[0]
    out(f"make tune: {args.rounds} interleaved rounds per stage, {project.cores} CPUs")
    if load > project.cores / 2:
        out(f"(the machine was busy: load average {load:.1f}; spreads are wider)")
    for stage in tuner.stages:
        out("")
        out(f"{stage.title}:")
        if stage.rows:
            out(table(stage.rows))
        if stage.note:
            out(f"  {stage.note}")
    out("")
    best, gain = tuner.best, tuner.gain
    if best is tuner.today or gain is None:
        out(
            "Nothing beat today's configuration by more than the spread: "
            "nothing to change."
        )
        return 0
    words = list(best.words)
    cpu = f", CPU {tuner.cpu_gain.text()}" if tuner.cpu_gain else ""
    figures = (
        f"wall {gain.text()}{cpu} over today's configuration, {args.rounds} rounds"
    )
    out(f"Chosen: {shlex.join(words)}: {figures}.")
    if not args.write:
        out("make tune WRITE=1 writes it into addopts.")
        return 0
    path = write_winners(cwd, words, date.today().isoformat(), figures)
    out(f"Written into {path.name} (addopts), with a comment saying what was measured.")
    return 0


def main(argv: Sequence[str] | None = None, out: Callable[[str], None] = print) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return tune(args, Path.cwd(), out)
    except (UsageError, ConfigEditError) as error:
        print(f"tune: {error}", file=sys.stderr)
        return EXIT_USAGE
    except SuiteFailed as failed:
        out(f"tune: the suite failed in {failed.where} (exit code {failed.exit_code});")
        out("nothing was measured or written. pytest said:\n")
        out(pytest_summary(failed.output))
        return EXIT_SUITE_FAILED
