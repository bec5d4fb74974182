"""The database fixtures for ``tuneup_db_api = async``: AsyncEngine, AsyncConnection,
AsyncSession, all on the session's event loop (pytest-asyncio).

Registered by ``pytest_tuneup.db``; not a plugin of its own.
"""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import URL
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from .. import settings
from . import postgresql, sessions, sqlite
from .schema import create_all, load_metadata


@pytest.fixture(scope="session")
def db_url(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[URL]:
    """The URL of this worker's test database, prepared once per session."""
    if settings.read(pytestconfig).database == "postgresql":
        url = postgresql.prepare_database(pytestconfig, tmp_path_factory)
        yield url.set(drivername="postgresql+asyncpg")
        postgresql.release(url)
    else:
        yield sqlite.prepare_database(pytestconfig, tmp_path_factory)


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def db_engine(
    pytestconfig: pytest.Config, db_url: URL
) -> AsyncIterator[AsyncEngine]:
    """One pooled engine for the whole session, on the session's event loop."""
    if db_url.get_backend_name() != "sqlite":
        engine = create_async_engine(db_url)
    else:
        engine = create_async_engine(
            db_url.set(drivername="sqlite+aiosqlite"), **sqlite.memory_options(db_url)
        )
        sqlite.begin_like_a_database(engine.sync_engine, through_aiosqlite=True)
        if sqlite.in_memory(db_url):
            metadata = load_metadata(pytestconfig)
            async with engine.begin() as conn:
                await conn.run_sync(lambda sync_conn: create_all(metadata, sync_conn))
    # Open the pool's first connection now: aiosqlite runs each connection on a thread
    # that lives as long as the pooled connection, and it belongs to the session, not
    # to the first test (whose leak check would otherwise report it).
    async with engine.connect():
        pass
    yield engine
    await engine.dispose()


@pytest_asyncio.fixture(loop_scope="session")
async def db_connection(db_engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection inside an outer transaction that is rolled back after the test."""
    async with db_engine.connect() as connection:
        await connection.begin()
        yield connection
        # Leaving the block closes the connection, which rolls the transaction back; the
        # pool then skips its own reset, one trip to the driver fewer for every test.


@pytest_asyncio.fixture(loop_scope="session")
async def db_session(
    request: pytest.FixtureRequest, db_connection: AsyncConnection
) -> AsyncIterator[AsyncSession]:
    """An AsyncSession whose commit() and rollback() stay in the test's transaction."""
    tasks_before = asyncio.all_tasks()
    async with sessions.opened_async(request, db_connection) as session:
        yield session
    cancel_pending_tasks(tasks_before)


@pytest_asyncio.fixture(loop_scope="session")
async def db_sessionmaker(
    request: pytest.FixtureRequest, db_connection: AsyncConnection
) -> async_sessionmaker[Any]:
    """An async_sessionmaker for code that makes its own sessions: each one joins the
    test's transaction like db_session (same class), and nothing outlives the test."""
    return await sessions.maker_async(request, db_connection)


def cancel_pending_tasks(tasks_before: set[asyncio.Task[Any]]) -> None:
    """Cancel and name the tasks a test started and left running.

    All tests share the session's event loop, so a task left behind would go on running
    during the next test. The warning names them and is attributed to this test.
    """
    current = asyncio.current_task()
    started = asyncio.all_tasks() - tasks_before
    left = [task for task in started if task is not current and not task.done()]
    for task in left:
        task.cancel()
    if left:
        names = ", ".join(sorted(task.get_name() for task in left))
        message = (
            f"tuneup_db: the test left {len(left)} asyncio task(s) pending: {names}"
        )
        warnings.warn(message, RuntimeWarning, stacklevel=2)
