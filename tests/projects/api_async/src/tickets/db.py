"""The production engine and the session dependency the routes use."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

DATABASE_URL = os.environ.get("TICKETS_DATABASE_URL", "sqlite+aiosqlite:///tickets.sqlite3")

engine = create_async_engine(DATABASE_URL, pool_pre_ping=True)
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)


async def get_session() -> AsyncIterator[AsyncSession]:
    """One session per request, closed when the response has been sent."""
    async with SessionLocal() as session:
        yield session
