"""The database fixtures for ``tuneup_db_api = async``: AsyncEngine, AsyncConnection,
AsyncSession, all on the session's event loop (pytest-asyncio).

Registered by ``pytest_tuneup.db``; not a plugin of its own.
"""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import AsyncIterator
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
from . import postgresql, run, sessions, sqlite
from .schema import MORE_CONNECTIONS, build, by_entry, more_connections, table_binds

#: This run's database URLs and engines, the first of each db_engine's.
URLS = pytest.StashKey[list[URL]]()
ENGINES = pytest.StashKey[list[AsyncEngine]]()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def db_engine() -> AsyncIterator[AsyncEngine]:
    """One pooled engine for the whole session, on the session's event loop.

    It prepares every database of the schema (db_urls) and makes their engines
    (db_engines), on that loop; it, not they, is what the per-test fixtures ask for:
    pytest looks up every fixture a test's fixtures depend on for every test, cached
    or not, so each one in the chain costs each test, and so do its arguments (it
    has none; see run.py).
    """
    config = run.config()
    tmp_path_factory = run.temporary_paths(config)
    prepared: list[URL] = []
    if settings.read(config).database == "postgresql":
        prepared = postgresql.prepare_databases(config, tmp_path_factory)
        urls = [url.set(drivername="postgresql+asyncpg") for url in prepared]
    else:
        urls = sqlite.prepare_databases(config, tmp_path_factory)
    engines: list[AsyncEngine] = []
    try:
        engines.extend(async_engine(url) for url in urls)
        if sqlite.in_memory(urls[0]):
            # Each in-memory engine is a database of its own: build them here.
            async with AsyncExitStack() as stack:
                connections = [
                    await stack.enter_async_context(e.begin()) for e in engines
                ]
                await connections[0].run_sync(
                    lambda _: build(
                        config, [c.sync_connection for c in connections], False
                    )
                )
        for engine in engines:
            await warm_up(engine)
        config.stash[URLS] = urls
        config.stash[ENGINES] = engines
        yield engines[0]
    finally:
        for engine in engines:
            await engine.dispose()
        for url in prepared:
            postgresql.release(url)


@pytest.fixture(scope="session")
def db_engines(
    request: pytest.FixtureRequest, db_engine: AsyncEngine
) -> list[AsyncEngine]:
    """An engine per database of the schema, on the session's event loop."""
    return request.config.stash[ENGINES]


@pytest.fixture(scope="session")
def db_urls(request: pytest.FixtureRequest, db_engine: AsyncEngine) -> list[URL]:
    """This worker's test databases, one per schema group, prepared once per session."""
    return request.config.stash[URLS]


@pytest.fixture(scope="session")
def db_url(db_urls: list[URL]) -> URL:
    """The URL of this worker's test database (the first, with several schemas)."""
    return db_urls[0]


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


@pytest_asyncio.fixture(loop_scope="session")
async def db_connection(db_engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection inside an outer transaction that is rolled back after the test.

    With several databases, the others' connections too (db_connections). Like
    db_engine, it and the fixtures below take the run's configuration from run.py,
    not from ``request`` (pytest-asyncio's wrapper does not need it either)."""
    others = run.config().stash[ENGINES][1:]
    async with db_engine.connect() as connection:
        await connection.begin()
        if not others:
            yield connection
            # Leaving the block closes the connection, which rolls the transaction
            # back; the pool then skips its own reset, one trip to the driver fewer.
            return
        async with AsyncExitStack() as stack:
            more = [await stack.enter_async_context(e.connect()) for e in others]
            for other in more:
                await other.begin()
            connection.info[MORE_CONNECTIONS] = more
            try:
                yield connection
            finally:
                del connection.info[MORE_CONNECTIONS]


@pytest.fixture
def db_connections(db_connection: AsyncConnection) -> dict[str, AsyncConnection]:
    """Each tuneup_models entry's connection, each in a transaction rolled back after
    the test: db_connection for all of them, unless their table names clash."""
    return by_entry(run.config(), [db_connection, *more_connections(db_connection)])


@pytest_asyncio.fixture(loop_scope="session")
async def db_session(db_connection: AsyncConnection) -> AsyncIterator[AsyncSession]:
    """An AsyncSession whose commit() and rollback() stay in the test's transaction."""
    config = run.config()
    binds = table_binds(config, [db_connection, *more_connections(db_connection)])
    tasks_before = asyncio.all_tasks()
    async with sessions.opened_async(config, db_connection, binds) as session:
        yield session
    cancel_pending_tasks(tasks_before)


@pytest_asyncio.fixture(loop_scope="session")
async def db_sessionmaker(db_connection: AsyncConnection) -> async_sessionmaker[Any]:
    """An async_sessionmaker for code that makes its own sessions: each one joins the
    test's transaction like db_session (same class), and nothing outlives the test."""
    config = run.config()
    binds = table_binds(config, [db_connection, *more_connections(db_connection)])
    return await sessions.maker_async(config, db_connection, binds)


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
