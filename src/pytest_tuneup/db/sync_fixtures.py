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
from . import postgresql, sessions, sqlite
from .schema import by_entry, more_connections, table_binds


def backend(config: pytest.Config) -> Any:
    return postgresql if settings.read(config).database == "postgresql" else sqlite


@pytest.fixture(scope="session")
def db_engines(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[Engine]]:
    """An engine per database of the schema: one, unless models' table names clash."""
    chosen = backend(pytestconfig)
    urls = chosen.prepare_databases(pytestconfig, tmp_path_factory)
    engines: list[Engine] = chosen.sync_engines(pytestconfig, urls)
    yield engines
    for engine, url in zip(engines, urls):
        engine.dispose()
        chosen.release(url)


@pytest.fixture(scope="session")
def db_engine(db_engines: list[Engine]) -> Engine:
    """One pooled engine for the whole session (one per xdist worker), schema ready."""
    return db_engines[0]


@pytest.fixture
def db_connection(db_engine: Engine) -> Iterator[Connection]:
    """A connection inside an outer transaction that is rolled back after the test."""
    with db_engine.connect() as connection:
        connection.begin()
        yield connection
        # Leaving the block closes the connection, which rolls the transaction back; the
        # pool then skips its own reset, one trip to the driver fewer for every test.


@pytest.fixture
def db_connections(
    request: pytest.FixtureRequest, db_connection: Connection
) -> dict[str, Connection]:
    """Each tuneup_models entry's connection, each in a transaction rolled back after
    the test: db_connection for all of them, unless their table names clash."""
    return by_entry(request.config, [db_connection, *more_connections(request)])


@pytest.fixture
def _tuneup_db_more_connections(db_engines: list[Engine]) -> Iterator[list[Connection]]:
    """The connections of the second and later databases (clashing table names), each
    in a transaction rolled back after the test."""
    with ExitStack() as others:
        connections = []
        for engine in db_engines[1:]:
            connection = others.enter_context(engine.connect())
            connection.begin()
            connections.append(connection)
        yield connections


@pytest.fixture
def db_session(
    request: pytest.FixtureRequest, db_connection: Connection
) -> Iterator[Session]:
    """A Session whose commit() and rollback() stay inside the test's transaction."""
    binds = table_binds(request.config, [db_connection, *more_connections(request)])
    with sessions.opened(request, db_connection, binds) as session:
        yield session


@pytest.fixture
def db_sessionmaker(
    request: pytest.FixtureRequest, db_connection: Connection
) -> sessionmaker[Any]:
    """A sessionmaker for code that makes its own sessions: each one joins the test's
    transaction like db_session (same class), and nothing outlives the test."""
    binds = table_binds(request.config, [db_connection, *more_connections(request)])
    return sessions.maker(request, db_connection, binds)
