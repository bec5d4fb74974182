"""The reports: terminal, Markdown, SVG and JSON, rendered from typed results."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree

from pytest_tuneup.bench.importtime import ImportRow, Imports
from pytest_tuneup.bench.markdown import ab_markdown, run_markdown
from pytest_tuneup.bench.results import (
    ABResult,
    ABSide,
    Duplicate,
    Environment,
    FixtureCost,
    HistoryEntry,
    Machine,
    Ratio,
    RunResult,
    SlowPhase,
    SuiteRun,
    ab_json,
    run_json,
)
from pytest_tuneup.bench.stats import Summary, summaries
from pytest_tuneup.bench.svg import history_svg
from pytest_tuneup.bench.terminal import ab_terminal, terminal
from pytest_tuneup.bench.text import outcome_text, seconds, size

MIB = 1024 * 1024


def made_environment(commit: str = "0123456789abcdef", cpus: int = 2) -> Environment:
    machine = Machine("Linux-6", "x86_64", "Some CPU", cpus, 8 * 1024 * MIB)
    return Environment(commit, False, "3.11.7", "CPython", {"pytest": "9.0"}, machine)


def made_result(wall: list[float] | None = None, rss: float = 50 * MIB) -> RunResult:
    samples = {
        "wall": wall or [2.0, 2.2, 2.1],
        "rss_tree": [rss, rss, rss],
        "collection": [0.1, 0.1, 0.1],
    }
    suite = SuiteRun(
        command=["python", "-m", "pytest", "-p", "no:randomly"],
        load=0.2,
        samples=samples,
        processes=1,
        outcomes={"passed": 27, "warnings": 1},
        slowest=[SlowPhase("tests/test_a.py::test_x|y", "setup", 0.2)],
        fixtures=[FixtureCost("warehouse", "function", "tests.a", 10, 0.5, 0.01, 0.51)],
        modules=575,
        duplicates=[Duplicate("tests/helpers.py", ("helpers", "tests.helpers"))],
        imports=Imports(1.29, 0.0128, [ImportRow("notes.index", 0.0123, 0.01, None)]),
    )
    return RunResult(
        created="2026-11-30T12:00:00+00:00",
        runs=3,
        warmup=1,
        suite=suite,
        summary=summaries(samples),
        warnings=["2 runs are too few"],
        environment=made_environment(),
    )


def test_numbers_read_with_three_significant_digits() -> None:
    assert [seconds(v) for v in (12.34, 1.234, 0.1234, 0.01234, 0.001234)] == [
        "12.3 s",
        "1.23 s",
        "123 ms",
        "12.3 ms",
        "1.23 ms",
    ]
    assert size(1.5 * MIB) == "1.5 MiB"
    assert (
        outcome_text({"passed": 3, "warnings": 1, "failed": 0}) == "3 passed, 1 warning"
    )
    assert outcome_text({}) == "no tests"


def test_terminal_report_shows_figures_and_where_the_time_goes() -> None:
    text = terminal(made_result(), top=10)
    lines = text.splitlines()
    assert (
        lines[0] == "pytest-tuneup bench: 3 runs after 1 warm-up, 27 passed, 1 warning"
    )
    # 2.0, 2.1, 2.2: median 2.1, mean 2.1, sigma 0.1.
    wall = "wall time 2.10 s 2.10 ± 0.10 s 2.00 s 2.20 s"
    assert any(" ".join(line.split()) == wall for line in lines), text
    assert "warning: 2 runs are too few" in lines
    assert "  200 ms   setup   tests/test_a.py::test_x|y" in lines
    assert any(line.split()[:3] == ["510", "ms", "10x"] for line in lines), text
    assert "  12.3 ms   notes.index" in lines
    assert "modules loaded: 575; files imported twice: 1" in lines
    assert "  tests/helpers.py: as helpers, tests.helpers" in lines


def test_markdown_report_escapes_pipes_and_folds_the_details() -> None:
    text = run_markdown(made_result(), top=10)
    assert text.startswith("### pytest-tuneup bench\n")
    assert "· commit `0123456789ab` · Python 3.11.7" in text
    assert "| wall time | 2.10 s | 2.10 ± 0.10 s | 2.00 s | 2.20 s |" in text
    assert "| 200 ms | setup | `tests/test_a.py::test_x\\|y` |" in text
    assert "<summary>Fixtures that cost most in total</summary>" in text
    assert "**Files imported twice:** 1" in text
    assert "> **Warning:** 2 runs are too few" in text


def test_run_json_keeps_the_version_one_shape() -> None:
    data = json.loads(json.dumps(run_json(made_result())))
    assert (data["schema"], data["version"], data["kind"]) == (
        "pytest-tuneup-bench",
        1,
        "run",
    )
    assert data["summary"]["wall"]["median"] == 2.1
    assert data["slowest"] == [
        {"test": "tests/test_a.py::test_x|y", "phase": "setup", "seconds": 0.2}
    ]
    assert data["duplicates"] == [
        {"file": "tests/helpers.py", "names": ["helpers", "tests.helpers"]}
    ]
    assert data["imports"]["top"][0] == {
        "module": "notes.index",
        "cumulative": 0.0123,
        "self": 0.01,
        "imported_by": None,
    }
    assert data["environment"]["machine"]["cpus"] == 2
    assert "verdicts" not in data


def made_ab() -> ABResult:
    a = {"wall": [3.5, 3.64, 3.78], "rss_tree": [60.0 * MIB] * 3}
    b = {"wall": [1.96, 2.0, 2.04], "rss_tree": [50.0 * MIB] * 3}
    return ABResult(
        created="2026-11-30T12:00:00+00:00",
        mode="refs",
        runs=3,
        warmup=1,
        a=ABSide("main (abc1234)", ["python", "-m", "pytest"], a, summaries(a)),
        b=ABSide("working tree", ["python", "-m", "pytest"], b, summaries(b)),
        ratio=Ratio(1.82, 0.05, "b"),
        warnings=[],
        environment=made_environment(),
    )


def test_ab_reports_name_the_faster_side_and_its_ratio() -> None:
    result = made_ab()
    text = ab_terminal(result)
    ratio = "B is 1.82 ± 0.05 times faster than A (working tree vs main (abc1234))"
    assert ratio in text.splitlines()
    assert "A: main (abc1234)" in text and "60.0 MiB" in text
    markdown = ab_markdown(result)
    assert f"**{ratio}**" in markdown
    assert (
        "| B: `working tree` | 2.00 s | 2.00 ± 0.04 s | 1.96 s | 2.04 s | 50.0 MiB |"
        in (markdown)
    )
    data = ab_json(result)
    assert data["kind"] == "ab" and data["ratio"] == {
        "value": 1.82,
        "stdev": 0.05,
        "faster": "b",
    }


def entry(index: int) -> HistoryEntry:
    wall = Summary(3, 2.0 - index / 10, 2.0, 0.1, 1.9 - index / 10, 2.2 - index / 10, 0)
    rss = Summary(3, 80e6, 80e6, 1e6, 79e6, 81e6, 0)
    figures = {"wall": wall, "rss_tree": rss}
    return HistoryEntry("2026-11-30", None, f"abc{index}<&>", "3.11", 3, figures)


def test_history_chart_is_an_svg_with_a_point_per_saved_run() -> None:
    svg = ElementTree.fromstring(history_svg([entry(index) for index in range(12)]))
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.tag == f"{ns}svg"
    assert len(svg.findall(f"{ns}circle")) == 2 * 12  # one per run in each panel
    assert len(svg.findall(f"{ns}polyline")) == 2
    texts = [text.text or "" for text in svg.iter(f"{ns}text")]
    assert "abc11<&>" in texts  # escaped in the file, the newest run labelled
    empty = ElementTree.fromstring(history_svg([]))
    assert "make bench-save" in "".join(empty.itertext())
