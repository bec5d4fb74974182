"""Helpers for the template-database tests (tests/test_db_schema_*.py).

A fixture project is rendered once per test module and run on SQLite and PostgreSQL
alike: ``tuneup_database`` is one configuration line, so a PostgreSQL run is the same
project with ``-o tuneup_database=postgresql``. Databases beside the test ones (a
team's development database) are read back through SQLAlchemy to prove they were
not touched.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from tuneup_testing import (
    commit_all,
    commit_instead_of_rolling_back,
    copy_template,
    database_env,
    fixtures_module,
    make_project,
    needs_postgresql,
    postgresql_url,
)

DATABASES = ("sqlite", "postgresql")
BUILT = "tuneup_db: built the test database schema"


def render(template: Path, root: Path, shape: str, **answers: Any) -> Path:
    """The fixture project ``shape`` with pytest-tuneup copied in (SQLite, sync, xdist)."""
    project = make_project(shape, root / shape)
    defaults = {"database": "sqlite", "db_api": "sync", "coverage": False, "parallel": True}
    copy_template(template, project, {**defaults, **answers})
    commit_all(project, "adopt pytest-tuneup")
    return project


def run(
    project: Path, database: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """pytest in the project, on ``database`` (PostgreSQL: the server scripts/test started)."""
    if database == "postgresql":
        needs_postgresql()
        args = ("-o", "tuneup_database=postgresql", *args)
    return subprocess.run(
        [sys.executable, "-m", "pytest", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=env or database_env(database),
        timeout=600,
    )


def passes(result: subprocess.CompletedProcess[str], count: int | None = None) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    if count is not None:
        assert re.search(rf"\b{count} passed\b", output), output


def isolated_shuffled_and_on_two_workers(
    project: Path, database: str, count: int, *args: str, env: dict[str, str] | None = None
) -> None:
    """The project's isolation pairs pass in two shuffled orders and on two workers."""
    for seed in ("1", "2"):
        passes(run(project, database, "-p", "randomly", f"--randomly-seed={seed}", *args, env=env), count)
    parallel = run(project, database, "-n", "2", "-p", "randomly", *args, env=env)
    passes(parallel, count)
    assert "2 workers" in parallel.stdout


def one_line_and_exit_4(result: subprocess.CompletedProcess[str], line: str) -> None:
    """Stopped as a usage error, the reason said once, no traceback."""
    output = result.stdout + result.stderr
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, output
    assert output.count(line) == 1, output
    assert "Traceback" not in output and "INTERNALERROR" not in output, output


def database_url(name: str) -> str:
    """The PostgreSQL server's URL with another database name."""
    return re.sub(r"/[^/?]*(\?|$)", rf"/{name}\1", postgresql_url(), count=1)


def engine(url: str, **options: Any) -> sa.Engine:
    return sa.create_engine(re.sub(r"^postgresql:", "postgresql+psycopg:", url), **options)


def recreate_database(name: str) -> str:
    """An empty PostgreSQL database ``name`` (dropped first if there); its URL."""
    admin = engine(database_url("postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return database_url(name)


def drop_databases(pattern: str) -> None:
    """Drop the PostgreSQL databases whose name is LIKE ``pattern`` (the server's own
    test database, named by TEST_DATABASE_URL, stays)."""
    keep = postgresql_url().rsplit("/", 1)[1]
    admin = engine(database_url("postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in databases_named(pattern):
            if name != keep:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def databases_named(pattern: str) -> dict[str, str | None]:
    """PostgreSQL databases whose name is LIKE ``pattern``, with their comment. Only
    ``%`` is a wildcard: LIKE's ``_`` would match any character, so cleaning up after
    ``shop_test%`` dropped ``shop-tests_gw1`` while another worker's test used it."""
    admin = engine(database_url("postgres"))
    with admin.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database WHERE datname LIKE :pattern"
            ),
            {"pattern": pattern.replace("_", "\\_")},
        ).all()
    admin.dispose()
    return {name: comment for name, comment in rows}


def snapshot(url: str) -> dict[str, Any]:
    """A database's tables with each one's row count and columns, its alembic
    revision, and a SQLite file's bytes."""
    found: dict[str, Any] = {}
    if url.startswith("sqlite:///"):
        found["sha256"] = hashlib.sha256(Path(url[len("sqlite:///") :]).read_bytes()).hexdigest()
    database = engine(url)
    with database.connect() as conn:
        inspector = sa.inspect(conn)
        for table in sorted(inspector.get_table_names()):
            rows = conn.execute(sa.text(f'SELECT count(*) FROM "{table}"')).scalar_one()
            found[table] = (rows, [column["name"] for column in inspector.get_columns(table)])
        if "alembic_version" in found:
            found["version"] = conn.execute(sa.text("SELECT version_num FROM alembic_version")).all()
    database.dispose()
    return found


def cached_schemas(project: Path) -> list[str]:
    """The schema files the SQLite backend keeps in pytest's cache."""
    return sorted(path.name for path in (project / ".pytest_cache").rglob("schema-*"))


def sabotage_rollback(project: Path, api: str = "sync") -> None:
    """Make every test's outer transactions commit before they close."""
    module = fixtures_module(project, api)
    module.write_text(commit_instead_of_rolling_back(module.read_text()))


def restore(project: Path, *paths: str) -> None:
    subprocess.run(["git", "checkout", "--", *paths], cwd=project, check=True)
