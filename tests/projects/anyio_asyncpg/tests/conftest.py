import os

import asyncpg
import pytest

from bookings.schema import DDL
from bookings.store import BookingStore


@pytest.fixture(scope="session")
def anyio_backend():
    return "asyncio"


@pytest.fixture(scope="session")
def database_url():
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set: no database to test against")
    # SQLAlchemy-style URLs name a driver; asyncpg wants the plain scheme.
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


@pytest.fixture
async def connection(database_url):
    """A connection inside a transaction that is rolled back after the test."""
    connection = await asyncpg.connect(database_url)
    transaction = connection.transaction()
    await transaction.start()
    await connection.execute("SET LOCAL search_path TO pg_temp")
    await connection.execute(DDL)
    try:
        yield connection
    finally:
        await transaction.rollback()
        await connection.close()


@pytest.fixture
async def store(connection):
    return BookingStore(connection)


@pytest.fixture
async def room(store):
    return await store.add_room("Library", seats=6)
