"""The database fixtures for ``tuneup_db_api = sync``: Engine, Connection, Session.

Registered by ``pytest_tuneup.db``; not a plugin of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from .. import settings
from . import postgresql, sessions, sqlite


def backend(config: pytest.Config) -> Any:
    return postgresql if settings.read(config).database == "postgresql" else sqlite


@pytest.fixture(scope="session")
def db_engine(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """One pooled engine for the whole session (one per xdist worker), schema ready."""
    chosen = backend(pytestconfig)
    url = chosen.prepare_database(pytestconfig, tmp_path_factory)
    engine: Engine = chosen.sync_engine(pytestconfig, url)
    yield engine
    engine.dispose()
    chosen.release(url)


@pytest.fixture
def db_connection(db_engine: Engine) -> Iterator[Connection]:
    """A connection inside an outer transaction that is rolled back after the test."""
    with db_engine.connect() as connection:
        connection.begin()
        yield connection
        # Leaving the block closes the connection, which rolls the transaction back; the
        # pool then skips its own reset, one trip to the driver fewer for every test.


@pytest.fixture
def db_session(
    request: pytest.FixtureRequest, db_connection: Connection
) -> Iterator[Session]:
    """A Session whose commit() and rollback() stay inside the test's transaction."""
    with sessions.opened(request, db_connection) as session:
        yield session


@pytest.fixture
def db_sessionmaker(
    request: pytest.FixtureRequest, db_connection: Connection
) -> sessionmaker[Any]:
    """A sessionmaker for code that makes its own sessions: each one joins the test's
    transaction like db_session (same class), and nothing outlives the test."""
    return sessions.maker(request, db_connection)
