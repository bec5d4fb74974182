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
    render,
    restore,
    run,
    sabotage_rollback,
)
from tuneup_testing import postgresql_url

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
