"""The README's alias recipe, as a suite would follow it (section "Migrating a
hand-written fixture").

tests/projects/db_sync (library) is generated once per database. Tests added to it
alias their ``session`` to ``db_session`` and use a session-scoped fixture that commits
a row through ``db_engine`` on a connection of its own (the recipe's third way): every
test sees the row, a test that deletes it does not take it from the next, and the row
never reaches the template, so the next run starts without it. The literal alias under
a module-scoped fixture is the ScopeMismatch the recipe warns of.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tuneup_testing import commit_all, copy_template, make_project, needs_postgresql, run_generated, write_files

pytestmark = pytest.mark.slow

RECIPE = {
    "tests/recipe/conftest.py": '''
import pytest
from sqlalchemy.orm import Session

from library.models import Author


@pytest.fixture
def session(db_session):  # the name the tests already use
    return db_session


@pytest.fixture(scope="session")
def librarian_id(db_engine):
    """Committed once per worker, on a connection of its own."""
    with Session(db_engine) as own:
        librarian = Author(name="Ursula K. Le Guin")
        own.add(librarian)
        own.commit()
        return librarian.id
''',
    "tests/recipe/test_recipe.py": """
import pytest
from sqlalchemy import delete, func, select

from library.models import Author


def authors(session):
    return session.scalar(select(func.count()).select_from(Author))


def test_the_session_fixtures_row_is_there(session, librarian_id):
    assert session.get(Author, librarian_id).name == "Ursula K. Le Guin"
    assert authors(session) == 1


@pytest.mark.parametrize("attempt", [1, 2, 3])
def test_a_test_that_deletes_it_does_not_take_it_from_the_next(session, librarian_id, attempt):
    assert authors(session) == 1, f"attempt {attempt}"
    session.execute(delete(Author))
    session.commit()
    assert authors(session) == 0
""",
    "tests/mismatch/test_mismatch.py": """
import pytest


@pytest.fixture
def session(db_session):
    return db_session


@pytest.fixture(scope="module")
def logged_in(session):
    return "token"


def test_uses_a_module_scoped_login(logged_in):
    assert logged_in
""",
}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def project(request: pytest.FixtureRequest, template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    database: str = request.param
    if database == "postgresql":
        needs_postgresql()
    project = make_project("db_sync", tmp_path_factory.mktemp(f"alias-{database}") / "db_sync")
    answers = {"database": database, "db_api": "sync", "models": "library.models:Base", "coverage": False}
    copy_template(template, project, {**answers, "parallel": True})
    write_files(project, RECIPE)
    commit_all(project, "adopt pytest-tuneup; the alias recipe")
    return project


def database_of(project: Path) -> str:
    return "postgresql" if "postgresql" in project.parent.name else "sqlite"


def test_a_session_scoped_fixture_commits_through_db_engine_and_tests_stay_isolated(project: Path) -> None:
    database = database_of(project)
    # Two runs on one schema cache (pytest's cache on again; on PostgreSQL the template
    # database): the second still counts one author, so the row never reached the template.
    for seed in ("1", "2"):
        args = ("-p", "cacheprovider", "-p", "randomly", f"--randomly-seed={seed}", "tests/recipe")
        result = run_generated(project, *args, database=database)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "4 passed" in result.stdout
        if seed == "2":
            assert "built the test database schema" not in result.stdout, "the cached template was used"
    parallel = run_generated(project, "-n", "2", "-p", "randomly", "tests/recipe", database=database)
    assert parallel.returncode == 0, parallel.stdout + parallel.stderr
    assert "4 passed" in parallel.stdout


def test_the_literal_alias_under_a_module_scoped_fixture_is_a_scope_mismatch(project: Path) -> None:
    result = run_generated(project, "tests/mismatch", database=database_of(project))

    assert result.returncode == 1
    assert re.search(r"ScopeMismatch: You tried to access the function scoped fixture session", result.stdout)
