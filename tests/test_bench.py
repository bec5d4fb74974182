"""The generated benchmark: its statistics, its memory measurement, and make bench and friends.

The unit tests import the modules copier rendered into a fixture project, by path. The
slow tests run `make bench`, `make bench-save`, `make bench-check` and `make bench-ab` in
subprocesses on a suite whose time is mostly a fixture's sleep, so that a real change
(a longer sleep, a test that holds 150 MiB) stands out of a shared machine's noise.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import copier
import pytest
from tuneup_testing import (
    commit_all,
    copy_template,
    git,
    import_rendered,
    make_project,
    run_make,
    tool_env,
)

MIB = 1024 * 1024

# Ten tests whose fixture sleeps PAUSE seconds: the suite's time is mostly sleeping, so
# a loaded machine moves it little and a longer PAUSE moves it a lot.
WAREHOUSE = """\
import time

import pytest

PAUSE = {pause}


@pytest.fixture
def warehouse():
    time.sleep(PAUSE)
    yield {{"shelves": 3}}


@pytest.mark.parametrize("shelf", range(10))
def test_shelf_exists(warehouse, shelf):
    assert shelf < 10 * warehouse["shelves"]
"""
BALLAST = """\
BALLAST = b"x" * (150 * 1024 * 1024)  # a module-level cache that grew by 150 MiB


def test_ballast_is_loaded():
    assert len(BALLAST) == 150 * 1024 * 1024
"""


@pytest.fixture(scope="module")
def rendered(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tuneup folder of a project the template was copied into with default answers."""
    project = make_project("bare", tmp_path_factory.mktemp("rendered") / "bare")
    copy_template(template, project)
    return project / "tests" / "tuneup"


@pytest.fixture(scope="module")
def bench(rendered: Path) -> Any:
    """The rendered tuneup_bench.py, imported."""
    return import_rendered(rendered, "tuneup_bench")


def bench_project(template: Path, destination: Path, pause: float = 0.2) -> Path:
    """The bare project plus the sleeping warehouse tests, committed, with pytest-tuneup."""
    project = make_project("bare", destination)
    (project / "tests" / "test_warehouse.py").write_text(WAREHOUSE.format(pause=pause))
    commit_all(project, "warehouse tests")
    # No coverage: its start-up is CPU time that a busy machine stretches.
    copy_template(template, project, {"coverage": False})
    commit_all(project, "pytest-tuneup")
    return project


def make(project: Path, *words: str) -> subprocess.CompletedProcess[str]:
    return run_make(project, *words)


# ---- statistics, against values worked out by hand -------------------------------------


def test_summary_of_five_runs_matches_hand_computed_values(bench: Any) -> None:
    # 1, 2, 3, 4, 10: median 3; mean 20 / 5 = 4; squared deviations 9 + 4 + 1 + 0 + 36 = 50,
    # sample variance 50 / 4 = 12.5, so sigma = 3.5355...; |x - 3| = 2, 1, 0, 1, 7, MAD = 1.
    summary = bench.summarize([3.0, 1.0, 10.0, 2.0, 4.0])
    assert summary.median == 3.0
    assert summary.mean == 4.0
    assert summary.stdev == pytest.approx(3.5355339, abs=1e-7)
    assert (summary.min, summary.max, summary.count) == (1.0, 10.0, 5)
    assert bench.mad([3.0, 1.0, 10.0, 2.0, 4.0]) == 1.0
    # 10 is 7 MADs from the median: far, but within hyperfine's 14.826.
    assert summary.outliers == 0
    assert bench.median([4.0, 1.0, 3.0, 2.0]) == 2.5
    assert bench.stdev([2.5]) == 0.0


def test_outliers_follow_hyperfines_mad_rule(bench: Any) -> None:
    # hyperfine's own cases: median 0.30, |x - 0.30| = 0.2, 0, 0.01, 0.01, 0, MAD 0.01,
    # so 0.5 scores 20 > 14.826.
    assert bench.outliers([0.5, 0.30, 0.29, 0.31, 0.30]) == [0]
    assert bench.outliers([-0.2, 0.0, 0.2]) == []
    assert bench.outliers([10.0] * 7 + [100.0]) == [7]  # MAD 0: anything off the median
    assert bench.outliers([1000.0, 0.0]) == []  # too few to tell
    # 9, 10, 10, 11, x: median 10 and MAD 1 while x > 11, so x scores x - 10.
    assert bench.outliers([9.0, 10.0, 10.0, 11.0, 24.8]) == []
    assert bench.outliers([9.0, 10.0, 10.0, 11.0, 24.9]) == [4]
    assert bench.summarize([9.0, 10.0, 10.0, 11.0, 24.9]).outliers == 1


def summary(bench: Any, median: float, stdev: float) -> Any:
    return bench.Summary(5, median, median, stdev, median - stdev, median + stdev, 0)


def test_a_change_counts_only_beyond_both_threshold_and_spread(bench: Any) -> None:
    base = summary(bench, 2.0, 0.1)
    # +0.5 s is 25 % and more than the spread sqrt(0.1^2 + 0.1^2) = 0.1414.
    worse = bench.compare("wall", base, summary(bench, 2.5, 0.1), 10)
    assert worse.status == "worse"
    assert worse.percent == pytest.approx(25.0)
    assert worse.spread == pytest.approx(math.sqrt(0.02))
    # +0.15 s is beyond the spread but only 7.5 %.
    assert bench.compare("wall", base, summary(bench, 2.15, 0.05), 10).status == "same"
    # +0.5 s is 25 %, but the new runs scatter by 0.6 s: sqrt(0.01 + 0.36) = 0.608 > 0.5.
    assert bench.compare("wall", base, summary(bench, 2.5, 0.6), 10).status == "same"
    assert bench.compare("wall", base, summary(bench, 1.5, 0.1), 10).status == "better"
    # A higher threshold lets the 25 % through.
    assert bench.compare("wall", base, summary(bench, 2.5, 0.1), 30).status == "same"


def test_ratio_and_its_uncertainty_as_hyperfine_computes_them(bench: Any) -> None:
    slow = bench.Summary(5, 3.64, 3.64, 0.08, 3.5, 3.8, 0)
    fast = bench.Summary(5, 2.0, 2.0, 0.04, 1.9, 2.1, 0)
    value, sigma = bench.ratio(slow, fast)
    # 3.64 / 2.0 = 1.82; relative sigma sqrt((0.08/3.64)^2 + (0.04/2)^2) = 0.029716.
    assert value == pytest.approx(1.82)
    assert sigma == pytest.approx(1.82 * 0.029716, abs=1e-5)


# ---- measuring a process ----------------------------------------------------------------

MEASURE = """\
import json, os, sys
from pathlib import Path
from tuneup_bench import measure

results = {}
for name, argv in json.loads(sys.argv[1]).items():
    m = measure(argv, Path.cwd(), os.environ, Path(name + ".log"))
    results[name] = {"wall": m.wall, "rss_peak": m.rss_peak, "rss_tree": m.rss_tree,
                     "processes": m.processes, "exit_code": m.exit_code}
print(json.dumps(results))
"""
HOLD = "import time; data = b'x' * ({mib} * 1024 * 1024); time.sleep({seconds})"
TREE = """\
import subprocess, sys
child = "import time; data = b'x' * (100 * 1024 * 1024); time.sleep(1.5)"
workers = [subprocess.Popen([sys.executable, "-c", child]) for _ in range(2)]
sys.exit(max(worker.wait() for worker in workers))
"""


def test_peak_memory_of_children_that_allocate_known_amounts(rendered: Path, tmp_path: Path) -> None:
    """A child holding 200 MiB reports 200 MiB more than an idle one; two workers of 100 MiB add up."""
    (tmp_path / "tree.py").write_text(TREE)
    commands = {
        "idle": [sys.executable, "-c", HOLD.format(mib=0, seconds=0.3)],
        "big": [sys.executable, "-c", HOLD.format(mib=200, seconds=0.3)],
        "tree": [sys.executable, str(tmp_path / "tree.py")],
        "fails": [sys.executable, "-c", "raise SystemExit(7)"],
    }
    # A small process measures, as make bench does; the test process is big.
    driver = subprocess.run(
        [sys.executable, "-c", MEASURE, json.dumps(commands)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(rendered)},
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(driver.stdout)
    grown = (result["big"]["rss_peak"] - result["idle"]["rss_peak"]) / MIB
    assert 190 <= grown <= 215, result
    assert result["big"]["rss_tree"] >= result["big"]["rss_peak"]
    assert result["big"]["wall"] >= 0.3
    # xdist's shape: two workers of 100 MiB under one parent. The largest process is one
    # worker; the tree, sampled, is both of them plus the parent.
    tree = result["tree"]
    assert tree["processes"] == 3
    assert 95 * MIB <= tree["rss_peak"] <= 130 * MIB, tree
    assert 200 * MIB <= tree["rss_tree"] <= 260 * MIB, tree
    assert result["fails"]["exit_code"] == 7


# ---- reading -X importtime ---------------------------------------------------------------

IMPORTTIME = """\
import time: self [us] | cumulative | imported package
import time:       100 |        100 | pluggy
import time:       400 |       1500 |   _pytest.python
import time:      2000 |       2000 | _pytest
tuneup-bench: collection starts
import time:       300 |        300 |     numpy.core
import time:      5000 |       5300 |   numpy
import time:       700 |        700 |     pandas.io
import time:      9000 |      15000 |   pandas
import time:       200 |      20500 | shop.reports
import time:        50 |         50 | json
import time:      3000 |       3000 | requests
tuneup-bench: collection ends
"""


def test_importtime_lists_the_heaviest_imports_collection_caused(bench: Any) -> None:
    imports = bench.parse_importtime(IMPORTTIME, 10)
    # Before collection: level-0 lines pluggy (0.1 ms) and _pytest (2 ms).
    assert imports["startup"] == pytest.approx(0.0021)
    # During: shop.reports (20.5 ms), json (0.05 ms), requests (3 ms).
    assert imports["collection"] == pytest.approx(0.02355)
    top = [(row["module"], row["cumulative"], row["imported_by"]) for row in imports["top"]]
    # Sub-packages counted in their package's line, json (standard library) and pytest's
    # own imports are left out; a module is printed after what it imported.
    assert top == [
        ("shop.reports", pytest.approx(0.0205), None),
        ("pandas", pytest.approx(0.015), "shop.reports"),
        ("numpy", pytest.approx(0.0053), "shop.reports"),
        ("requests", pytest.approx(0.003), None),
    ]
    assert len(bench.parse_importtime(IMPORTTIME, 2)["top"]) == 2


# ---- the history chart -------------------------------------------------------------------


def test_history_chart_is_an_svg_with_a_point_per_saved_run(bench: Any) -> None:
    history = [
        {
            "label": f"abc{index}<&>",
            "wall": {"median": 2.0 - index / 10, "min": 1.9 - index / 10, "max": 2.2 - index / 10},
            "rss_tree": {"median": 80e6, "min": 79e6, "max": 81e6},
        }
        for index in range(12)
    ]
    svg = ElementTree.fromstring(bench.history_svg(history))
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.tag == f"{ns}svg"
    assert len(svg.findall(f"{ns}circle")) == 2 * 12  # one per run in each of the two panels
    assert len(svg.findall(f"{ns}polyline")) == 2
    texts = [text.text or "" for text in svg.iter(f"{ns}text")]
    assert "abc11<&>" in texts  # escaped in the file, the newest run labelled
    empty = ElementTree.fromstring(bench.history_svg([]))
    assert "make bench-save" in "".join(empty.itertext())


# ---- the answer and the targets ----------------------------------------------------------


@pytest.mark.parametrize("value", [0, 1001])
def test_bench_threshold_out_of_range_is_refused_with_its_message(
    template: Path, tmp_path: Path, value: int, capfd: pytest.CaptureFixture[str]
) -> None:
    """Given as --data, the hook refuses it (copier's own validator covers prompts only)."""
    project = make_project("bare", tmp_path / "bare")
    with pytest.raises(Exception, match="returned non-zero exit status 1"):
        copier.run_copy(
            str(template),
            str(project),
            data={"bench_threshold": value},
            defaults=True,
            unsafe=True,
            vcs_ref="v1.0.0",
        )
    message = f"bench_threshold: {value} is not allowed; use a whole number of percent from 1 to 1000"
    assert message in capfd.readouterr().err


def test_bench_targets_are_listed_and_take_the_threshold_answer(template: Path, tmp_path: Path) -> None:
    project = make_project("bare", tmp_path / "bare")
    copy_template(template, project, {"bench_threshold": 25})
    mk = (project / "tuneup.mk").read_text()
    assert "BENCH_THRESHOLD ?= 25" in mk
    assert re.search(r"^TUNEUP_REQUIREMENTS := .*psutil>=5\.9", mk, re.MULTILINE)
    help_text = make(project, "help").stdout
    for name in ("bench", "bench-save", "bench-check", "bench-ab"):
        assert f"make {name} " in help_text
    assert "by 25%" in help_text
    dry = subprocess.run(
        ["make", "-n", "bench-check", "RUNS=3"],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "tests/tuneup/tuneup_bench.py check --runs 3 --threshold 25 --pytest 'python -m pytest'" in dry
    usage = make(project, "tuneup-bench-help")
    assert usage.returncode == 0
    for words in (
        "warm-up",
        "hyperfine",
        "exit codes",
        "bench-check",
        "history.svg",
        "--threshold",
    ):
        assert words in usage.stdout


# ---- make bench and friends, for real ----------------------------------------------------


@pytest.mark.slow
def test_bench_json_and_markdown_report_figures_phases_fixtures_imports(template: Path, tmp_path: Path) -> None:
    project = bench_project(template, tmp_path / "bare", pause=0.1)
    # A helper imported under two names, the way --import-mode=prepend used to do it.
    (project / "tests" / "helpers.py").write_text("SHELVES = 3\n")
    (project / "tests" / "test_twice.py").write_text(
        "import os\nimport sys\n\nsys.path.insert(0, os.path.dirname(__file__))\n"
        "import helpers  # noqa: E402\nimport tests.helpers  # noqa: E402\n\n\n"
        "def test_two_copies():\n    assert helpers is not tests.helpers\n"
    )
    # A heavy import reached from conftest.py, which pytest loads before collection starts:
    # it is the project's cost, and must be listed as such, not as pytest's start-up.
    (project / "notes" / "catalogue.py").write_text("import time\n\ntime.sleep(0.05)\n")
    (project / "tests" / "conftest.py").write_text("from notes import catalogue  # noqa: F401\n")
    result = make(project, "bench", "RUNS=2", "BENCH_ARGS=--json out.json --markdown out.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "wall time" in result.stdout and "peak RSS, process tree" in result.stdout
    assert "bench: run 2/2" in result.stderr  # progress, one line per run

    data = json.loads((project / "out.json").read_text())
    assert (data["schema"], data["version"], data["kind"]) == ("pytest-tuneup-bench", 1, "run")
    assert (data["runs"], data["warmup"]) == (2, 1)
    assert data["outcomes"]["passed"] == 17 + 10 + 1
    assert set(data["samples"]) == {"wall", "user", "sys", "rss_peak", "rss_tree", "collection"}
    for name, values in data["samples"].items():
        assert len(values) == 2 and all(isinstance(value, float) for value in values), name
        summary = data["summary"][name]
        assert set(summary) == {"count", "median", "mean", "stdev", "min", "max", "outliers"}
        assert summary["min"] <= summary["median"] <= summary["max"]
    assert data["summary"]["wall"]["min"] >= 1.0  # ten sleeps of 0.1 s
    assert {"-p", "no:randomly", "no:cacheprovider", "tuneup_bench_probe"} <= set(data["command"])

    slowest = data["slowest"][0]
    assert slowest["phase"] == "setup" and "test_warehouse.py::test_shelf_exists" in slowest["test"]
    assert slowest["seconds"] >= 0.09
    warehouse = next(item for item in data["fixtures"] if item["fixture"] == "warehouse")
    assert (warehouse["scope"], warehouse["count"]) == ("function", 10)
    assert warehouse["total"] >= 0.9
    assert data["fixtures"][0]["fixture"] == "warehouse"  # the costliest

    imports = data["imports"]
    assert imports["startup"] > 0 and imports["collection"] > 0
    assert any(row["module"] == "notes.index" or row["module"] == "notes" for row in imports["top"])
    catalogue = next(row for row in imports["top"] if row["module"] == "notes.catalogue")
    assert catalogue["cumulative"] >= 0.05
    assert data["duplicates"] == [{"file": "tests/helpers.py", "names": ["helpers", "tests.helpers"]}]
    assert data["modules"] > 100

    environment = data["environment"]
    assert environment["commit"] == git(project, "rev-parse", "HEAD").strip()
    assert environment["dirty"] is False  # the new tests are untracked, not modified
    assert environment["python"] == ".".join(map(str, sys.version_info[:3]))
    assert environment["packages"]["pytest"]
    assert {"os", "arch", "cpu", "cpus", "memory"} <= set(environment["machine"])

    markdown = (project / "out.md").read_text()
    assert markdown.startswith("### pytest-tuneup bench\n")
    assert "| | median | mean ± σ | min | max |" in markdown
    assert re.search(r"^\| wall time \| [\d.]+ s \| [\d.]+ ± [\d.]+ s \|", markdown, re.MULTILINE)
    assert "<summary>Slowest setups, calls and teardowns</summary>" in markdown
    assert re.search(
        r"^\| [\d.]+ ms \| setup \| `tests/test_warehouse\.py::test_shelf_exists\[\d\]` \|$",
        markdown,
        re.M,
    )
    assert "**Files imported twice:** 1" in markdown


# The machine these tests run on is shared: other suites' load stretches the CPU-bound
# part of a run by half from one minute to the next (a run of 2 s of sleep took 4.4 s in
# bench-save and 5.1 s in the bench-check after it). So the checks here allow 50 %, and
# the slowed suite is four times slower; the 10 % default is for a quiet machine.
CHECK = ("bench-check", "BENCH_THRESHOLD=50")


@pytest.mark.slow
def test_bench_check_passes_unchanged_and_fails_slower_or_bigger(template: Path, tmp_path: Path) -> None:
    project = bench_project(template, tmp_path / "bare")
    saved = make(project, "bench-save", "RUNS=3")
    assert saved.returncode == 0, saved.stdout + saved.stderr
    folder = project / ".tuneup-bench"
    baseline = json.loads((folder / "baseline.json").read_text())
    assert (baseline["schema"], baseline["version"], baseline["kind"]) == ("pytest-tuneup-bench", 1, "baseline")
    assert len((folder / "history.jsonl").read_text().splitlines()) == 1
    ElementTree.fromstring((folder / "history.svg").read_text())
    saved_bytes = (folder / "baseline.json").read_bytes()

    unchanged = make(project, *CHECK, "RUNS=3")
    assert unchanged.returncode == 0, unchanged.stdout + unchanged.stderr
    assert re.search(r"^ok +wall time: .*fails above \+50%", unchanged.stdout, re.MULTILINE), unchanged.stdout
    assert re.search(r"^ok +peak memory: ", unchanged.stdout, re.MULTILINE), unchanged.stdout

    # Ten sleeps of 0.2 s become ten of 0.8 s: six more seconds on about three.
    (project / "tests" / "test_warehouse.py").write_text(WAREHOUSE.format(pause=0.8))
    slower = make(project, *CHECK, "RUNS=2")
    assert slower.returncode != 0, slower.stdout
    assert "Error 1" in slower.stderr  # the script's exit code 1: a regression
    assert re.search(r"^WORSE +wall time: .*\(\+\d", slower.stdout, re.MULTILINE), slower.stdout

    (project / "tests" / "test_warehouse.py").write_text(WAREHOUSE.format(pause=0.2))
    (project / "tests" / "test_ballast.py").write_text(BALLAST)
    bigger = make(project, *CHECK, "RUNS=2", "BENCH_ARGS=--json check.json --markdown check.md")
    assert bigger.returncode != 0, bigger.stdout
    assert re.search(r"^WORSE +peak memory: .*\(\+\d", bigger.stdout, re.MULTILINE), bigger.stdout
    data = json.loads((project / "check.json").read_text())
    assert (data["kind"], data["result"]) == ("check", "fail")
    assert data["baseline"] == {"created": baseline["created"], "commit": baseline["environment"]["commit"]}
    memory = next(verdict for verdict in data["verdicts"] if verdict["figure"] == "rss_tree")
    assert memory["status"] == "worse" and memory["threshold"] == 50
    assert 140 * MIB <= memory["change"] <= 170 * MIB  # the 150 MiB ballast
    markdown = (project / "check.md").read_text()
    assert "**Failed**: compared with the baseline of " in markdown
    assert "- **WORSE** peak memory: " in markdown

    # A check never writes the baseline; a looser threshold lets the 150 MiB through.
    assert (folder / "baseline.json").read_bytes() == saved_bytes
    loose = make(project, "bench-check", "RUNS=2", "BENCH_THRESHOLD=1000")
    assert loose.returncode == 0, loose.stdout


@pytest.mark.slow
def test_under_xdist_the_tree_adds_up_the_workers(template: Path, tmp_path: Path) -> None:
    project = bench_project(template, tmp_path / "bare", pause=0.05)
    result = make(project, "bench", "RUNS=1", "PYTEST_ARGS=-n 2", "BENCH_ARGS=--json out.json --no-imports")
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads((project / "out.json").read_text())
    assert data["processes"] >= 3  # pytest and two workers
    assert data["outcomes"]["passed"] == 27  # counted once, in the main process
    summary = data["summary"]
    # Each worker imports pytest and the suite again: the tree holds about three of them.
    assert summary["rss_tree"]["median"] >= 2 * summary["rss_peak"]["median"]
    warehouse = next(item for item in data["fixtures"] if item["fixture"] == "warehouse")
    assert warehouse["count"] == 10  # the workers' files added up
    assert "imports" not in data


@pytest.mark.slow
def test_a_failing_suite_is_reported_and_never_saved(template: Path, tmp_path: Path) -> None:
    project = bench_project(template, tmp_path / "bare", pause=0.01)
    (project / "tests" / "test_broken.py").write_text("def test_totals_add_up():\n    assert 1 + 1 == 3\n")
    failed = make(project, "bench-save", "RUNS=2")
    assert failed.returncode != 0
    assert "Error 3" in failed.stderr  # the script's exit code for a failed suite
    assert "bench: FAILED: the suite failed in warm-up run 1/1 (exit code 1)" in failed.stdout
    assert "FAILED tests/test_broken.py::test_totals_add_up" in failed.stdout  # pytest's summary
    assert re.search(r"1 failed, 27 passed", failed.stdout), failed.stdout
    assert not (project / ".tuneup-bench").exists()

    check = make(project, "bench-check", "RUNS=2")
    assert check.returncode != 0
    assert "no baseline at .tuneup-bench/baseline.json" in check.stderr


@pytest.mark.slow
def test_ab_compares_two_commands_and_two_versions_interleaved(template: Path, tmp_path: Path) -> None:
    project = bench_project(template, tmp_path / "bare", pause=0.3)
    commands = make(project, "bench-ab", "A=sleep 0.6", "B=sleep 0.2", "RUNS=3", "BENCH_ARGS=--json ab.json")
    assert commands.returncode == 0, commands.stdout + commands.stderr
    match = re.search(r"^B is ([\d.]+) ± ([\d.]+) times faster than A", commands.stdout, re.MULTILINE)
    assert match, commands.stdout
    assert 1.8 <= float(match.group(1)) <= 3.5
    data = json.loads((project / "ab.json").read_text())
    assert (data["kind"], data["mode"], data["ratio"]["faster"]) == ("ab", "commands", "b")
    assert len(data["a"]["samples"]["wall"]) == len(data["b"]["samples"]["wall"]) == 3
    # Interleaved: A's runs and B's alternate in the progress lines.
    rounds = re.findall(r"^bench: round \d/3 ([AB]):", commands.stderr, re.MULTILINE)
    assert rounds == ["A", "B"] * 3

    # The committed suite sleeps 3 s; the working tree's only 0.5 s.
    (project / "tests" / "test_warehouse.py").write_text(WAREHOUSE.format(pause=0.05))
    refs = make(project, "bench-ab", "A=HEAD", "RUNS=2")
    assert refs.returncode == 0, refs.stdout + refs.stderr
    assert re.search(
        r"^B is [\d.]+ ± [\d.]+ times faster than A \(working tree vs HEAD",
        refs.stdout,
        re.MULTILINE,
    )
    assert "bench: A/B (refs)" in refs.stderr
    worktrees = git(project, "worktree", "list").splitlines()
    assert len(worktrees) == 1, worktrees  # the checkout of HEAD is gone again


def test_bench_script_alone_needs_only_its_folder(rendered: Path, tmp_path: Path) -> None:
    """--help works from anywhere with this Python, without make."""
    usage = subprocess.run(
        [sys.executable, str(rendered / "tuneup_bench.py"), "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=tool_env(),
    )
    assert usage.returncode == 0, usage.stderr
    assert "usage: tuneup_bench.py" in usage.stdout
    bad = subprocess.run(
        [sys.executable, str(rendered / "tuneup_bench.py"), "ab"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2
    assert "ab needs A and B" in bad.stderr
