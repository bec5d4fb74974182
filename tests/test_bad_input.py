"""Bad answers and bad files: one clear line that says what is wrong, and nothing half-written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import copier
import pytest
from tuneup_testing import REPO, git, make_project, tree

BAD_ANSWERS = [
    ({"package": "9shop"}, "package: '9shop' is not an importable name"),
    ({"package": "shop,bad-name"}, "package: 'bad-name' is not an importable name"),
    ({"tests_dir": "../elsewhere"}, "tests_dir: '../elsewhere' must be a relative folder inside the project"),
    ({"tests_dir": "/abs/tests"}, "tests_dir: '/abs/tests' must be a relative folder inside the project"),
    ({"async_mode": "sometimes"}, "'sometimes' is not in ['off', 'auto', 'strict']"),
    ({"coverage_fail_under": 101}, "coverage_fail_under: 101 is not a percentage; use a whole number from 0 to 100"),
    ({"coverage_fail_under": -5}, "coverage_fail_under: -5 is not a percentage"),
    ({"test_timeout": -1}, "test_timeout: -1 is not allowed; use 0 (off) or a number of seconds"),
    ({"runner": "make"}, "'make' is not in ['python', 'uv', 'poetry', 'pdm', 'hatch']"),
    ({"framework": "flask"}, "'flask' is not in ['none', 'fastapi']"),
    ({"framework": "fastapi", "app": "shop.api"}, "app: 'shop.api' is not an import path; write module:attribute"),
    (
        {"framework": "fastapi", "database": "sqlite", "session_dependency": "get_session()"},
        "session_dependency: 'get_session()' is not an import path",
    ),
]


@pytest.mark.parametrize(("data", "message"), BAD_ANSWERS, ids=[str(data) for data, _ in BAD_ANSWERS])
def test_each_validator_rejects_bad_values_with_its_message(
    template: Path, tmp_path: Path, data: dict[str, Any], message: str
) -> None:
    project = make_project("bare", tmp_path / "bare")
    before = tree(project)
    with pytest.raises(ValueError) as raised:
        copier.run_copy(str(template), str(project), data=data, defaults=True, unsafe=True, vcs_ref="v1.0.0")
    assert message in str(raised.value)
    assert tree(project) == before


@pytest.mark.parametrize(
    "data",
    [{"package": "shop"}, {"package": "shop, shop.admin"}, {"tests_dir": "src/tests"}, {"coverage_fail_under": 0}],
)
def test_validators_accept_good_values(template: Path, tmp_path: Path, data: dict[str, Any]) -> None:
    project = make_project("bare", tmp_path / "bare")
    (project / data.get("tests_dir", "tests")).mkdir(parents=True, exist_ok=True)
    copier.run_copy(str(template), str(project), data=data, defaults=True, unsafe=True, vcs_ref="v1.0.0", quiet=True)
    assert (project / "tuneup.mk").is_file()


def run_hook(
    project: Path, *python_flags: str, answers: dict[str, Any] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *python_flags, str(REPO / "hooks" / "configure.py"), "--answers", json.dumps(answers or {})],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def test_malformed_pyproject_gives_one_line_and_copier_leaves_the_project_as_it_was(
    template: Path, tmp_path: Path
) -> None:
    project = make_project("pyproject_ini_options", tmp_path / "broken")
    with (project / "pyproject.toml").open("a") as handle:
        handle.write("\n[tool.broken\nkey = 1\n")
    git(project, "commit", "-qam", "a typo")
    before = tree(project)

    with pytest.raises(Exception, match="returned non-zero exit status 1"):
        copier.run_copy(str(template), str(project), defaults=True, unsafe=True, vcs_ref="v1.0.0", quiet=True)

    assert tree(project) == before, "nothing rendered or merged stays behind"
    result = run_hook(project)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("pytest-tuneup: pyproject.toml is not valid TOML (")
    broken_line = (project / "pyproject.toml").read_text().splitlines().index("[tool.broken") + 1
    assert f"at line {broken_line}," in lines[0], "the message points at the broken line"


@pytest.mark.parametrize(
    ("shape", "name", "garbage", "expected"),
    [
        ("pytest_ini_flat", "pytest.ini", "this line has no equals sign\n", "pytest.ini cannot be parsed"),
        ("src_layout_makefile", "tox.ini", "[pytest\n", "tox.ini cannot be parsed"),
    ],
)
def test_malformed_ini_files_give_one_line_and_change_nothing(
    tmp_path: Path, shape: str, name: str, garbage: str, expected: str
) -> None:
    project = make_project(shape, tmp_path / shape)
    with (project / name).open("a") as handle:
        handle.write(garbage)
    before = tree(project)
    result = run_hook(project)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert expected in result.stderr and "nothing was changed" in result.stderr
    assert tree(project) == before


def test_without_tomlkit_the_hook_says_how_to_add_it_and_changes_nothing(tmp_path: Path) -> None:
    project = make_project("pyproject_ini_options", tmp_path / "project")
    before = tree(project)
    result = run_hook(project, "-S")  # -S: no site-packages, so no tomlkit, as in a bare pipx copier
    assert result.returncode == 1
    line = result.stderr.strip()
    assert "\n" not in line
    assert "pipx inject copier tomlkit" in line and "uv tool install copier --with tomlkit" in line
    assert tree(project) == before


def test_answers_that_are_not_json_give_one_line(tmp_path: Path) -> None:
    project = make_project("bare", tmp_path / "bare")
    result = subprocess.run(
        [sys.executable, str(REPO / "hooks" / "configure.py"), "--answers", "{not json"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("pytest-tuneup: ")
