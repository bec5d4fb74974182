"""tuneup.mk with every runner: run prefixes, the runner read from lock files, help, coverage.

The runners are stand-ins, not the real tools: small scripts named uv, poetry, pdm and
hatch, first on PATH, that log their arguments and do what the real ``<tool> run`` does
(run the command in the environment; here the environment of these tests). The poetry
stand-in drops the first ``--`` of the command, as real ``poetry run`` does (checked with
poetry 2.5.1). ``add`` commands are only logged. Real poetry runs in one test when one
is given (``TUNEUP_POETRY=/path/to/poetry``, or ``poetry`` on PATH); it skips otherwise.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tuneup_hooks.makefile import plan_makefile
from tuneup_testing import Renders, commit_all, copy_template, make_project, tool_env

pytestmark = pytest.mark.slow  # make runs the generated suite in subprocesses

RUNNERS = ("uv", "poetry", "pdm", "hatch")
LOCK_FILES = {"uv.lock": "uv", "poetry.lock": "poetry", "pdm.lock": "pdm", "hatch.toml": "hatch"}
# Our pytest targets (the benchmark's are tested with it).
PYTEST_TARGETS = ("test", "test-fast", "test-cov", "test-durations", "test-strict", "test-leaks")

STAND_IN = """\
#!{python}
# Stand-in for {name}: logs its arguments; `{name} run CMD ...` runs CMD as the real tool does.
import json, os, sys
args = sys.argv[1:]
with open(os.environ["STAND_IN_LOG"], "a") as log:
    log.write(json.dumps(["{name}", *args]) + "\\n")
if args[:1] == ["run"]:
    command = args[1:]
    if "{name}" == "poetry" and "--" in command:
        command.remove("--")  # poetry run swallows the first --
    os.execvp(command[0], command)
"""


ANSWER_SETS: dict[str, dict[str, Any]] = {
    "defaults": {},
    "poetry-strict": {"runner": "poetry", "strict": True},
    "no-coverage": {"coverage": False},
}


@pytest.fixture
def rendered(renders: Renders) -> dict[str, Path]:
    """The bare project after copier copy, once per answer set and run; tests that change
    or run it work on copies."""
    made = renders.get_many("bare", list(ANSWER_SETS.values()), commit="adopt pytest-tuneup")
    return dict(zip(ANSWER_SETS, made, strict=True))


@pytest.fixture
def project(rendered: dict[str, Path], tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(rendered["defaults"], copy, symlinks=True)
    return copy


def write_stand_ins(folder: Path) -> Path:
    for name in RUNNERS:
        path = folder / name
        path.write_text(STAND_IN.format(python=sys.executable, name=name))
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return folder


# Stand-ins on PATH for every make call (our targets check the runner is there, even
# under make -n); a test that reads the log asks for its own folder.
_SHARED: list[Path] = []


@pytest.fixture(scope="module", autouse=True)
def shared_stand_ins(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    _SHARED.append(write_stand_ins(tmp_path_factory.mktemp("bin")))
    yield
    _SHARED.pop()


@pytest.fixture
def stand_ins(tmp_path: Path) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    return write_stand_ins(folder)


def make(project: Path, *words: str, stand_ins: Path | None = None) -> subprocess.CompletedProcess[str]:
    folder = stand_ins or _SHARED[-1]
    env = tool_env()
    env["PATH"] = f"{folder}{os.pathsep}{env['PATH']}"
    env["STAND_IN_LOG"] = str(folder / "log")
    return subprocess.run(
        ["make", "--no-print-directory", *words], cwd=project, capture_output=True, text=True, env=env, timeout=600
    )


def dry(project: Path, *words: str) -> str:
    result = make(project, "-n", *words)
    assert result.returncode == 0, result.stderr
    return result.stdout


def variable(project: Path, name: str) -> str:
    """A make variable's value as make sees it."""
    result = make(project, f"--eval=tuneup-show:\n\t@echo $({name})", "tuneup-show")
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def logged(stand_ins: Path) -> list[list[str]]:
    log = stand_ins / "log"
    return [json.loads(line) for line in log.read_text().splitlines()] if log.is_file() else []


# ---- the runner ----------------------------------------------------------------------------


@pytest.mark.parametrize(("lock", "runner"), LOCK_FILES.items())
def test_auto_runner_is_read_from_the_lock_file_and_runs_the_suite(
    project: Path, stand_ins: Path, lock: str, runner: str
) -> None:
    (project / lock).write_text("")
    result = make(project, "test-fast", stand_ins=stand_ins)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout
    assert logged(stand_ins) == [[runner, "run", "python", "-m", "pytest", "-x", "-q"]]


def test_without_a_lock_file_the_runner_is_plain_python(project: Path, stand_ins: Path) -> None:
    result = make(project, "test-fast", stand_ins=stand_ins)
    assert result.returncode == 0, result.stdout + result.stderr
    assert logged(stand_ins) == []
    assert dry(project, "test-fast").strip() == "python -m pytest -x -q"


def test_a_hatch_environment_in_pyproject_means_hatch(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.hatch.envs.default]\ndependencies = ["pytest"]\n')
    assert dry(project, "test-fast").strip() == "hatch run python -m pytest -x -q"


def test_tuneup_runner_overrides_the_lock_file(project: Path) -> None:
    (project / "uv.lock").write_text("")
    assert dry(project, "test-fast", "TUNEUP_RUNNER=pdm").strip() == "pdm run python -m pytest -x -q"
    with (project / "Makefile").open("a") as makefile:
        makefile.write("TUNEUP_RUNNER := poetry\n")  # the user's own choice, anywhere in their Makefile
    assert dry(project, "test-fast").strip() == "poetry run python -m pytest -x -q"


def test_a_wrong_runner_stops_our_targets_in_one_line_and_not_the_users(project: Path) -> None:
    with (project / "Makefile").open("a") as makefile:
        makefile.write("hello:\n\t@echo hello from the team\n")
    result = make(project, "test", "TUNEUP_RUNNER=pipenv")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tuneup.mk:"), result.stderr
    assert lines[0].endswith("*** TUNEUP_RUNNER=pipenv is not one of python, uv, poetry, pdm, hatch.  Stop.")
    own = make(project, "hello", "TUNEUP_RUNNER=pipenv")
    assert own.returncode == 0 and own.stdout == "hello from the team\n"


def test_a_runner_that_is_not_installed_is_one_line(project: Path) -> None:
    """No hatch here (and none on this machine's PATH): our target says so, the shell does not."""
    env = tool_env()
    env["PATH"] = os.pathsep.join(part for part in env["PATH"].split(os.pathsep) if not (Path(part) / "hatch").exists())
    (project / "hatch.toml").write_text("")
    result = subprocess.run(["make", "test-fast"], cwd=project, capture_output=True, text=True, env=env, check=False)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].endswith(
        "*** hatch is not on PATH (TUNEUP_RUNNER=hatch): install it, or run with TUNEUP_RUNNER=python.  Stop."
    )


def test_an_answered_runner_is_fixed(rendered: dict[str, Path]) -> None:
    project = rendered["poetry-strict"]
    text = (project / "tuneup.mk").read_text()
    assert "TUNEUP_RUNNER ?= poetry\n" in text and "tuneup_detected_runner" not in text
    assert dry(project, "test-fast").strip() == "poetry run python -m pytest -x -q"


@pytest.mark.parametrize("runner", RUNNERS)
def test_no_target_passes_a_double_dash_through_a_runner(project: Path, runner: str) -> None:
    for target in [*PYTEST_TARGETS, "tuneup-deps"]:
        command = dry(project, target, f"TUNEUP_RUNNER={runner}", "PYTEST_ARGS=-k index")
        assert f"{runner} run python -m " in command, (target, command)
        assert " -- " not in command, (target, command)


def test_poetry_runs_every_pytest_target(project: Path, stand_ins: Path) -> None:
    """Through poetry's stand-in (which drops a first --), each target runs the suite."""
    for target in PYTEST_TARGETS:
        result = make(project, target, "TUNEUP_RUNNER=poetry", "PYTEST_ARGS=-p no:randomly", stand_ins=stand_ins)
        assert result.returncode == 0, (target, result.stdout + result.stderr)
        assert " passed" in result.stdout, target
    assert all(call[:4] == ["poetry", "run", "python", "-m"] for call in logged(stand_ins))


# ---- make help -----------------------------------------------------------------------------

AWK_HELP = (
    "help: ## show this help\n"
    '\t@awk \'BEGIN {FS = ":.*##"} /^[a-zA-Z_-]+:.*?##/ { printf "%-22s %s\\n", $$1, $$2 }\' $(MAKEFILE_LIST)\n'
)
GREP_HELP = (
    "help: ## show this help\n"
    "\t@grep -hE '^[a-zA-Z_-]+:.*?## .*$$' $(MAKEFILE_LIST) | sort"
    ' | awk \'BEGIN {FS = ":.*?## "}; {printf "%-22s %s\\n", $$1, $$2}\'\n'
)


@pytest.mark.parametrize("recipe", [AWK_HELP, GREP_HELP], ids=["awk", "grep"])
def test_the_common_make_help_lists_our_targets(template: Path, tmp_path: Path, recipe: str) -> None:
    project = make_project("bare", tmp_path / "bare")
    (project / "Makefile").write_text(".PHONY: help lint\n" + recipe + "lint: ## check the code\n\t@true\n")
    commit_all(project, "our Makefile with the usual help")
    copy_template(template, project)

    result = make(project, "help")
    assert result.returncode == 0, result.stderr
    listed = {line.split()[0]: line.split(None, 1)[1].strip() for line in result.stdout.splitlines() if line.strip()}
    assert listed["help"] == "show this help" and listed["lint"] == "check the code"
    assert listed["tuneup-test"] == "the whole suite with the project's gates"
    assert listed["tuneup-test-cov"] == "coverage in the terminal and htmlcov/, with the gate"
    assert listed["tuneup-deps"] == "install what the configuration needs and the environment lacks"
    targets = variable(project, "TUNEUP_TARGETS").split()
    missing = [name for name in targets if f"tuneup-{name}" not in listed]
    assert missing == [], "every target of ours carries a ## comment"


# ---- coverage ------------------------------------------------------------------------------


def test_coverage_flags_only_from_the_packages_variable(project: Path) -> None:
    cov = "--cov=notes --cov=notes.extra --cov-report=term-missing:skip-covered"
    packages = "TUNEUP_COV_PACKAGES=notes notes.extra"
    assert cov in dry(project, "test", packages)
    assert "--cov-fail-under" not in dry(project, "test", packages), "make test has no gate without strict"
    assert "--cov-fail-under=0" in dry(project, "test", packages, "PYTEST_ARGS=tests/test_index.py")
    whole = dry(project, "test-cov", packages)
    assert cov in whole and "--cov-report=html --cov-fail-under=80" in whole
    part = dry(project, "test-cov", packages, "PYTEST_ARGS=-k index")
    assert "--cov-fail-under=0" in part and "--cov-fail-under=80" not in part
    assert "--cov-fail-under=80" in dry(project, "test-strict", packages)
    for target in ("test-fast", "test-durations", "test-leaks"):
        assert "--cov" not in dry(project, target, packages), target
    for target in PYTEST_TARGETS:
        assert "--cov" not in dry(project, target, "TUNEUP_COV_PACKAGES="), f"{target}: the project measures itself"


def test_the_hooks_block_sets_the_packages(project: Path) -> None:
    # The copy's hook wrote the package it found into its block; planning it again changes nothing.
    assert "TUNEUP_COV_PACKAGES := notes" in (project / "Makefile").read_text()
    plan = plan_makefile(project, {"TUNEUP_COV_PACKAGES": ["notes"]})
    assert plan is not None and plan.text is None
    assert "--cov=notes --cov-report=term-missing:skip-covered" in dry(project, "test")


def test_strict_gates_make_test_and_no_coverage_adds_nothing(rendered: dict[str, Path]) -> None:
    packages = "TUNEUP_COV_PACKAGES=notes"
    assert "--cov-fail-under=80" in dry(rendered["poetry-strict"], "test", packages)
    for target in ("test", "test-strict"):
        assert "--cov" not in dry(rendered["no-coverage"], target, packages), target
    assert "test-cov" not in variable(rendered["no-coverage"], "TUNEUP_TARGETS")


def test_the_gate_fails_a_whole_run_and_spares_a_part(project: Path) -> None:
    """A real run: pytest-cov measures the package, the gate applies to the whole suite only."""
    with (project / "notes" / "index.py").open("a") as module:
        module.write("\n\ndef never_called() -> int:\n    return 1\n")
    gate = ("TUNEUP_COV_PACKAGES=notes", "COV_FAIL_UNDER=100")
    whole = make(project, "test-cov", *gate)
    assert whole.returncode != 0
    assert "FAIL Required test coverage of 100% not reached" in whole.stdout
    part = make(project, "test-cov", *gate, "PYTEST_ARGS=tests/test_index.py")
    assert part.returncode == 0, part.stdout + part.stderr
    assert "notes/index.py" in part.stdout, "the part is still measured"


# ---- make tuneup-deps ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("runner", "command"),
    [
        ("uv", ["uv", "add", "--dev", "tuneup-absent-demo>=1"]),
        ("poetry", ["poetry", "add", "--group", "dev", "tuneup-absent-demo>=1"]),
        ("pdm", ["pdm", "add", "--dev", "tuneup-absent-demo>=1"]),
    ],
)
def test_deps_adds_only_what_is_missing_with_the_runner(
    project: Path, stand_ins: Path, runner: str, command: list[str]
) -> None:
    lock = {"uv": "uv.lock", "poetry": "poetry.lock", "pdm": "pdm.lock"}[runner]
    (project / lock).write_text("")
    requirements = "TUNEUP_REQUIREMENTS=pytest>=8.0 tuneup-absent-demo>=1"
    result = make(project, "tuneup-deps", requirements, stand_ins=stand_ins)
    assert result.returncode == 0, result.stdout + result.stderr
    needs = [line for line in result.stdout.splitlines() if line.startswith("pytest-tuneup: needs")]
    assert needs == [f"pytest-tuneup: needs tuneup-absent-demo>=1; installing with {' '.join(command[:-1])}"]
    calls = logged(stand_ins)
    assert calls[0][:5] == [runner, "run", "python", "-m", "pytest_tuneup.deps"]
    assert calls[1:] == [command]


def test_deps_with_hatch_says_what_to_add(project: Path, stand_ins: Path) -> None:
    (project / "hatch.toml").write_text("")
    result = make(project, "tuneup-deps", "TUNEUP_REQUIREMENTS=pytest>=8.0 tuneup-absent-demo>=1", stand_ins=stand_ins)
    assert result.returncode != 0
    assert "pytest-tuneup: needs tuneup-absent-demo>=1: add them to the dependencies of the hatch environment" in (
        result.stdout
    )
    assert [call[:2] for call in logged(stand_ins)] == [["hatch", "run"]]


def test_deps_with_everything_installed_changes_nothing(project: Path) -> None:
    result = make(project, "tuneup-deps", "TUNEUP_RUNNER=python")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "pytest-tuneup: everything the configuration needs is installed"


def test_deps_upgrade_and_requirements(project: Path) -> None:
    command = dry(project, "tuneup-deps", "UPGRADE=1")
    assert command.startswith("PYTHONPATH=tests/tuneup${PYTHONPATH:+:$PYTHONPATH} python -m pytest_tuneup.deps")
    assert " --upgrade " in command and "--require 'pytest>=8.0'" in command
    assert "--if-async 'pytest-asyncio>=0.24'" in command
    assert " --upgrade " not in dry(project, "tuneup-deps")


# ---- real poetry -----------------------------------------------------------------------------


def real_poetry() -> str:
    found = os.environ.get("TUNEUP_POETRY") or shutil.which("poetry")
    if not found:
        pytest.skip("no real poetry: set TUNEUP_POETRY=/path/to/poetry (pip install poetry in a scratch venv)")
    return found


def test_real_poetry_runs_our_targets_and_swallows_the_first_double_dash(project: Path) -> None:
    """The stand-in's behaviour checked against real poetry, and our targets through it.

    VIRTUAL_ENV: poetry runs in the activated virtualenv, the one of these tests, which has
    pytest and the plugins (a fresh poetry venv would have nothing; and with
    virtualenvs.create=false poetry runs the base Python, not the one on PATH).
    """
    poetry = Path(real_poetry())
    (project / "pyproject.toml").write_text(
        '[tool.poetry]\nname = "notes"\nversion = "0.1.0"\ndescription = ""\nauthors = ["a <a@b.c>"]\n'
        'package-mode = false\n\n[tool.poetry.dependencies]\npython = ">=3.9"\n'
    )
    (project / "poetry.lock").write_text("")
    (project / "show_argv.py").write_text("import sys\nprint(sys.argv[1:])\n")
    env = tool_env()
    env["PATH"] = f"{env['PATH']}{os.pathsep}{poetry.parent}"  # after the test venv: its python runs
    env["VIRTUAL_ENV"] = sys.prefix
    argv = subprocess.run(
        [str(poetry), "run", "python", "show_argv.py", "a", "--", "b", "--", "c"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert argv.stdout.strip() == "['a', 'b', '--', 'c']", "poetry run drops the first --"
    for target in ("test-fast", "test-cov", "tuneup-deps"):
        result = subprocess.run(
            ["make", "--no-print-directory", target, "PYTEST_ARGS=-p no:randomly"],
            cwd=project,
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )
        assert result.returncode == 0, (target, result.stdout + result.stderr)
    assert "poetry run python -m pytest" in dry(project, "test-fast")
