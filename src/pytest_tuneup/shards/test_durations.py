"""The durations file: pytest-split's format, the merge, how much it covers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_tuneup.bench.suite import Collector, ProbeData
from pytest_tuneup.shards.durations import (
    DurationsError,
    coverage,
    dump,
    load,
    merge,
    write,
)


def test_merge_drops_deleted_tests_and_adds_new_ones() -> None:
    old = {"t.py::a": 1.0, "t.py::b": 2.0, "t.py::gone": 3.0, "t.py::later": 4.0}
    measured = {"t.py::a": 1.5, "t.py::b": 2.5, "t.py::new": 0.5}
    suite = {"t.py::a", "t.py::b", "t.py::new", "t.py::later"}

    merged = merge(old, measured, suite)

    # later: in the suite, not measured this time (a -k run): its old figure stays.
    assert merged.durations == {
        "t.py::a": 1.5,
        "t.py::b": 2.5,
        "t.py::new": 0.5,
        "t.py::later": 4.0,
    }
    assert (merged.added, merged.updated, merged.kept, merged.dropped) == (1, 2, 1, 1)


def test_ten_deleted_and_ten_added_leave_exactly_the_suite() -> None:
    first = {f"t.py::old_{n}": float(n) for n in range(20)}
    suite = [f"t.py::old_{n}" for n in range(10)] + [
        f"t.py::new_{n}" for n in range(10)
    ]
    measured = {test: 0.1 for test in suite}

    merged = merge(first, measured, set(suite)).durations

    assert sorted(merged) == sorted(suite)
    assert coverage(merged, suite).missing == []


def test_coverage_counts_the_selected_tests_without_a_duration() -> None:
    durations = {"t.py::a": 1.0, "t.py::b": 1.0, "t.py::elsewhere": 1.0}

    found = coverage(durations, ["t.py::a", "t.py::b", "t.py::c", "t.py::d", "t.py::c"])

    assert found.selected == 4
    assert found.missing == ["t.py::c", "t.py::d"]
    assert found.missing_percent == 50.0
    assert found.stale == 1
    assert coverage({}, []).missing_percent == 0.0


def test_the_file_is_what_pytest_split_writes_and_reads(tmp_path: Path) -> None:
    path = tmp_path / ".test_durations"
    write(path, {"t.py::b": 0.123456789, "t.py::a": 2.0})

    # pytest-split's --store-durations: json.dump(sort_keys=True, indent=4).
    assert (
        path.read_text()
        == json.dumps({"t.py::a": 2.0, "t.py::b": 0.1235}, sort_keys=True, indent=4)
        + "\n"
    )
    assert load(path) == {"t.py::a": 2.0, "t.py::b": 0.1235}
    assert dump({}) == "{}\n"


def test_the_old_list_format_loads_and_a_missing_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "durations"
    path.write_text('[["t.py::a", 1.5], ["t.py::b", 2]]')
    assert load(path) == {"t.py::a": 1.5, "t.py::b": 2.0}
    assert load(tmp_path / "absent") == {}


@pytest.mark.parametrize("text", ["{not json", '{"t.py::a": "slow"}', "[1, 2]", "3"])
def test_a_bad_file_is_one_line(tmp_path: Path, text: str) -> None:
    path = tmp_path / ".test_durations"
    path.write_text(text)
    with pytest.raises(DurationsError) as raised:
        load(path)
    assert str(raised.value).startswith(f"{path} is not a durations file")
    assert "\n" not in str(raised.value)


def test_each_test_is_its_setup_call_and_teardown_median_over_runs() -> None:
    collector = Collector()
    for call in (1.0, 3.0, 2.0):
        phases = [
            ("t.py::a", "setup", 0.5),
            ("t.py::a", "call", call),
            ("t.py::a", "teardown", 0.25),
            ("t.py::b", "setup", 0.0),
        ]
        collector.add(ProbeData(0.0, phases, {}, 0, [], {}))

    assert collector.per_test() == {"t.py::a": 2.75, "t.py::b": 0.0}
