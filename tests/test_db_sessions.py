"""The sessions the database fixtures hand out, in SQLModel projects, run for real.

tests/projects/sqlmodel_sync (guild: FastAPI on SQLModel, plain def routes, a roster
object built with a sessionmaker, tests that assert ids) is rendered once for the module
and run against a SQLite file and the PostgreSQL server scripts/test starts: the
database is chosen per run with ``-o tuneup_database=...``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from tuneup_testing import (
    commit_all,
    commit_instead_of_rolling_back,
    copy_template,
    database_env,
    fixtures_module,
    make_project,
    needs_postgresql,
    passed_count,
)

pytestmark = pytest.mark.slow

SUITE_SIZE = 27
IDS_TESTS = "tests/test_ids.py"


def render(template: Path, folder: Path, shape: str, answers: dict[str, object]) -> Path:
    project = make_project(shape, folder / shape)
    base = {"database": "sqlite", "coverage": False, "parallel": True}
    copy_template(template, project, {**base, **answers})
    commit_all(project, "adopt pytest-tuneup")
    return project


def run(project: Path, database: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The project's suite on ``database``, with pytest-randomly's shuffling unless told."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-o", f"tuneup_database={database}", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=database_env(database),
        timeout=600,
    )


def assert_passed(result: subprocess.CompletedProcess[str], count: int) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert passed_count(output) == count, output


def sabotaged(path: Path, old: str, new: str) -> str:
    """Write ``path`` with ``old`` replaced; return the original text to put back."""
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new))
    return text


@pytest.fixture(scope="module")
def sqlmodel_sync(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    answers = {
        "framework": "fastapi",
        "db_api": "sync",
        "models": "guild.models:SQLModel.metadata",
        "app": "guild.main:app",
        "session_dependency": "guild.db:get_session",
    }
    return render(template, tmp_path_factory.mktemp("sessions"), "sqlmodel_sync", answers)


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_sqlmodel_sync_isolated_shuffled_and_on_two_workers(sqlmodel_sync: Path, database: str) -> None:
    """db_session and db_sessionmaker are SQLModel's Session; routes call exec() on it."""
    if database == "postgresql":
        needs_postgresql()
    assert_passed(run(sqlmodel_sync, database, "-p", "randomly", "--randomly-seed=1"), SUITE_SIZE)
    assert_passed(run(sqlmodel_sync, database, "-p", "randomly", "-n", "2"), SUITE_SIZE)


def test_sqlmodel_sync_sabotaged_rollback_fails(sqlmodel_sync: Path) -> None:
    plugin = fixtures_module(sqlmodel_sync, "sync")
    original = plugin.read_text()
    plugin.write_text(commit_instead_of_rolling_back(original))
    try:
        result = run(sqlmodel_sync, "sqlite", "-p", "randomly", "--randomly-seed=3")
    finally:
        plugin.write_text(original)
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"\b\d+ failed\b", result.stdout)


def test_sqlmodel_sync_with_sqlalchemys_session_fails(sqlmodel_sync: Path) -> None:
    """Were the class not chosen from the models, exec() would be missing in tests and routes."""
    sessions = fixtures_module(sqlmodel_sync, "sync").with_name("sessions.py")
    original = sabotaged(sessions, "if uses_sqlmodel(config):", "if False:")
    try:
        result = run(sqlmodel_sync, "sqlite", "-p", "no:randomly")
    finally:
        sessions.write_text(original)
    assert result.returncode == 1
    assert "AttributeError: 'Session' object has no attribute 'exec'" in result.stdout


def test_ids_need_the_sequences_marker_on_postgresql(sqlmodel_sync: Path) -> None:
    """With the marker the id tests pass in any order and on two workers; without it they fail."""
    needs_postgresql()
    ids_tests = 6
    assert_passed(run(sqlmodel_sync, "postgresql", "-p", "randomly", "-n", "2", IDS_TESTS), ids_tests)
    assert_passed(run(sqlmodel_sync, "postgresql", "-p", "randomly", "--randomly-seed=5", IDS_TESTS), ids_tests)
    marked = sqlmodel_sync / IDS_TESTS
    original = sabotaged(marked, "pytestmark = pytest.mark.tuneup_reset_sequences", "")
    try:
        unmarked = run(sqlmodel_sync, "postgresql", "-p", "no:randomly", IDS_TESTS)
    finally:
        marked.write_text(original)
    assert unmarked.returncode == 1
    assert re.search(r"\b[4-6] failed\b", unmarked.stdout), unmarked.stdout
