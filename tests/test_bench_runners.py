"""The benchmark with the project's runner and layout (issue 9): poetry's `--`, bench-ab
in a subfolder of the repository with the project's environment and a prepare step, and
no coverage gate on bench runs.

Real git worktrees and real pytest subprocesses. poetry and uv are played by
tests/support/standin_runner.py (see there for what it does as they do), since neither
need be installed here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tuneup_testing import PROJECTS, REPO, commit_all, copy_template, git, tool_env

pytestmark = pytest.mark.slow

WAREHOUSE = """\
import time

import pytest


@pytest.fixture
def warehouse():
    time.sleep(0.01)
    yield {"shelves": 3}


@pytest.mark.parametrize("shelf", range(10))
def test_shelf_exists(warehouse, shelf):
    assert shelf < 10 * warehouse["shelves"]
"""
# A build step the suite needs and git does not hold, like compiled translations.
COMPILE = """\
from pathlib import Path

Path("build").mkdir(exist_ok=True)
Path("build/messages.txt").write_text("compiled")
"""
TRANSLATIONS = """\
from pathlib import Path


def test_translations_are_compiled():
    messages = Path(__file__).resolve().parents[1] / "build" / "messages.txt"
    assert messages.read_text() == "compiled"
"""
PYPROJECT = '[project]\nname = "notes"\nversion = "0.1.0"\nrequires-python = ">=3.9"\n'


def runner_bin(folder: Path) -> Path:
    """`poetry` and `uv` stand-ins, run by this interpreter."""
    folder.mkdir()
    source = (REPO / "tests" / "support" / "standin_runner.py").read_text()
    for name in ("poetry", "uv"):
        script = folder / name
        script.write_text(f"#!{sys.executable}\n{source}")
        script.chmod(0o755)
    return folder


def project_venv(folder: Path) -> Path:
    """The project's own environment: a virtualenv of its own that sees this one's packages.

    Its bin/ holds python and nothing else, so that no runner installed beside this
    interpreter (a real uv) stands in for the stand-ins.
    """
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    site = next((folder / "lib").glob("python*/site-packages"))
    shared = [path for path in sys.path if path.endswith("site-packages")]
    (site / "tuneup_tests_shared.pth").write_text("\n".join(shared) + "\n")
    return folder


def runner_env(bin_dir: Path, venv: Path, project: Path, log: Path) -> dict[str, str]:
    env = {key: value for key, value in tool_env().items() if key != "VIRTUAL_ENV"}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    env.update(STANDIN_PROJECT=str(project), STANDIN_ENV=str(venv), STANDIN_LOG=str(log))
    return env


def make(project: Path, env: dict[str, str], *words: str) -> subprocess.CompletedProcess[str]:
    """make as a user runs it: PYTHON is the runner's, from tuneup.mk."""
    return subprocess.run(
        ["make", "--no-print-directory", *words], cwd=project, capture_output=True, text=True, env=env, timeout=600
    )


def calls(log: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def warehouse_project(template: Path, destination: Path, runner: str) -> Path:
    shutil.copytree(PROJECTS / "bare", destination)
    (destination / "pyproject.toml").write_text(PYPROJECT)
    (destination / "tests" / "test_warehouse.py").write_text(WAREHOUSE)
    return destination


def test_poetry_run_keeps_the_pytest_arguments_of_make_bench(template: Path, tmp_path: Path) -> None:
    project = warehouse_project(template, tmp_path / "notes", "poetry")
    git(project, "init", "-q", "-b", "main")
    commit_all(project, "notes")
    copy_template(template, project, {"coverage": False, "runner": "poetry"})
    commit_all(project, "pytest-tuneup")
    log = tmp_path / "runner.log"
    venv = project_venv(tmp_path / "venv")
    env = runner_env(runner_bin(tmp_path / "bin"), venv, project, log)

    # The stand-in is poetry-like: the old command line (pytest's arguments after --)
    # fails under it, as it did under poetry.
    old = subprocess.run(
        ["poetry", "run", "python", "-m", "pytest_tuneup.bench", "run", "--runs", "1", "--", "-k", "shelf"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": "tests/tuneup"},
    )
    assert old.returncode != 0
    assert 'The option "-m" does not exist' in old.stderr

    bench = make(project, env, "bench", "RUNS=1", "PYTEST_ARGS=-k shelf", "BENCH_ARGS=--json out.json --no-imports")
    assert bench.returncode == 0, bench.stdout + bench.stderr
    data = json.loads((project / "out.json").read_text())
    # -k shelf reached pytest: the ten warehouse tests ran, the other 17 were deselected.
    assert data["outcomes"] == {"passed": 10, "deselected": 17}
    assert data["command"][0] == str(venv / "bin" / "python")  # poetry run python, resolved once
    assert data["command"][-2:] == ["-k", "shelf"]
    # poetry started the benchmark, once; the runs started the interpreter directly.
    assert [call["cwd"] for call in calls(log)] == [str(project.resolve())]


@pytest.mark.parametrize("runner", ["poetry", "uv"])
def test_bench_ab_runs_a_ref_in_the_projects_subfolder_and_environment(
    template: Path, tmp_path: Path, runner: str
) -> None:
    repo = tmp_path / "repo"
    project = warehouse_project(template, repo / "backend", runner)
    (project / "compile.py").write_text(COMPILE)
    (project / "tests" / "test_translations.py").write_text(TRANSLATIONS)
    (repo / ".gitignore").write_text("build/\n")
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "a backend in a subfolder")
    copy_template(template, project, {"coverage": False, "runner": runner})
    commit_all(repo, "pytest-tuneup")
    subprocess.run([sys.executable, "compile.py"], cwd=project, check=True)  # the working tree's build
    log = tmp_path / "runner.log"
    venv = project_venv(tmp_path / "venv")
    env = runner_env(runner_bin(tmp_path / "bin"), venv, project, log)

    # Without the build step the checkout of HEAD lacks build/messages.txt.
    bare = make(project, env, "bench-ab", "A=HEAD", "RUNS=1")
    assert bare.returncode != 0
    assert "bench: FAILED: the suite failed in warm-up of A (HEAD (" in bare.stdout, bare.stdout + bare.stderr
    assert "FAILED tests/test_translations.py::test_translations_are_compiled" in bare.stdout

    prepare = f"BENCH_AB_PREPARE={runner} run python compile.py"
    ab = make(project, env, "bench-ab", "A=HEAD", "RUNS=1", prepare, "BENCH_ARGS=--json ab.json")
    assert ab.returncode == 0, ab.stdout + ab.stderr
    data = json.loads((project / "ab.json").read_text())
    assert data["mode"] == "refs"
    assert data["a"]["label"].startswith("HEAD (")
    # Both sides ran with the working tree's interpreter, not through the runner.
    assert data["a"]["command"][0] == data["b"]["command"][0] == str(venv / "bin" / "python")
    # The prepare step ran in the worktree's backend/ folder, in this environment: the
    # stand-in refuses to make a new one (or, as uv, to sync the worktree into it).
    prepared = [call for call in calls(log) if call["argv"] == ["python", "compile.py"]]
    assert len(prepared) == 1, calls(log)  # the first bench-ab had no prepare step
    assert str(prepared[0]["cwd"]).endswith("/tree-0/backend"), prepared
    assert prepared[0]["env"] == str(venv)
    assert len(git(repo, "worktree", "list").splitlines()) == 1  # the checkouts are gone


def test_no_coverage_gate_applies_to_bench_runs(template: Path, tmp_path: Path) -> None:
    """The project's --cov and fail_under (and warnings as errors) do not fail a bench."""
    project = warehouse_project(template, tmp_path / "notes", "python")
    (project / "pyproject.toml").write_text(PYPROJECT + "\n[tool.coverage.report]\nfail_under = 100\n")
    git(project, "init", "-q", "-b", "main")
    commit_all(project, "notes")
    copy_template(template, project, {"coverage": True})
    # Warnings as errors, as many projects have it: pytest-cov's warning that --no-cov
    # overrides --cov would fail the run.
    config = (project / "pyproject.toml").read_text()
    assert config.count('"default",') == 1, config
    (project / "pyproject.toml").write_text(config.replace('"default",', '"error",'))
    commit_all(project, "pytest-tuneup")
    # One file: far below 100 % coverage, which pytest-cov alone turns into a failure.
    args = "PYTEST_ARGS=tests/test_index.py --cov=notes"
    plain = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:randomly", "tests/test_index.py", "--cov=notes"],
        cwd=project,
        capture_output=True,
        text=True,
        env=tool_env(),
    )
    assert plain.returncode != 0 and "Required test coverage of 100.0% not reached" in plain.stdout, plain.stdout
    bench = make(project, tool_env(), "bench", f"PYTHON={sys.executable}", "RUNS=1", args, "BENCH_ARGS=--no-imports")
    assert bench.returncode == 0, bench.stdout + bench.stderr
    assert "--no-cov" in bench.stdout
    ab = make(project, tool_env(), "bench-ab", f"PYTHON={sys.executable}", "A=HEAD", "RUNS=1", args)
    assert ab.returncode == 0, ab.stdout + ab.stderr
