"""Hand our slowest tests to the xdist workers first.

With two workers, a run ends when the later one is done: a test of 100 s that starts
last runs alone at the end, the other worker idle. Handing out the longest work first
(``--dist loadgroup`` takes its work units in the order of the collection when
``--no-loadscope-reorder`` is given) keeps both busy to the end. The durations come
from a run of the suite, kept in ``tests/durations.json``; a test it does not list
counts as quick and keeps its place (pytest-randomly's shuffle), so a stale file only
makes the order less good, never a test skipped. The file is in pytest-split's format,
read and written by the package's own module for it (``pytest_tuneup.shards.durations``).

Refresh the file after adding slow tests::

    scripts/test -n 2 -p no:randomly --durations=0 -vv | tee /tmp/durations.txt
    PYTHONPATH=src .venv/bin/python tests/support/slowest_first.py /tmp/durations.txt
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

from pytest_tuneup.shards import durations as durations_file

DURATIONS = Path(__file__).parents[1] / "durations.json"

#: Tests below this (setup + call + teardown, seconds) are left out of the file: their
#: order hardly matters, and the file stays short enough to read in a diff.
RECORDED_FROM = 1.0

#: One line of pytest's ``--durations`` report: "12.34s call     tests/x.py::test_y[a b]".
_REPORT_LINE = re.compile(r"^(\d+(?:\.\d+)?)s (setup|call|teardown) +(\S.*)$")


class _Item(Protocol):
    nodeid: str


ItemT = TypeVar("ItemT", bound=_Item)


def parse_report(text: str) -> dict[str, float]:
    """Each test's setup + call + teardown seconds, from pytest's ``--durations`` lines."""
    seconds: defaultdict[str, float] = defaultdict(float)
    for line in text.splitlines():
        found = _REPORT_LINE.match(line.strip())
        if found:
            seconds[found[3]] += float(found[1])
    return dict(seconds)


def load(path: Path = DURATIONS) -> dict[str, float]:
    return durations_file.load(path)


def ordered(items: Sequence[ItemT], seconds: dict[str, float], scope: Callable[[ItemT], str]) -> list[ItemT]:
    """``items``, the work units with the most recorded seconds first.

    A work unit is what ``scope`` names (an xdist group goes to one worker whole): its
    tests' seconds add up. The sort is stable, so tests without a record, and the tests
    of one unit, keep the order they came in.
    """
    per_scope: defaultdict[str, float] = defaultdict(float)
    for item in items:
        per_scope[scope(item)] += seconds.get(item.nodeid, 0.0)
    return sorted(items, key=lambda item: -per_scope[scope(item)])


def write(report: Path, destination: Path = DURATIONS) -> int:
    """The tests of ``report`` that took at least RECORDED_FROM seconds, into ``destination``."""
    measured = sorted(parse_report(report.read_text()).items())
    kept = {test: round(took, 1) for test, took in measured if took >= RECORDED_FROM}
    durations_file.write(destination, kept)
    return len(kept)


if __name__ == "__main__":
    count = write(Path(sys.argv[1]))
    print(f"{DURATIONS}: {count} tests of {RECORDED_FROM} s or more")
