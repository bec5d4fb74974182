"""The command line: ``python -m pytest_tuneup.doctor`` (``make doctor``)."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .costs import Measured, MeasureError, from_bench_json, measure_now
from .diagnose import diagnose
from .imports import THRESHOLD
from .prove import Refused, fix
from .report import as_json, terminal

PROG = "python -m pytest_tuneup.doctor"
BASELINE = Path(".tuneup-bench") / "baseline.json"
EXIT_FOUND, EXIT_USAGE = 1, 2
DESCRIPTION = """\
Find what makes the test suite slow: reads the conftests, test modules and the pytest
configuration (libcst), and prints each finding with file:line, what it is, what it
costs and the fix. Costs come from the benchmark's probe: --measure runs the suite once
now (and its collection under -X importtime, for heavy imports); otherwise the saved
baseline (.tuneup-bench/baseline.json, make bench-save) is read when there is one.
Nothing is changed.
"""


def parser() -> argparse.ArgumentParser:
    result = argparse.ArgumentParser(prog=PROG, description=DESCRIPTION)
    add = result.add_argument
    add("--tests", action="append", default=[], metavar="DIR", help="the tests folder")
    add("--measure", action="store_true", help="run the suite once to measure costs")
    add("--bench", type=Path, metavar="FILE", help="costs from this benchmark JSON")
    add(
        "--pytest",
        default="",
        help="how to run pytest (default: this python -m pytest)",
    )
    add("--import-threshold", type=float, default=THRESHOLD, metavar="SECONDS")
    add("--json", type=Path, metavar="FILE", help="also write the findings as JSON")
    add(
        "--check",
        action="store_true",
        help=f"exit {EXIT_FOUND} when there are findings",
    )
    add("--fix", action="store_true", help="rewrite, prove and report (doctor-fix)")
    add("--allow-dirty", action="store_true", help="--fix in a tree with changes")
    add("--runs", type=int, default=5, help="A/B rounds for --fix (default 5)")
    add("--pytest-args", nargs=argparse.REMAINDER, default=[], help="pytest's")
    return result


def pytest_of(args: argparse.Namespace, cwd: Path) -> list[str]:
    from ..bench.interpreter import resolve

    return resolve(shlex.split(args.pytest) or [sys.executable, "-m", "pytest"], cwd)


def run_fix(
    args: argparse.Namespace, root: Path, progress: Callable[[str], None]
) -> int:
    try:
        proof = fix(
            root,
            args.tests,
            pytest_of(args, root),
            args.pytest_args,
            max(args.runs, 2),
            args.allow_dirty,
            progress,
        )
    except Refused as refused:
        print(f"doctor-fix: {refused}")
        return EXIT_FOUND
    if not proof.changed:
        print("doctor-fix: nothing to rewrite mechanically.")
    else:
        print(proof.diff.rstrip())
        word = "faster" if proof.faster == "b" else "slower (within the spread)"
        same = "every test's outcome is the same"
        cpu = f", {proof.cpu}" if proof.cpu else ""
        if proof.fixed:
            same += f", but {len(proof.fixed)} that failed before pass now"
        print(
            f"\ndoctor-fix: rewrote {', '.join(proof.changed)}; {same}; the suite is"
            f" {proof.ratio:.2f} ± {proof.stdev:.2f} times {word} (interleaved A/B,"
            f" {proof.rounds} rounds){cpu}. Nothing is committed: git diff shows the"
            " change."
        )
        for node in proof.fixed:
            print(f"  now passes: {node}")
    left = diagnose(root, args.tests)
    if left:
        print("\nLeft as findings (not rewritten mechanically):\n")
        print(terminal(left, "not measured"))
    return 0


def measured_costs(
    args: argparse.Namespace, cwd: Path, progress: Callable[[str], None]
) -> Measured | None:
    if args.measure:
        return measure_now(pytest_of(args, cwd), args.pytest_args, cwd, progress)
    path = args.bench or (cwd / BASELINE if (cwd / BASELINE).is_file() else None)
    return from_bench_json(path) if path is not None else None


def main(argv: Sequence[str] | None = None, cwd: Path | None = None) -> int:
    args = parser().parse_args(argv)
    root = (cwd or Path.cwd()).resolve()

    def progress(text: str) -> None:
        print(f"doctor: {text}", file=sys.stderr, flush=True)

    if args.fix:
        try:
            return run_fix(args, root, progress)
        except KeyboardInterrupt:
            print("doctor-fix: interrupted; every file is as it was", file=sys.stderr)
            return 130
    try:
        measured = measured_costs(args, root, progress)
    except MeasureError as error:
        print(f"doctor: no measured costs: {error}", file=sys.stderr)
        return EXIT_USAGE
    findings = diagnose(root, args.tests, measured, args.import_threshold)
    costs = (
        measured.source
        if measured
        else "not measured (make doctor MEASURE=1 runs the suite once to measure)"
    )
    print(terminal(findings, costs))
    if args.json:
        args.json.write_text(json.dumps(as_json(findings), indent=2) + "\n")
    return EXIT_FOUND if args.check and findings else 0
