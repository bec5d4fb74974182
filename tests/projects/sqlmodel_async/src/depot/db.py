"""The production engine and the session dependency the routes use."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

DATABASE_URL = os.environ.get("DEPOT_DATABASE_URL", "sqlite+aiosqlite:///depot.sqlite3")

engine = create_async_engine(DATABASE_URL)


async def get_session() -> AsyncIterator[AsyncSession]:
    async with AsyncSession(engine, expire_on_commit=False) as session:
        yield session
