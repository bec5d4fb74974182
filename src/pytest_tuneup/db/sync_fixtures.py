"""The database fixtures for ``tuneup_db_api = sync``: Engine, Connection, Session.

Registered by ``pytest_tuneup.db``; not a plugin of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from .. import settings
from . import postgresql, run, sessions, sqlite
from .schema import MORE_CONNECTIONS, by_entry, more_connections, table_binds


def backend(config: pytest.Config) -> Any:
    return postgresql if settings.read(config).database == "postgresql" else sqlite


#: Every engine of the run, the first one db_engine's.
ENGINES = pytest.StashKey[list[Engine]]()


@pytest.fixture(scope="session")
def db_engine() -> Iterator[Engine]:
    """One pooled engine for the whole session (one per xdist worker), schema ready.

    It makes every engine of the schema (db_engines); it, not db_engines, is what the
    per-test fixtures ask for: pytest looks up every fixture a test's fixtures depend
    on for every test, cached or not, so each one in the chain costs each test, and
    so do its arguments (it has none; see run.py).
    """
    config = run.config()
    chosen = backend(config)
    urls = chosen.prepare_databases(config, run.temporary_paths(config))
    engines: list[Engine] = chosen.sync_engines(config, urls)
    config.stash[ENGINES] = engines
    yield engines[0]
    for engine, url in zip(engines, urls):
        engine.dispose()
        chosen.release(url)


@pytest.fixture(scope="session")
def db_engines(request: pytest.FixtureRequest, db_engine: Engine) -> list[Engine]:
    """An engine per database of the schema: one, unless models' table names clash."""
    return request.config.stash[ENGINES]


@pytest.fixture
def db_connection(db_engine: Engine) -> Iterator[Connection]:
    """A connection inside an outer transaction that is rolled back after the test.

    With several databases, the others' connections too (db_connections). Like
    db_engine, it and the fixtures below take the run's configuration from run.py,
    not from ``request``."""
    others = run.config().stash[ENGINES][1:]
    with db_engine.connect() as connection:
        connection.begin()
        if not others:
            yield connection
            # Leaving the block closes the connection, which rolls the transaction
            # back; the pool then skips its own reset, one trip to the driver fewer.
            return
        with ExitStack() as stack:
            more = [stack.enter_context(engine.connect()) for engine in others]
            for other in more:
                other.begin()
            connection.info[MORE_CONNECTIONS] = more
            try:
                yield connection
            finally:
                del connection.info[MORE_CONNECTIONS]


@pytest.fixture
def db_connections(db_connection: Connection) -> dict[str, Connection]:
    """Each tuneup_models entry's connection, each in a transaction rolled back after
    the test: db_connection for all of them, unless their table names clash."""
    return by_entry(run.config(), [db_connection, *more_connections(db_connection)])


@pytest.fixture
def db_session(db_connection: Connection) -> Iterator[Session]:
    """A Session whose commit() and rollback() stay inside the test's transaction."""
    config = run.config()
    binds = table_binds(config, [db_connection, *more_connections(db_connection)])
    with sessions.opened(config, db_connection, binds) as session:
        yield session


@pytest.fixture
def db_sessionmaker(db_connection: Connection) -> sessionmaker[Any]:
    """A sessionmaker for code that makes its own sessions: each one joins the test's
    transaction like db_session (same class), and nothing outlives the test."""
    config = run.config()
    binds = table_binds(config, [db_connection, *more_connections(db_connection)])
    return sessions.maker(config, db_connection, binds)
