"""Saving a baseline, loading it back, and checking a run against it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from pytest_tuneup.bench.baseline import check, load_baseline, read_history, save
from pytest_tuneup.bench.errors import UsageError
from pytest_tuneup.bench.markdown import run_markdown
from pytest_tuneup.bench.results import run_json
from pytest_tuneup.bench.terminal import verdict_lines
from pytest_tuneup.bench.test_reports import MIB, made_environment, made_result


def test_saved_baseline_loads_back_with_its_figures(tmp_path: Path) -> None:
    result = made_result()
    save(result, tmp_path / "bench")
    data = json.loads((tmp_path / "bench" / "baseline.json").read_text())
    assert data["kind"] == "baseline"
    loaded = load_baseline(tmp_path / "bench" / "baseline.json")
    assert loaded.summary == result.summary
    assert loaded.environment == result.environment
    assert loaded.created == result.created
    save(made_result(), tmp_path / "bench")
    history = read_history(tmp_path / "bench")
    assert [item.label for item in history] == ["0123456", "0123456"]
    svg = ElementTree.fromstring((tmp_path / "bench" / "history.svg").read_text())
    assert len(svg.findall("{http://www.w3.org/2000/svg}circle")) == 4


def test_missing_or_foreign_baseline_is_one_usage_line(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"no baseline at .*make bench-save"):
        load_baseline(tmp_path / "baseline.json")
    (tmp_path / "baseline.json").write_text('{"schema": "other", "version": 1}')
    with pytest.raises(UsageError, match="is not a version 1 baseline"):
        load_baseline(tmp_path / "baseline.json")
    (tmp_path / "baseline.json").write_text("not json")
    with pytest.raises(UsageError, match="is not a version 1 baseline"):
        load_baseline(tmp_path / "baseline.json")


def baseline_of(tmp_path: Path, wall: list[float], rss: float = 50 * MIB) -> Path:
    save(made_result(wall, rss), tmp_path)
    return tmp_path / "baseline.json"


def test_check_fails_on_slower_and_passes_on_unchanged(tmp_path: Path) -> None:
    baseline = load_baseline(baseline_of(tmp_path, [2.0, 2.1, 2.2]))
    same = check(made_result([2.05, 2.1, 2.15]), baseline, 10)
    assert same.check is not None and same.check.passed
    assert [v.status for v in same.check.verdicts] == ["same", "same"]
    # Median 2.1 -> 2.6: +23.8 %, beyond 10 % and the spread sqrt(0.1^2 + 0.1^2).
    slower = check(made_result([2.5, 2.6, 2.7]), baseline, 10)
    assert slower.check is not None and not slower.check.passed
    wall = slower.check.verdicts[0]
    assert (wall.figure, wall.status) == ("wall", "worse")
    assert wall.percent == pytest.approx(100 * 0.5 / 2.1)
    line = verdict_lines(slower)[0]
    assert line.startswith("WORSE  wall time: 2.10 s -> 2.60 s (+23.8%, +500 ms;")
    assert "fails above +10% and beyond the spread of 141 ms" in line
    data = run_json(slower)
    assert (data["kind"], data["result"]) == ("check", "fail")
    assert data["baseline"] == {
        "created": "2026-11-30T12:00:00+00:00",
        "commit": "0123456789abcdef",
    }
    assert "**Failed**: compared with the baseline of 2026-11-30" in run_markdown(
        slower, 10
    )


def test_check_gates_on_memory_too(tmp_path: Path) -> None:
    baseline = load_baseline(baseline_of(tmp_path, [2.0, 2.1, 2.2]))
    bigger = check(made_result([2.0, 2.1, 2.2], rss=200 * MIB), baseline, 10)
    assert bigger.check is not None
    memory = bigger.check.verdicts[1]
    assert (memory.figure, memory.status) == ("rss_tree", "worse")
    assert memory.change == 150 * MIB


def test_check_warns_about_a_baseline_from_another_machine(tmp_path: Path) -> None:
    baseline = load_baseline(baseline_of(tmp_path, [2.0, 2.1, 2.2]))
    result = made_result()
    result.environment = made_environment(cpus=16)
    checked = check(result, baseline, 10)
    assert any("another machine (cpus: 2 then, 16 now)" in w for w in checked.warnings)


# Written by 0.1's single-file tuneup_bench.py (`save --runs 2`), lists shortened.
BASELINE_0_1 = """{
 "schema": "pytest-tuneup-bench", "version": 1, "kind": "baseline",
 "created": "2026-11-30T14:15:29+00:00", "runs": 2, "warmup": 1,
 "command": ["python", "-m", "pytest", "-p", "tuneup_bench_probe"], "load": 3.65,
 "samples": {"wall": [0.5620433209996918, 0.4904848429996491],
             "rss_tree": [52367360.0, 52367360.0]},
 "processes": 1, "outcomes": {"passed": 17}, "slowest": [], "fixtures": [],
 "modules": 568, "duplicates": [],
 "summary": {
  "wall": {"count": 2, "median": 0.5262640819996705, "mean": 0.5262640819996705,
           "stdev": 0.050599485045218544, "min": 0.4904848429996491,
           "max": 0.5620433209996918, "outliers": 0},
  "rss_tree": {"count": 2, "median": 52367360.0, "mean": 52367360.0, "stdev": 0.0,
               "min": 52367360.0, "max": 52367360.0, "outliers": 0}},
 "warnings": [],
 "environment": {"commit": "891cc6b310db38d08bd3ea9ad3c6392004294739", "dirty": false,
  "python": "3.11.7", "implementation": "CPython", "packages": {"pytest": "9.2.0"},
  "machine": {"os": "Linux-6.18", "arch": "x86_64", "cpu": "AMD EPYC", "cpus": 2,
              "memory": 26843545600}}
}
"""
HISTORY_0_1 = (
    '{"created": "2026-11-30T14:15:29+00:00", "commit": "891cc6b310db", '
    '"label": "891cc6b", "python": "3.11.7", "runs": 2, '
    '"wall": {"count": 2, "median": 0.526, "mean": 0.526, "stdev": 0.05, '
    '"min": 0.49, "max": 0.562, "outliers": 0}, '
    '"rss_tree": {"count": 2, "median": 52367360.0, "mean": 52367360.0, '
    '"stdev": 0.0, "min": 52367360.0, "max": 52367360.0, "outliers": 0}}\n'
)


def test_a_baseline_saved_by_0_1_loads_and_checks(tmp_path: Path) -> None:
    (tmp_path / "baseline.json").write_text(BASELINE_0_1)
    (tmp_path / "history.jsonl").write_text(HISTORY_0_1)
    baseline = load_baseline(tmp_path / "baseline.json")
    assert baseline.summary["wall"].median == 0.5262640819996705
    assert baseline.environment.commit == "891cc6b310db38d08bd3ea9ad3c6392004294739"
    # 2.1 s against 0.53 s: four times slower.
    checked = check(made_result(), baseline, 10)
    assert checked.check is not None and not checked.check.passed
    assert [item.label for item in read_history(tmp_path)] == ["891cc6b"]
    save(made_result(), tmp_path)  # the history goes on, the chart shows both
    svg = ElementTree.fromstring((tmp_path / "history.svg").read_text())
    assert len(svg.findall("{http://www.w3.org/2000/svg}circle")) == 4
