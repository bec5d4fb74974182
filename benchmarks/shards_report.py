"""The spread of the shards' times, measured and as pytest-split planned them.

Used by benchmarks/shards.sh:
  shards_report.py times FILE...   each FILE: lines "N i seconds" (measured shards)
  shards_report.py plan DURATIONS  pytest-split's own algorithms on the durations file:
                                   each group's planned seconds for N = 2, 3, 4
"""

from __future__ import annotations

import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace


def spread(times: list[float]) -> str:
    mean = statistics.fmean(times)
    worst = max(abs(t - mean) for t in times) / mean * 100
    shown = " ".join(f"{t:6.2f}" for t in times)
    return f"mean {mean:6.2f} s  shards [{shown}]  max |t - mean| {worst:4.1f}%"


def times(files: list[str]) -> None:
    rows: dict[tuple[str, int], list[float]] = defaultdict(list)
    for file in files:
        for line in Path(file).read_text().splitlines():
            splits, _group, seconds = line.split()
            rows[(Path(file).stem, int(splits))].append(float(seconds))
    for (name, splits), values in sorted(rows.items()):
        print(f"{name:28} N={splits}  {spread(values)}")


def plan(path: str) -> None:
    from pytest_split import algorithms

    durations = json.loads(Path(path).read_text())
    items = [SimpleNamespace(nodeid=test) for test in sorted(durations)]
    for algorithm in ("least_duration", "duration_based_chunks"):
        split = algorithms.Algorithms[algorithm].value
        for splits in (2, 3, 4):
            groups = split(splits, items, durations)
            planned = [group.duration for group in groups]
            print(f"{algorithm:22} N={splits}  {spread(planned)}")


if __name__ == "__main__":
    {"times": times, "plan": lambda files: plan(files[0])}[sys.argv[1]](sys.argv[2:])
