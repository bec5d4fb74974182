"""The order our suite hands its tests to the xdist workers (tests/support/slowest_first.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import slowest_first

REPORT = """\
============================= slowest durations ==============================
109.23s call     tests/test_bench.py::test_bench_check
21.06s setup    tests/test_example.py::test_the_suite[a b]
2.50s call     tests/test_example.py::test_the_suite[a b]
0.40s teardown tests/test_example.py::test_the_suite[a b]
0.30s call     tests/test_merge.py::test_quick
(12 durations < 0.005s hidden.  Use -vv to show these durations.)
=========================== 3 passed in 140.00s ==============================
"""


@dataclass
class Item:
    nodeid: str
    group: str | None = None


def scope(item: Item) -> str:
    return item.group or item.nodeid


def test_a_report_gives_each_test_its_setup_call_and_teardown() -> None:
    assert slowest_first.parse_report(REPORT) == {
        "tests/test_bench.py::test_bench_check": 109.23,
        "tests/test_example.py::test_the_suite[a b]": 21.06 + 2.50 + 0.40,
        "tests/test_merge.py::test_quick": 0.30,
    }


def test_the_longest_work_unit_goes_first_and_the_rest_keep_their_order() -> None:
    items = [Item("a"), Item("b"), Item("g1", "g"), Item("c"), Item("g2", "g"), Item("d")]
    seconds = {"b": 5.0, "g1": 3.0, "g2": 3.0, "d": 1.0}
    order = [item.nodeid for item in slowest_first.ordered(items, seconds, scope)]
    # The group's 6 s beats b's 5 s; a and c, never measured, keep their places after.
    assert order == ["g1", "g2", "b", "d", "a", "c"]


def test_the_file_keeps_the_tests_of_a_second_or_more(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(REPORT)
    destination = tmp_path / "durations.json"
    assert slowest_first.write(report, destination) == 2
    assert json.loads(destination.read_text()) == {
        "tests/test_bench.py::test_bench_check": 109.2,
        "tests/test_example.py::test_the_suite[a b]": 24.0,
    }
