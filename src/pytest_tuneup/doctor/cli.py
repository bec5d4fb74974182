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
    add("--pytest-args", nargs=argparse.REMAINDER, default=[], help="for --measure")
    return result


def measured_costs(
    args: argparse.Namespace, cwd: Path, progress: Callable[[str], None]
) -> Measured | None:
    if args.measure:
        pytest = shlex.split(args.pytest) or [sys.executable, "-m", "pytest"]
        return measure_now(pytest, args.pytest_args, cwd, progress)
    path = args.bench or (cwd / BASELINE if (cwd / BASELINE).is_file() else None)
    return from_bench_json(path) if path is not None else None


def main(argv: Sequence[str] | None = None, cwd: Path | None = None) -> int:
    args = parser().parse_args(argv)
    root = (cwd or Path.cwd()).resolve()

    def progress(text: str) -> None:
        print(f"doctor: {text}", file=sys.stderr, flush=True)

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
