"""A runner prefix resolves to the interpreter the benchmark runs in."""

from __future__ import annotations

import sys
from pathlib import Path

from pytest_tuneup.bench.interpreter import keep_to_this_environment, resolve

PY = "/proj/.venv/bin/python"


def test_runner_prefixes_and_a_bare_python_become_the_interpreter(
    tmp_path: Path,
) -> None:
    for prefix in (["poetry", "run"], ["uv", "run"], ["pdm", "run"], ["hatch", "run"]):
        command = [*prefix, "python", "-m", "pytest", "-q"]
        assert resolve(command, tmp_path, PY) == [PY, "-m", "pytest", "-q"]
    assert resolve(["python3", "-m", "pytest"], tmp_path, PY) == [PY, "-m", "pytest"]
    assert resolve(["/usr/bin/poetry", "run", "--", "python"], tmp_path, PY) == [PY]


def test_a_script_of_the_environment_is_found_beside_the_interpreter(
    tmp_path: Path,
) -> None:
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "pytest").write_text("#!/bin/sh\n")
    python = str(tmp_path / "bin" / "python")
    script = str(tmp_path / "bin" / "pytest")
    assert resolve(["uv", "run", "pytest", "-x"], tmp_path, python) == [script, "-x"]
    # Not a runner's: a program on PATH stays what it is.
    assert resolve(["pytest", "-x"], tmp_path, python) == ["pytest", "-x"]


def test_other_commands_and_runner_options_are_left_alone(tmp_path: Path) -> None:
    unchanged = [
        ["uv", "run", "--with", "x", "python"],
        ["/usr/bin/python3", "-m", "pytest"],
        ["coverage", "run", "-m", "pytest"],
    ]
    for command in unchanged:
        assert resolve(command, tmp_path, PY) == command


def test_a_relative_interpreter_becomes_absolute(tmp_path: Path) -> None:
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").write_text("")
    absolute = str(tmp_path / ".venv" / "bin" / "python")
    command = [".venv/bin/python", "-m", "pytest"]
    assert resolve(command, tmp_path, PY) == [absolute, "-m", "pytest"]


def test_worktree_environment_keeps_runners_to_this_environment() -> None:
    env = keep_to_this_environment({"PATH": "/usr/bin", "HOME": "/root"}, PY)
    assert env["PATH"] == "/proj/.venv/bin:/usr/bin"
    assert env["UV_NO_SYNC"] == "1"
    assert env["POETRY_VIRTUALENVS_CREATE"] == "false"
    assert env["HOME"] == "/root"
    if sys.prefix != sys.base_prefix:
        assert env["VIRTUAL_ENV"] == sys.prefix == env["UV_PROJECT_ENVIRONMENT"]
