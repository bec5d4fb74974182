"""Visits: a Core table in its own MetaData, shared with the reporting jobs."""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

metadata = MetaData()

visits = Table(
    "visits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("place_name", String(120), nullable=False),
    Column("visitor", String(120), nullable=False),
)


async def log_visit(session: AsyncSession, place_name: str, visitor: str) -> None:
    await session.execute(insert(visits).values(place_name=place_name, visitor=visitor))
    await session.commit()


async def visit_counts(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(select(visits.c.place_name, func.count()).group_by(visits.c.place_name))
    return {name: count for name, count in rows.all()}
