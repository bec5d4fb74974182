"""The name guard at its edges, on SQLite and PostgreSQL.

A database is a test database when "test" is a word of its own in its name:
``shop_test``, ``test_shop``, ``shop-tests``. ``latest_prod`` and ``contest`` hold
"test" inside another word, ``prod`` not at all: refused, and left as they were (for
PostgreSQL: no copy or template of them made either).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from db_projects import (
    database_url,
    databases_named,
    drop_databases,
    engine,
    one_line_and_exit_4,
    passes,
    recreate_database,
    render,
    run,
    snapshot,
)
from sqlalchemy import text
from tuneup_testing import database_env, needs_postgresql

pytestmark = pytest.mark.slow

REFUSED = ["latest_prod", "contest", "prod"]
ACCEPTED = ["shop_test", "test_shop", "shop-tests"]


@pytest.fixture(scope="module")
def library(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(template, tmp_path_factory.mktemp("guard"), "db_sync", models="library.models:Base")


def precious(url: str) -> str:
    """A database holding a row someone cares about."""
    database = engine(url)
    with database.begin() as conn:
        conn.execute(text("CREATE TABLE precious (id integer)"))
        conn.execute(text("INSERT INTO precious VALUES (42)"))
    database.dispose()
    return url


def env_with(database: str, url: str) -> dict[str, str]:
    return {**database_env(database), "TEST_DATABASE_URL": url}


@pytest.mark.parametrize("name", REFUSED)
def test_a_name_without_test_as_a_word_is_refused_and_untouched(library: Path, tmp_path: Path, name: str) -> None:
    sqlite_url = precious(f"sqlite:///{tmp_path / name}.sqlite3")
    before = snapshot(sqlite_url)
    result = run(library, "sqlite", "-p", "no:cacheprovider", env=env_with("sqlite", sqlite_url))
    one_line_and_exit_4(result, f"pytest-tuneup: refusing database '{tmp_path / name}.sqlite3' from TEST_DATABASE_URL")
    assert snapshot(sqlite_url) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == [f"{name}.sqlite3"]

    needs_postgresql()
    pg_url = precious(recreate_database(name))
    before = snapshot(pg_url)
    result = run(library, "postgresql", "-p", "no:cacheprovider", env=env_with("postgresql", pg_url))
    one_line_and_exit_4(result, f"pytest-tuneup: refusing database '{name}' from TEST_DATABASE_URL")
    assert snapshot(pg_url) == before
    assert set(databases_named(f"{name}%")) == {name}, "no template or worker copy of it"
    drop_databases(name)


@pytest.mark.parametrize("name", ACCEPTED)
def test_a_name_with_test_as_a_word_is_accepted(library: Path, tmp_path: Path, name: str) -> None:
    sqlite_url = f"sqlite:///{tmp_path / name}.sqlite3"
    only_isolation = ("-p", "no:cacheprovider", "tests/test_isolation.py")
    passes(run(library, "sqlite", *only_isolation, env=env_with("sqlite", sqlite_url)), 15)

    needs_postgresql()
    pg_url = database_url(name)
    passes(run(library, "postgresql", "tests/test_isolation.py", env=env_with("postgresql", pg_url)), 15)
    assert f"{name}_template" in databases_named(f"{name}%")
    drop_databases(f"{name}%")
