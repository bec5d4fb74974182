"""A database of its own for every test: both schemas, in memory (or on a file)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from atlas import visits
from atlas.models import Base
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine


@pytest.fixture
async def db(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[AsyncSession]:
    if request.node.get_closest_marker("on_disk"):
        url = f"sqlite+aiosqlite:///{tmp_path / 'atlas.db'}"
    else:
        url = "sqlite+aiosqlite://"
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
        await conn.run_sync(visits.metadata.create_all)
    async with AsyncSession(engine, expire_on_commit=False) as session:
        yield session
    async with engine.begin() as conn:
        await conn.run_sync(visits.metadata.drop_all)
        await conn.run_sync(Base.metadata.drop_all)
    await engine.dispose()
