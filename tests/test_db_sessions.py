"""The sessions the database fixtures hand out, in SQLModel projects, run for real.

tests/projects/sqlmodel_sync (guild: FastAPI on SQLModel, plain def routes, a roster
object built with a sessionmaker, tests that assert ids) is rendered once for the module
and run against a SQLite file and the PostgreSQL server scripts/test starts: the
database is chosen per run with ``-o tuneup_database=...``.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from tuneup_testing import (
    commit_all,
    commit_instead_of_rolling_back,
    copy_template,
    fixtures_module,
    make_project,
    needs_postgresql,
    passed_count,
    patched,
    run_generated,
)

pytestmark = pytest.mark.slow

IDS_TESTS = "tests/test_ids.py"


def render(template: Path, folder: Path, shape: str, answers: dict[str, object]) -> Path:
    project = make_project(shape, folder / shape)
    base = {"database": "sqlite", "coverage": False, "parallel": True}
    copy_template(template, project, {**base, **answers})
    commit_all(project, "adopt pytest-tuneup")
    return project


def run(project: Path, database: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The project's suite on ``database`` (its configuration says sqlite: ``-o`` overrides it)."""
    return run_generated(project, "-o", f"tuneup_database={database}", *args, database=database)


def assert_passed(result: subprocess.CompletedProcess[str], count: int) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert passed_count(output) == count, output


@dataclass(frozen=True)
class Project:
    """A fixture project, the answers it is adopted with, and its suite's size."""

    shape: str
    api: str
    answers: dict[str, str]
    size: int


PROJECTS = {
    "sqlmodel_sync": Project(
        "sqlmodel_sync",
        "sync",
        {"framework": "fastapi", "models": "guild.models:SQLModel.metadata", "app": "guild.main:app",
         "session_dependency": "guild.db:get_session"},
        28,
    ),
    "sqlmodel_async": Project(
        "sqlmodel_async",
        "async",
        {"framework": "fastapi", "models": "depot.models:SQLModel.metadata", "app": "depot.api:app",
         "session_dependency": "depot.db:get_session", "async_mode": "auto"},
        20,
    ),
    # flask_app is left to the hook, which finds bakery:create_app.
    "flask_factory": Project("flask_factory", "sync", {"models": "bakery.extensions:db.metadata"}, 17),
}  # fmt: skip


@pytest.fixture(scope="module")
def rendered(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Each fixture project adopted once for the module, on first use."""
    made: dict[str, Path] = {}

    def project(name: str) -> Path:
        if name not in made:
            chosen = PROJECTS[name]
            answers = {"db_api": chosen.api, **chosen.answers}
            made[name] = render(template, tmp_path_factory.mktemp("sessions"), chosen.shape, answers)
        return made[name]

    return project


@pytest.fixture(scope="module")
def sqlmodel_sync(rendered: Callable[[str], Path]) -> Path:
    return rendered("sqlmodel_sync")


CASES = [(name, db) for name in PROJECTS for db in ("sqlite", "postgresql")]


@pytest.mark.parametrize(("name", "database"), CASES, ids=[f"{name}-{db}" for name, db in CASES])
def test_isolated_shuffled_and_on_two_workers(rendered: Callable[[str], Path], name: str, database: str) -> None:
    """db_session and db_sessionmaker are SQLModel's; tests and routes call exec() on them."""
    if database == "postgresql":
        needs_postgresql()
    project, size = rendered(name), PROJECTS[name].size
    assert_passed(run(project, database, "-p", "randomly", "--randomly-seed=1"), size)
    assert_passed(run(project, database, "-p", "randomly", "-n", "2"), size)
    assert not list(project.rglob("*.sqlite3")), "the application's own database is never opened"


@pytest.mark.parametrize(("name", "database"), CASES, ids=[f"{name}-{db}" for name, db in CASES])
def test_a_sabotaged_rollback_fails_the_suite(rendered: Callable[[str], Path], name: str, database: str) -> None:
    if database == "postgresql":
        needs_postgresql()
    project = rendered(name)
    plugin = fixtures_module(project, PROJECTS[name].api)
    original = plugin.read_text()
    plugin.write_text(commit_instead_of_rolling_back(original))
    try:
        result = run(project, database, "-p", "randomly", "--randomly-seed=3")
    finally:
        plugin.write_text(original)
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"\b\d+ failed\b", result.stdout)


def test_sqlmodel_sync_with_sqlalchemys_session_fails(sqlmodel_sync: Path) -> None:
    """Were the class not chosen from the models, exec() would be missing in tests and routes."""
    sessions = fixtures_module(sqlmodel_sync, "sync").with_name("sessions.py")
    original = patched(sessions, "if uses_sqlmodel(config):", "if False:")
    try:
        result = run(sqlmodel_sync, "sqlite", "-p", "no:randomly")
    finally:
        sessions.write_text(original)
    assert result.returncode == 1
    assert "AttributeError: 'Session' object has no attribute 'exec'" in result.stdout


def test_ids_need_the_sequences_marker_on_postgresql(sqlmodel_sync: Path) -> None:
    """With the marker the id tests pass in any order and on two workers; without it they fail."""
    needs_postgresql()
    ids_tests = 7
    assert_passed(run(sqlmodel_sync, "postgresql", "-p", "randomly", "-n", "2", IDS_TESTS), ids_tests)
    assert_passed(run(sqlmodel_sync, "postgresql", "-p", "randomly", "--randomly-seed=5", IDS_TESTS), ids_tests)
    marked = sqlmodel_sync / IDS_TESTS
    original = patched(marked, "pytestmark = pytest.mark.tuneup_reset_sequences", "")
    try:
        unmarked = run(sqlmodel_sync, "postgresql", "-p", "no:randomly", IDS_TESTS)
    finally:
        marked.write_text(original)
    assert unmarked.returncode == 1
    assert re.search(r"\b[4-7] failed\b", unmarked.stdout), unmarked.stdout
    # Restarting at 1 instead of above the rows already there collides with them.
    sequences = fixtures_module(sqlmodel_sync, "sync").with_name("sequences.py")
    original = patched(sequences, "coalesce(max({column}), 0) + 1", "1 + 0 * count(*)")
    try:
        at_one = run(sqlmodel_sync, "postgresql", "-p", "no:randomly", IDS_TESTS)
    finally:
        sequences.write_text(original)
    assert at_one.returncode == 1
    assert "1 failed" in at_one.stdout and "test_rows_already_there_keep_their_ids" in at_one.stdout


CUSTOM_CLASS_TEST = """
from guild.audit import AuditedSession


def test_db_session_is_of_the_named_class(db_session, db_sessionmaker):
    assert type(db_session) is AuditedSession
    assert isinstance(db_sessionmaker(), AuditedSession)  # sessionmaker subclasses class_
"""


def test_tuneup_session_class_names_the_class_or_stops_in_one_line(sqlmodel_sync: Path) -> None:
    check = sqlmodel_sync / "tests" / "test_custom_class.py"
    check.write_text(CUSTOM_CLASS_TEST)
    try:
        named = run(sqlmodel_sync, "sqlite", "-o", "tuneup_session_class=guild.audit:AuditedSession", str(check))
        not_a_session = run(sqlmodel_sync, "sqlite", "-o", "tuneup_session_class=guild.roster:Roster", str(check))
        missing = run(sqlmodel_sync, "sqlite", "-o", "tuneup_session_class=guild.audit:Nope", str(check))
    finally:
        check.unlink()
    assert_passed(named, 1)
    for result, line in (
        (not_a_session, "guild.roster:Roster is not a subclass of sqlalchemy.orm.session.Session"),
        (missing, "tuneup_session_class: cannot import guild.audit:Nope: AttributeError"),
    ):
        output = result.stdout + result.stderr
        assert result.returncode == pytest.ExitCode.USAGE_ERROR, output
        assert line in output and "Traceback" not in output


def test_the_hook_finds_the_flask_app_and_a_wrong_one_stops_the_run_in_one_line(
    rendered: Callable[[str], Path],
) -> None:
    project = rendered("flask_factory")
    assert 'tuneup_flask_app = "bakery:create_app"' in (project / "pyproject.toml").read_text()
    result = run(project, "sqlite", "-o", "tuneup_flask_app=bakery.extensions:db")
    output = result.stdout + result.stderr
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, output
    line = "pytest-tuneup: tuneup_flask_app: bakery.extensions:db is not a Flask application (found SQLAlchemy)"
    assert output.count(line) == 1 and "Traceback" not in output
