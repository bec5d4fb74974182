"""The spread of the shards' times, measured and as pytest-split planned them.

Used by benchmarks/shards.sh:
  shards_report.py run FILE N i CMD...  run CMD (one shard), append "N i wall cpu" to
                                   FILE: wall seconds, and CPU user + system of CMD's
                                   whole process tree (os.wait4: make waits for pytest,
                                   pytest for its workers), which a loaded machine
                                   stretches far less than wall time
  shards_report.py times FILE...   each shard's median over the rounds, wall and CPU
  shards_report.py plan DURATIONS  pytest-split's own algorithms on the durations file:
                                   each group's planned seconds for N = 2, 3, 4
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace


def spread(times: list[float]) -> str:
    mean = statistics.fmean(times)
    worst = max(abs(t - mean) for t in times) / mean * 100
    shown = " ".join(f"{t:6.2f}" for t in times)
    return f"mean {mean:6.2f} s  shards [{shown}]  max |t - mean| {worst:4.1f}%"


def run(args: list[str]) -> None:
    out, splits, group, *command = args
    start = time.perf_counter()
    with open(f"{out}.log.{splits}-{group}", "a") as log:
        child = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    with open(out, "a") as file:
        file.write(f"{splits} {group} {wall:.3f} {cpu:.3f} {status}\n")


def times(files: list[str]) -> None:
    rows: dict[tuple[str, int], dict[int, list[tuple[float, float]]]] = defaultdict(lambda: defaultdict(list))
    for file in files:
        for line in Path(file).read_text().splitlines():
            splits, group, wall, cpu, _status = line.split()
            rows[(Path(file).stem, int(splits))][int(group)].append((float(wall), float(cpu)))
    for (name, splits), groups in sorted(rows.items()):
        rounds = min(len(values) for values in groups.values())
        for index, what in enumerate(("wall", "CPU")):
            medians = [statistics.median(value[index] for value in groups[group]) for group in sorted(groups)]
            label = f"{name} N={splits} {what} ({rounds} rounds)"
            print(f"{label:34} {spread(medians)}")


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
    commands = {"run": run, "times": times, "plan": lambda files: plan(files[0])}
    commands[sys.argv[1]](sys.argv[2:])
