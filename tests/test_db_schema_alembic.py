"""Migrations never reach a database that is not the test database.

db_fullstack_alembic is the common full-stack layout: alembic's env.py reads the
application's own URL from its settings (APP_DATABASE_URL) and ignores
``sqlalchemy.url`` and any connection it is handed. Beside the test database sits the
team's "development" database, migrated and holding rows. Whatever runs, that database
keeps its tables and rows (and, for SQLite, its bytes).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from db_projects import (
    DATABASES,
    cached_schemas,
    database_url,
    databases_named,
    drop_databases,
    engine,
    isolated_shuffled_and_on_two_workers,
    one_line_and_exit_4,
    recreate_database,
    render,
    restore,
    run,
    sabotage_rollback,
    snapshot,
)
from sqlalchemy import text
from tuneup_testing import database_env, needs_postgresql, postgresql_url

pytestmark = pytest.mark.slow

REFUSED = "pytest-tuneup: alembic's env.py (migrations/env.py) opened a connection to"
RECIPE = "`if (connection := config.attributes.get('connection')) is not None:`"
NOT_KEPT = "pytest-tuneup: the test database schema is not usable, so it is not kept:"

# The two lines the refusal shows, and the function they call (alembic's async template
# has it; the sync one does not).
SHARED_CONNECTION = """def do_run_migrations(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    if (connection := config.attributes.get("connection")) is not None:
        return do_run_migrations(connection)
"""


REFUND_MODEL = """

class Refund(Base):
    __tablename__ = "refund"

    id: Mapped[int] = mapped_column(primary_key=True)
"""


@pytest.fixture(scope="module")
def project(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("alembic")
    return render(template, root, "db_fullstack_alembic", models="app.models:Base", schema="alembic")


def development_database(project: Path, database: str) -> str:
    """The team's own database, holding their rows, one migration behind (0001 of
    0002): a migration that reached it would change it."""
    if database == "sqlite":
        url = f"sqlite:///{project / 'dev.sqlite3'}"
        (project / "dev.sqlite3").unlink(missing_ok=True)
    else:
        needs_postgresql()
        url = recreate_database(postgresql_url().rsplit("/", 1)[1] + "_dev")
    env = {**database_env(database), "APP_DATABASE_URL": url}
    subprocess.run([sys.executable, "-m", "alembic", "upgrade", "0001"], cwd=project, env=env, check=True)
    dev = engine(url)
    with dev.begin() as conn:
        conn.execute(text("INSERT INTO customer (email) VALUES ('real@customer.example')"))
        conn.execute(text("INSERT INTO invoice (number, customer_id, cents) VALUES ('2024-001', 1, 9900)"))
    dev.dispose()
    return url


def no_test_databases(database: str) -> None:
    """Before a run that must keep nothing: no template left by earlier runs."""
    if database == "postgresql":
        base = postgresql_url().rsplit("/", 1)[1]
        for pattern in ("%template", "%main", "%gw%"):
            drop_databases(base + pattern)


def nothing_kept(project: Path, database: str) -> None:
    if database == "sqlite":
        assert not [name for name in cached_schemas(project) if name.endswith(".sqlite3")]
    else:
        base = postgresql_url().rsplit("/", 1)[1]
        left = set(databases_named(f"{base}%")) - {base, f"{base}_dev"}
        assert not left, "no template is kept, no worker database made"


@pytest.mark.parametrize("database", DATABASES)
def test_an_env_py_that_reads_the_apps_url_is_refused_then_fixed(project: Path, database: str) -> None:
    restore(project, "migrations/env.py")
    dev_url = development_database(project, database)
    before = snapshot(dev_url)
    env = {**database_env(database), "APP_DATABASE_URL": dev_url}

    no_test_databases(database)
    refused = run(project, database, "-p", "no:cacheprovider", env=env)
    one_line_and_exit_4(refused, REFUSED)
    assert RECIPE in refused.stdout + refused.stderr
    nothing_kept(project, database)
    assert snapshot(dev_url) == before

    env_py = project / "migrations" / "env.py"
    env_py.write_text(env_py.read_text().replace("def run_migrations_online() -> None:\n", SHARED_CONNECTION))
    isolated_shuffled_and_on_two_workers(project, database, 5, env=env)
    assert snapshot(dev_url) == before

    sabotage_rollback(project)
    try:
        leaky = run(project, database, "-p", "randomly", "--randomly-seed=3", env=env)
    finally:
        restore(project, "tests/tuneup")
    assert leaky.returncode == 1, leaky.stdout + leaky.stderr
    assert snapshot(dev_url) == before


@pytest.mark.parametrize("database", DATABASES)
def test_a_build_missing_a_models_table_is_never_kept(project: Path, database: str) -> None:
    """The migrations at head lack a table the models have: stop, keep nothing."""
    restore(project, "migrations/env.py")
    env_py = project / "migrations" / "env.py"
    env_py.write_text(env_py.read_text().replace("def run_migrations_online() -> None:\n", SHARED_CONNECTION))
    models = project / "app" / "models.py"
    original = models.read_text()
    models.write_text(original + REFUND_MODEL)
    no_test_databases(database)
    try:
        result = run(project, database, "--cache-clear")
    finally:
        restore(project, "migrations/env.py", "app/models.py")
    one_line_and_exit_4(result, f"{NOT_KEPT} the migrations did not create 1 table(s) of the models: refund")
    nothing_kept(project, database)


def test_the_refusal_never_opens_the_other_database(project: Path) -> None:
    """A development database that does not exist yet is not even created."""
    restore(project, "migrations/env.py")
    missing = project / "never.sqlite3"
    env = {**database_env("sqlite"), "APP_DATABASE_URL": f"sqlite:///{missing}"}
    one_line_and_exit_4(run(project, "sqlite", "-p", "no:cacheprovider", env=env), REFUSED)
    assert not missing.exists()
    if postgresql_url():
        name = postgresql_url().rsplit("/", 1)[1] + "_elsewhere"
        env = {**database_env("postgresql"), "APP_DATABASE_URL": database_url(name)}
        # A template kept by the module's other tests (built with the fixed env.py)
        # would be reused and no migration would run to be refused.
        no_test_databases("postgresql")
        one_line_and_exit_4(run(project, "postgresql", env=env), f"database {name!r} on localhost")
        assert not databases_named(name)
