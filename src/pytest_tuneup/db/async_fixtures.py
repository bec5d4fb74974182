"""The database fixtures for ``tuneup_db_api = async``: AsyncEngine, AsyncConnection,
AsyncSession, all on the session's event loop (pytest-asyncio).

Registered by ``pytest_tuneup.db``; not a plugin of its own.
"""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack
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
from .schema import build, by_entry, more_connections, session_binds


@pytest.fixture(scope="session")
def db_urls(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[URL]]:
    """This worker's test databases, one per schema group, prepared once per session."""
    if settings.read(pytestconfig).database == "postgresql":
        urls = postgresql.prepare_databases(pytestconfig, tmp_path_factory)
        yield [url.set(drivername="postgresql+asyncpg") for url in urls]
        for url in urls:
            postgresql.release(url)
    else:
        yield sqlite.prepare_databases(pytestconfig, tmp_path_factory)


@pytest.fixture(scope="session")
def db_url(db_urls: list[URL]) -> URL:
    """The URL of this worker's test database (the first, with several schemas)."""
    return db_urls[0]


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def db_engines(
    pytestconfig: pytest.Config, db_urls: list[URL]
) -> AsyncIterator[list[AsyncEngine]]:
    """An engine per database of the schema, on the session's event loop."""
    engines = [async_engine(url) for url in db_urls]
    if sqlite.in_memory(db_urls[0]):
        # Each in-memory engine is a database of its own: build them here.
        async with AsyncExitStack() as stack:
            connections = [await stack.enter_async_context(e.begin()) for e in engines]
            await connections[0].run_sync(
                lambda _: build(
                    pytestconfig, [c.sync_connection for c in connections], False
                )
            )
    for engine in engines:
        await warm_up(engine)
    yield engines
    for engine in engines:
        await engine.dispose()


async def warm_up(engine: AsyncEngine) -> None:
    """Open the pool's first connection now: aiosqlite runs each connection on a thread
    that lives as long as the pooled connection, and it belongs to the session, not to
    the first test (whose leak check would otherwise report it)."""
    async with engine.connect():
        pass


def async_engine(url: URL) -> AsyncEngine:
    if url.get_backend_name() != "sqlite":
        return create_async_engine(url)
    engine = create_async_engine(
        url.set(drivername="sqlite+aiosqlite"), **sqlite.memory_options(url)
    )
    sqlite.begin_like_a_database(engine.sync_engine, through_aiosqlite=True)
    return engine


@pytest.fixture(scope="session")
def db_engine(db_engines: list[AsyncEngine]) -> AsyncEngine:
    """One pooled engine for the whole session, on the session's event loop."""
    return db_engines[0]


@pytest_asyncio.fixture(loop_scope="session")
async def db_connection(db_engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection inside an outer transaction that is rolled back after the test."""
    async with db_engine.connect() as connection:
        await connection.begin()
        yield connection
        # Leaving the block closes the connection, which rolls the transaction back; the
        # pool then skips its own reset, one trip to the driver fewer for every test.


@pytest.fixture
def db_connections(
    request: pytest.FixtureRequest, db_connection: AsyncConnection
) -> dict[str, AsyncConnection]:
    """Each tuneup_models entry's connection, each in a transaction rolled back after
    the test: db_connection for all of them, unless their table names clash.

    A plain fixture: an async one runs the event loop twice per test (0.2-0.5 ms);
    the further databases' connections, when there are any, come from an async one.
    """
    return by_entry(request.config, [db_connection, *more_connections(request)])


@pytest_asyncio.fixture(loop_scope="session")
async def _tuneup_db_more_connections(
    db_engines: list[AsyncEngine],
) -> AsyncIterator[list[AsyncConnection]]:
    """The connections of the second and later databases (clashing table names), each
    in a transaction rolled back after the test."""
    async with AsyncExitStack() as others:
        connections = []
        for engine in db_engines[1:]:
            connection = await others.enter_async_context(engine.connect())
            await connection.begin()
            connections.append(connection)
        yield connections


@pytest_asyncio.fixture(loop_scope="session")
async def db_session(
    request: pytest.FixtureRequest,
    db_connection: AsyncConnection,
    db_connections: dict[str, AsyncConnection],
) -> AsyncIterator[AsyncSession]:
    """An AsyncSession whose commit() and rollback() stay in the test's transaction."""
    binds = session_binds(request.config, db_connections)
    tasks_before = asyncio.all_tasks()
    async with sessions.opened_async(request, db_connection, binds) as session:
        yield session
    cancel_pending_tasks(tasks_before)


@pytest_asyncio.fixture(loop_scope="session")
async def db_sessionmaker(
    request: pytest.FixtureRequest,
    db_connection: AsyncConnection,
    db_connections: dict[str, AsyncConnection],
) -> async_sessionmaker[Any]:
    """An async_sessionmaker for code that makes its own sessions: each one joins the
    test's transaction like db_session (same class), and nothing outlives the test."""
    binds = session_binds(request.config, db_connections)
    return await sessions.maker_async(request, db_connection, binds)


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
