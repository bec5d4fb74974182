"""Several schemas: models entries whose table names overlap get a database each.

Two fixture projects with real models and their own suites: a declarative Base and
SQLModel.metadata that both have a ``user`` table (db_two_schemas), and ten
per-module bases where three table names exist in several modules (db_ten_bases).
Each runs on SQLite and PostgreSQL, shuffled and on two workers, and fails when the
fixtures commit instead of rolling back.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from db_projects import (
    DATABASES,
    cached_schemas,
    databases_named,
    isolated_shuffled_and_on_two_workers,
    passes,
    render,
    restore,
    run,
    sabotage_rollback,
)
from tuneup_testing import database_env, postgresql_url, write_files

pytestmark = pytest.mark.slow

TEN_MODULES = ("billing", "catalog", "crm", "hr", "inventory", "messaging", "reports", "search", "shipping", "support")


@pytest.fixture(scope="module")
def two_schemas(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    models = "clinic.models:Base, clinic.registry:SQLModel"
    return render(template, tmp_path_factory.mktemp("groups"), "db_two_schemas", models=models)


@pytest.fixture(scope="module")
def ten_bases(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    models = ", ".join(f"backoffice.{name}:Base" for name in TEN_MODULES)
    return render(template, tmp_path_factory.mktemp("groups"), "db_ten_bases", models=models)


@pytest.mark.parametrize("database", DATABASES)
def test_two_schemas_with_a_user_table_each_are_isolated(two_schemas: Path, database: str) -> None:
    isolated_shuffled_and_on_two_workers(two_schemas, database, 10)
    if database == "sqlite":
        assert len([name for name in cached_schemas(two_schemas) if name.endswith(".sqlite3")]) == 2
    else:
        base = postgresql_url().rsplit("/", 1)[1]
        labels = databases_named(f"{base}%template")
        assert labels[f"{base}_template"] == labels[f"{base}_g1_template"], labels
        assert str(labels[f"{base}_template"]).startswith("pytest-tuneup schema")


@pytest.mark.parametrize("database", DATABASES)
def test_ten_bases_with_clashing_names_are_isolated_in_three_databases(ten_bases: Path, database: str) -> None:
    # The project's own test_clashing_names_are_split_over_three_databases counts them.
    isolated_shuffled_and_on_two_workers(ten_bases, database, 23)


@pytest.mark.parametrize("database", DATABASES)
@pytest.mark.parametrize("shape", ["two_schemas", "ten_bases"])
def test_the_suites_catch_fixtures_that_commit(request: pytest.FixtureRequest, shape: str, database: str) -> None:
    project: Path = request.getfixturevalue(shape)
    sabotage_rollback(project)
    try:
        leaky = run(project, database, "-p", "randomly", "--randomly-seed=3")
    finally:
        restore(project, "tests/tuneup")
    assert leaky.returncode == 1, leaky.stdout + leaky.stderr
    assert "IntegrityError" in leaky.stdout or "assert" in leaky.stdout


ASYNC_TESTS = """
import pytest
from sqlalchemy import func, select, text

from clinic.models import Staff
from clinic.registry import Patient, PortalUser


@pytest.mark.parametrize("attempt", range(3))
async def test_both_user_tables_through_one_async_session(db_session, attempt):
    db_session.add_all([Staff(login="dr.jenner"), Patient(number="P-1", full_name="Ada")])
    await db_session.flush()
    db_session.add(PortalUser(email="ada@example.org", patient_number="P-1"))
    await db_session.commit()

    assert await db_session.scalar(select(func.count()).select_from(Staff)) == 1
    assert await db_session.scalar(select(func.count()).select_from(PortalUser)) == 1
    assert await db_session.scalar(select(func.count()).select_from(Patient)) == 2  # one seeded


@pytest.mark.parametrize("attempt", range(2))
async def test_each_async_connection_is_rolled_back(db_connections, attempt):
    registry = db_connections["clinic.registry:SQLModel"]
    assert registry is not db_connections["clinic.models:Base"]
    await registry.execute(text("INSERT INTO patient (number, full_name) VALUES ('P-2', 'Grace')"))
    assert (await registry.execute(text("SELECT count(*) FROM patient"))).scalar_one() == 2
"""

SEED_ONE_PATIENT = """from clinic.registry import Patient


def seed(session):
    session.add(Patient(number="SEED-1", full_name="Seeded"))
"""


def test_async_sessions_bind_each_table_and_seed_every_database(
    template: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The async fixtures: AsyncSession binds, per-group AsyncConnections, seed rows, on
    SQLite files, in-memory SQLite and PostgreSQL."""
    models = "clinic.models:Base, clinic.registry:SQLModel"
    root = tmp_path_factory.mktemp("groups-async")
    project = render(template, root, "db_two_schemas", models=models, db_api="async", async_mode="auto")
    write_files(project, {"tests/test_async.py": ASYNC_TESTS, "src/clinic/demo.py": SEED_ONE_PATIENT})
    args = ("tests/test_async.py", "-p", "randomly", "-o", "tuneup_seed=clinic.demo:seed")
    passes(run(project, "sqlite", *args), 5)
    passes(run(project, "sqlite", *args, env={**database_env("sqlite"), "TEST_DATABASE_URL": "sqlite://"}), 5)
    passes(run(project, "postgresql", "-n", "2", *args), 5)
