#!/usr/bin/env python3
"""Two checkouts of one suite, interleaved in both orders: CPU and wall time per side.

    python benchmarks/cpu_ab.py DIR_A DIR_B [--rounds N] [--pytest "python -m pytest"]

``python -m pytest_tuneup.bench ab`` compares wall time, which a loaded machine
stretches; CPU time (user + system of pytest and every process it waited for) hardly
changes when other programs compete for the cores. This runs the suite in each folder
with the benchmark's own command line and measurement (``pytest_tuneup.bench``: no
random order, no cache, no coverage), one warm-up per side, then N rounds that
alternate the order (A B, B A, A B, ...) so drift hits both sides alike. It prints the
median of each side and the ratio A/B of each round's pair: median, and min-max as the
spread. A failing run stops it with pytest's summary.

``--plain`` runs ``--pytest`` exactly as given instead (no options added: the team's own
plain ``pytest``, whatever the project's configuration adds to it); ``--summary FILE``
appends one Markdown table row (``--label``, the side medians, the paired ratios B/A).
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import sys
import tempfile
from pathlib import Path

# The benchmark package from this checkout's src, whatever is installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from pytest_tuneup.bench.measure import Measurement, measure
from pytest_tuneup.bench.suite import child_env, pytest_command, pytest_summary


def run(folder: Path, command: list[str], log: Path) -> Measurement:
    result = measure(command, folder, child_env(None), log, sample=False)
    if result.exit_code != 0:
        output = log.read_text(errors="replace")
        sys.exit(f"cpu_ab: the suite failed in {folder}:\n{pytest_summary(output)}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--pytest", default=f"{sys.executable} -m pytest")
    parser.add_argument("--plain", action="store_true", help="run --pytest as given")
    parser.add_argument("--summary", type=Path, help="append a Markdown row here")
    parser.add_argument("--label", default="", help="the row's first cell")
    args = parser.parse_args()
    given = shlex.split(args.pytest)
    command = given if args.plain else pytest_command(given, ["-p", "no:randomly"], probe=False)
    sides = {"A": args.a.resolve(), "B": args.b.resolve()}
    cpu: dict[str, list[float]] = {"A": [], "B": []}
    wall: dict[str, list[float]] = {"A": [], "B": []}
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "run.log"
        for name in "AB":  # warm-up: bytecode and file caches
            run(sides[name], command, log)
        for round_ in range(args.rounds):
            for name in "AB" if round_ % 2 == 0 else "BA":
                done = run(sides[name], command, log)
                cpu[name].append(done.user + done.sys)
                wall[name].append(done.wall)
                print(
                    f"round {round_ + 1}/{args.rounds} {name}: "
                    f"cpu {done.user + done.sys:.2f} s, wall {done.wall:.2f} s",
                    flush=True,
                )
    print(f"load average (1, 5, 15 min) at the end: {os.getloadavg()}")
    for name in "AB":
        print(
            f"{name} {sides[name]}: cpu median {statistics.median(cpu[name]):.2f} s "
            f"(min {min(cpu[name]):.2f}, max {max(cpu[name]):.2f}), "
            f"wall median {statistics.median(wall[name]):.2f} s"
        )
    for what, samples in (("cpu", cpu), ("wall", wall)):
        ratios = [a / b for a, b in zip(samples["A"], samples["B"], strict=True)]
        print(
            f"{what} A/B: median {statistics.median(ratios):.2f} "
            f"(min {min(ratios):.2f}, max {max(ratios):.2f}, {len(ratios)} rounds)"
        )
    if args.summary:
        with args.summary.open("a") as summary:
            summary.write(summary_row(args.label, cpu, wall) + "\n")


def summary_row(label: str, cpu: dict[str, list[float]], wall: dict[str, list[float]]) -> str:
    """label | CPU A, B (medians) | CPU B/A | wall A, B | wall B/A | rounds | load.

    The ratios are B/A here (after over before: above 1 is slower), each the median
    of the rounds' pairs with min-max as the spread.
    """
    cells = [label]
    for samples in (cpu, wall):
        ratios = [b / a for a, b in zip(samples["A"], samples["B"], strict=True)]
        cells.append(f"{statistics.median(samples['A']):.2f} s / {statistics.median(samples['B']):.2f} s")
        cells.append(f"**{statistics.median(ratios):.2f}** ({min(ratios):.2f}-{max(ratios):.2f})")
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    cells += [str(len(cpu["A"])), load]
    return "| " + " | ".join(cells) + " |"


if __name__ == "__main__":
    main()
