"""The generated benchmark: its memory measurement, and make bench and friends.

The unit tests of its statistics, reports and baselines live beside the code
(src/pytest_tuneup/bench/test_*.py). The memory test runs the vendored copy copier
rendered into a fixture project. The slow tests run `make bench`, `make bench-save`,
`make bench-check` and `make bench-ab` in subprocesses on a suite whose time is mostly a
fixture's sleep, so that a real change (a longer sleep, a test that holds 150 MiB) stands
out of a shared machine's noise.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import copier
import pytest
from tuneup_testing import (
    Renders,
    commit_all,
    copy_template,
    git,
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


@pytest.fixture
def rendered(renders: Renders) -> Path:
    """The tuneup folder of a project the template was copied into with default answers
    (the run's one render: tests read it, or copy it)."""
    return renders.get("bare") / "tests" / "tuneup"


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


# ---- measuring a process ----------------------------------------------------------------

MEASURE = """\
import json, os, sys
from pathlib import Path
from pytest_tuneup.bench.measure import measure

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


# ---- the vendored package in the user's project ------------------------------------------

# How a user's mypy may name the vendored files: by their own packages (the default), or
# relative to the project root (explicit_package_bases), which names them
# tests.tuneup.pytest_tuneup.bench.* where tests is a package and where it is not.
MYPY_CONFIGS = {
    "default": "",
    "explicit_package_bases": "[mypy]\nexplicit_package_bases = True\nmypy_path = .\n",
}


@pytest.mark.slow
@pytest.mark.parametrize("tests_package", [True, False], ids=["tests-package", "tests-folder"])
@pytest.mark.parametrize("config", sorted(MYPY_CONFIGS))
def test_vendored_bench_is_clean_under_ruff_defaults_and_mypy_strict(
    rendered: Path, tmp_path: Path, tests_package: bool, config: str
) -> None:
    """Relative imports inside the package: mypy --strict passes whether or not tests/ is a package."""
    project = tmp_path / "project"
    shutil.copytree(rendered.parents[1], project, ignore=shutil.ignore_patterns(".git"))
    if not tests_package:
        (project / "tests" / "__init__.py").unlink()
    (project / "mypy.ini").write_text(MYPY_CONFIGS[config])
    package = "tests/tuneup/pytest_tuneup/bench"
    assert not list((project / package).glob("test_*.py"))  # unit tests stay behind
    typed = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null", package],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert typed.returncode == 0, typed.stdout
    # The bench package's modules (gate and paired since issue 13), excluding its tests.
    assert "Success: no issues found in 22 source files" in typed.stdout
    if config == "default" and tests_package:
        ruff = [sys.executable, "-m", "ruff"]
        # Ruff's default rules; the target a project with requires-python >= 3.9 gets.
        defaults = ["check", "--isolated", "--target-version", "py39", package]
        lint = subprocess.run([*ruff, *defaults], cwd=project, capture_output=True, text=True)
        assert lint.returncode == 0, lint.stdout
        formatted = subprocess.run(
            [*ruff, "format", "--check", "--isolated", package], cwd=project, capture_output=True, text=True
        )
        assert formatted.returncode == 0, formatted.stdout


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
    assert (
        "PYTHONPATH=tests/tuneup${PYTHONPATH:+:$PYTHONPATH} python -m pytest_tuneup.bench check --runs 3"
        " --threshold 25 "
        "--pytest 'python -m pytest'  --pytest-args" in dry
    ), dry
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
    assert set(data["samples"]) == {"wall", "cpu", "user", "sys", "rss_peak", "rss_tree", "collection"}
    for name, values in data["samples"].items():
        assert len(values) == 2 and all(isinstance(value, float) for value in values), name
        summary = data["summary"][name]
        assert set(summary) == {"count", "median", "mean", "stdev", "min", "max", "outliers"}
        assert summary["min"] <= summary["median"] <= summary["max"]
    assert data["summary"]["wall"]["min"] >= 1.0  # ten sleeps of 0.1 s
    assert {"-p", "no:randomly", "no:cacheprovider", "pytest_tuneup.bench.probe"} <= set(data["command"])

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
# bench-save and 5.1 s in the bench-check after it). bench-check runs the baseline's
# commit interleaved with the working tree, so both sides meet the same load; with two
# or three rounds its bound is the smallest ratio, so the unchanged check allows 50 %
# and the slowed one 20 % (a loaded machine once made 2 s of sleep 8 s of wall time,
# which 6 s more sleep stretched by only x1.5; the slowed check now adds 4 s to 1 s of
# sleep, x1.5 on a run that the load stretched to 8 s).
CHECK = ("bench-check", "BENCH_THRESHOLD=50")
SLOWER = ("bench-check", "BENCH_THRESHOLD=20")


@pytest.mark.slow
def test_bench_check_passes_unchanged_and_fails_slower_or_bigger(template: Path, tmp_path: Path) -> None:
    # Each check runs the baseline's commit and the working tree, each a warm-up and
    # RUNS times: about 20 runs of the suite in all, so its sleeps are short.
    project = bench_project(template, tmp_path / "bare", pause=0.1)
    saved = make(project, "bench-save", "RUNS=3")
    assert saved.returncode == 0, saved.stdout + saved.stderr
    folder = project / ".tuneup-bench"
    baseline = json.loads((folder / "baseline.json").read_text())
    assert (baseline["schema"], baseline["version"], baseline["kind"]) == ("pytest-tuneup-bench", 1, "baseline")
    assert len((folder / "history.jsonl").read_text().splitlines()) == 1
    ElementTree.fromstring((folder / "history.svg").read_text())
    saved_bytes = (folder / "baseline.json").read_bytes()
    # Every bench-save also writes pytest-split's durations file (issue 14): each test's
    # setup + call + teardown, the median of the runs; the warehouse's sleep is in setup.
    durations = json.loads((project / ".test_durations").read_text())
    assert len(durations) == 27, durations
    shelves = [seconds for test, seconds in durations.items() if "test_shelf_exists" in test]
    assert len(shelves) == 10 and min(shelves) >= 0.1, durations

    unchanged = make(project, *CHECK, "RUNS=3")
    assert unchanged.returncode == 0, unchanged.stdout + unchanged.stderr
    # The committed project is the baseline's commit: run interleaved, ratios judged.
    assert re.search(r"^ok +wall time: .*fails when the lower bound is above x1\.50\)", unchanged.stdout, re.M), (
        unchanged.stdout
    )
    assert re.search(r"^ok +peak memory: ", unchanged.stdout, re.MULTILINE), unchanged.stdout

    # Ten sleeps of 0.1 s become ten of 0.5 s: four more seconds on about two.
    (project / "tests" / "test_warehouse.py").write_text(WAREHOUSE.format(pause=0.5))
    slower = make(project, *SLOWER, "RUNS=2")
    assert slower.returncode != 0, slower.stdout
    assert "Error 1" in slower.stderr  # the script's exit code 1: a regression
    assert re.search(r"^WORSE +wall time: .*\(ratio x\d", slower.stdout, re.MULTILINE), slower.stdout
    # Each test's setup sleeps 0.4 s more: every one of them is listed as slower.
    listed = re.findall(r"^ +\+\d+ ms .* tests/test_warehouse\.py::test_shelf_exists\[\d\]$", slower.stdout, re.M)
    assert len(listed) == 10, slower.stdout

    (project / "tests" / "test_warehouse.py").write_text(WAREHOUSE.format(pause=0.1))
    (project / "tests" / "test_ballast.py").write_text(BALLAST)
    bigger = make(project, *CHECK, "RUNS=2", "BENCH_ARGS=--json check.json --markdown check.md")
    assert bigger.returncode != 0, bigger.stdout
    assert re.search(r"^WORSE +peak memory: .*\(ratio x\d", bigger.stdout, re.MULTILINE), bigger.stdout
    data = json.loads((project / "check.json").read_text())
    assert (data["kind"], data["result"]) == ("check", "fail")
    assert data["baseline"] == {"created": baseline["created"], "commit": baseline["environment"]["commit"]}
    memory = next(verdict for verdict in data["verdicts"] if verdict["figure"] == "rss_tree")
    assert memory["status"] == "worse" and memory["threshold"] == 50
    assert 140 * MIB <= memory["change"] <= 170 * MIB  # the 150 MiB ballast
    markdown = (project / "check.md").read_text()
    assert "**Failed**: compared with the baseline of " in markdown
    assert "- **WORSE** peak memory: " in markdown

    # A check never writes the baseline. (That a looser threshold lets the 150 MiB
    # through is the gate's rule: src/pytest_tuneup/bench/test_gate.py.)
    assert (folder / "baseline.json").read_bytes() == saved_bytes


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


def test_bench_module_alone_needs_only_its_folder(rendered: Path, tmp_path: Path) -> None:
    """--help works from anywhere with this Python and the vendored folder, without make."""
    env = {**tool_env(), "PYTHONPATH": str(rendered)}
    usage = subprocess.run(
        [sys.executable, "-m", "pytest_tuneup.bench", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
    )
    assert usage.returncode == 0, usage.stderr
    assert "usage: python -m pytest_tuneup.bench" in usage.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "pytest_tuneup.bench", "ab"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
    )
    assert bad.returncode == 2
    assert bad.stderr == (
        "bench: ab needs A and B: two git refs (B omitted: the working tree) or two "
        "commands, for example make bench-ab A=main\n"
    )
