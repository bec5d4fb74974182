"""The template applied to real projects of four shapes: copy, run, copy again, update.

Each fixture project is a git repository with its own configuration; the generated
suite runs through `make test` in a subprocess, with real pytest.
"""

from __future__ import annotations

import configparser
import json
import shlex
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
from tuneup_testing import (
    ANSWERS_FILE,
    NON_DEFAULT,
    SHAPES,
    commit_all,
    copy_template,
    git,
    make_project,
    run_make,
    run_pytest,
    tree,
    update_template,
)

pytestmark = pytest.mark.slow

# Where each shape keeps its pytest settings, as pytest itself finds them.
CONFIG_FILE = {
    "pyproject_ini_options": "pyproject.toml",
    "pytest_ini_flat": "pytest.ini",
    "src_layout_makefile": "tox.ini",
    "bare": "pytest.toml",
}
ANSWER_SETS = {"defaults": {}, "non-default": NON_DEFAULT}


def managed_keys(project: Path) -> set[str]:
    return set(json.loads((project / ".pytest-tuneup.json").read_text())["applied"])


def without_keys(text: str, keys: set[str], fmt: str) -> list[str]:
    """The file's lines minus the blocks of ``keys`` and pytest-tuneup's own comment lines."""
    kept: list[str] = []
    skipping = False
    for line in text.splitlines():
        key = line.split("=", 1)[0].strip() if "=" in line and not line[:1].isspace() else None
        if key in keys:
            skipping = fmt == "ini" or (line.rstrip().endswith("[") or line.rstrip().endswith(","))
            continue
        if skipping:
            if fmt == "ini" and line[:1] in (" ", "\t") and line.strip():
                continue
            if fmt == "toml":
                skipping = not line.startswith("]")
                continue
            skipping = False
        if line.startswith("# pytest-tuneup:") or line.startswith("# `make test-strict`"):
            continue
        kept.append(line)
    return kept


def user_values(path: Path) -> dict[str, Any]:
    """The pytest settings of a config file, read with the standard library (not our code)."""
    if path.suffix == ".toml":
        data = tomllib.loads(path.read_text())
        table = data.get("pytest") or data.get("tool", {}).get("pytest", {})
        return dict(table.get("ini_options", table))
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(path.read_text())
    section = "tool:pytest" if path.name == "setup.cfg" else "pytest"
    return dict(parser[section]) if parser.has_section(section) else {}


LINE_LISTS = {"markers", "filterwarnings"}


def items(key: str, value: Any) -> list[str]:
    """A setting's items: lines for pytest's line lists, words for its argument lists."""
    if isinstance(value, list):
        return [str(item) for item in value]
    if key in LINE_LISTS:
        return [line.strip() for line in str(value).splitlines() if line.strip()]
    return shlex.split(str(value))


@pytest.mark.parametrize("answers", ANSWER_SETS.values(), ids=ANSWER_SETS.keys())
@pytest.mark.parametrize("shape", SHAPES)
def test_copy_keeps_the_users_files_and_the_suite_passes(
    template: Path, tmp_path: Path, shape: str, answers: dict[str, Any]
) -> None:
    project = make_project(shape, tmp_path / shape)
    before = tree(project)
    config_name = CONFIG_FILE[shape]
    config_before = user_values(project / config_name) if (project / config_name).exists() else {}

    copy_template(template, project, answers)

    after = tree(project)
    keys = managed_keys(project)
    for name, content in before.items():
        if name == config_name:
            fmt = "ini" if name.endswith((".ini", ".cfg")) else "toml"
            assert without_keys(after[name].decode(), keys, fmt) == without_keys(content.decode(), keys, fmt)
        elif name == "Makefile":
            assert after[name].startswith(content), "the user's Makefile must only grow at its end"
            added = after[name][len(content) :].decode().strip().splitlines()
            assert added[-1] == "include tuneup.mk" and len(added) == 3
        else:
            assert after[name] == content, f"{name} changed"
    # Every value the user had is still there, next to ours.
    config_after = user_values(project / config_name)
    for key, value in config_before.items():
        assert set(items(key, value)) <= set(items(key, config_after[key])), key
    assert "pytest_tuneup.plugin" in items("addopts", config_after["addopts"])

    # pytest finds exactly this file and no other pytest configuration is shadowed.
    collected = run_pytest(project, "--collect-only", "-vv")  # -vv: outweighs a -q in addopts
    assert collected.returncode == 0, collected.stdout + collected.stderr
    assert f"configfile: {config_name}" in collected.stdout
    assert "ignoring pytest config" not in collected.stdout + collected.stderr

    # A second copy with the same answers changes nothing.
    commit_all(project, "adopt pytest-tuneup")
    copy_template(template, project, answers)
    assert git(project, "status", "--porcelain") == ""

    result = run_make(project, "test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout and " failed" not in result.stdout


@pytest.mark.parametrize("shape", SHAPES)
def test_update_keeps_user_edits_and_brings_template_changes(template: Path, tmp_path: Path, shape: str) -> None:
    project = make_project(shape, tmp_path / shape)
    copy_template(template, project)
    commit_all(project, "adopt pytest-tuneup")

    make_file = project / "tuneup.mk"
    make_file.write_text(make_file.read_text().replace("COPIER ?= copier", "COPIER ?= uvx copier"))
    config = project / CONFIG_FILE[shape]
    text = config.read_text()
    edited = text.replace('log_level = "INFO"', 'log_level = "WARNING"').replace(
        "log_level = INFO", "log_level = WARNING"
    )
    assert edited != text
    config.write_text(edited)
    commit_all(project, "our own tweaks")

    update_template(project)

    assert "COPIER ?= uvx copier" in make_file.read_text(), "the user's edit to a rendered file survives"
    assert "# Extra pytest arguments, any target" in make_file.read_text(), "the template's change arrives"
    assert "WARNING" in str(user_values(config)["log_level"]), "the user's pytest setting survives"
    assert "_commit: v2.0.0" in (project / ANSWERS_FILE).read_text()
    assert not list(project.rglob("*.rej")), "no rejected hunks"
    result = run_make(project, "test")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("shape", SHAPES)
def test_update_of_an_unedited_project_equals_a_fresh_copy(template: Path, tmp_path: Path, shape: str) -> None:
    updated = make_project(shape, tmp_path / "updated")
    copy_template(template, updated, ref="v1.0.0")
    commit_all(updated, "adopt pytest-tuneup v1")
    update_template(updated)

    fresh = make_project(shape, tmp_path / "fresh")
    copy_template(template, fresh, ref="v2.0.0")

    assert tree(updated) == tree(fresh)
    assert "DEBUG" in str(user_values(updated / CONFIG_FILE[shape])["log_level"]), "v2's setting replaced v1's"


def test_check_update_target_tells_whether_a_newer_release_exists(template: Path, tmp_path: Path) -> None:
    old = make_project("bare", tmp_path / "old")
    copy_template(template, old, ref="v1.0.0")
    commit_all(old, "adopt pytest-tuneup v1")
    result = run_make(old, "tuneup-check-update")
    assert result.returncode == 0, result.stderr
    assert "Current version is 1.0.0, latest version is 2.0.0." in result.stdout

    new = make_project("bare", tmp_path / "new")
    copy_template(template, new, ref="v2.0.0")
    commit_all(new, "adopt pytest-tuneup v2")
    assert "Project is up-to-date!" in run_make(new, "tuneup-check-update").stdout


def test_a_conflicting_user_value_wins_and_is_reported_in_one_line(
    template: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    project = make_project("pyproject_ini_options", tmp_path / "inventory")
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace('addopts = "-v --tb=short"', 'addopts = "-v --import-mode=prepend"')
    )
    commit_all(project, "we rely on prepend")

    copy_template(template, project)

    out = capfd.readouterr().out
    notes = [line.strip() for line in out.splitlines() if "import-mode" in line]
    assert notes == ["addopts: kept yours (--import-mode=prepend); pytest-tuneup suggests --import-mode=importlib"]
    addopts = user_values(pyproject)["addopts"]
    assert "--import-mode=prepend" in addopts and "--import-mode=importlib" not in addopts
    assert run_make(project, "test").returncode == 0


def test_a_make_target_the_user_has_keeps_its_recipe_and_ours_gets_the_prefix(
    template: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    project = make_project("src_layout_makefile", tmp_path / "billing")
    copy_template(template, project)

    assert "Makefile: you have your own `test`; pytest-tuneup's is `make tuneup-test`" in capfd.readouterr().out
    help_text = run_make(project, "help").stdout
    assert "make tuneup-test " in help_text and "make test-fast " in help_text
    dry = subprocess.run(["make", "-n", "test"], cwd=project, capture_output=True, text=True, check=True)
    assert dry.stdout.strip() == "python -m pytest", "the user's own recipe runs"
