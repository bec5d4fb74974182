"""Our suite makes copier faster in two ways, for its own runs only: it keeps copier's
compiled Jinja strings (tests/support/jinja_compile_cache.py) and asks git for
``core.fileMode`` once per copier worker (tests/support/git_file_mode_once.py). A copy
made with them must be the copy copier makes without them, byte for byte, git index
included."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import git_file_mode_once
import jinja_compile_cache
import pytest
from tuneup_testing import commit_all, copy_template, git, make_project, tree, update_template

ANSWER_SETS: list[dict[str, Any]] = [
    {},
    {"framework": "fastapi", "database": "postgresql", "db_api": "async", "ci": "github", "mock_targets": "shop.mail"},
    {"database": "sqlite", "plugin_source": "installed", "ci": "gitlab"},
]


def shop(folder: Path, file_mode: str | None) -> Path:
    project = make_project("db_sync", folder / "shop")
    if file_mode is not None:
        git(project, "config", "core.fileMode", file_mode)
    return project


def index(project: Path) -> str:
    return git(project, "ls-files", "--stage")


@pytest.mark.parametrize("answers", ANSWER_SETS, ids=["defaults", "fastapi-pg-async", "installed"])
def test_a_copy_with_the_speedups_is_the_copy_without_them(
    template: Path, tmp_path: Path, answers: dict[str, Any]
) -> None:
    cached = shop(tmp_path / "cached", None)
    jinja_compile_cache._COMPILED.clear()
    git_file_mode_once._ASKED.clear()
    copy_template(template, cached, answers, skip_tasks=True)
    # Both were in use: otherwise this compares copier with itself.
    assert sum(len(strings) for strings in jinja_compile_cache._COMPILED.values()) > 0
    assert len(git_file_mode_once._ASKED) == 1  # one worker, one question

    plain = shop(tmp_path / "plain", None)
    with jinja_compile_cache.uninstalled(), git_file_mode_once.uninstalled():
        copy_template(template, plain, answers, skip_tasks=True)

    assert tree(cached) == tree(plain)


def test_with_file_mode_false_an_update_stages_the_same_index(template: Path, tmp_path: Path) -> None:
    """With ``core.fileMode = false`` copier rewrites the index entry of a tracked file whose
    executable bit differs from the template's: git cannot see that chmod on disk. Our
    once-per-worker question must leave that to copier, file by file. (With the key unset
    copier does nothing more, and the copies above compare equal.)"""
    projects = []
    for side, speedups in (("once", contextlib.nullcontext()), ("plain", git_file_mode_once.uninstalled())):
        with speedups:
            project = shop(tmp_path / side, "false")
            copy_template(template, project, {}, ref="v1.0.0", skip_tasks=True)
            # A file the template renders (not executable), made executable by the user in
            # git's index: the update must set its entry back to the template's mode.
            script = project / "tuneup.mk"
            commit_all(project, "adopt pytest-tuneup")
            script.chmod(0o755)
            git(project, "update-index", "--chmod=+x", "tuneup.mk")
            commit_all(project, "make tuneup.mk executable")
            update_template(project)
            projects.append(project)
    once, plain = projects
    # copier's own work was done: the entry is the template's mode again.
    assert git(plain, "ls-files", "--stage", "tuneup.mk").startswith("100644")
    assert index(once) == index(plain)
    assert tree(once) == tree(plain)
