"""Adding and finding places."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from atlas.models import Place


async def add_place(session: AsyncSession, name: str, country: str) -> Place:
    if len(country) != 2:
        raise ValueError("country is an ISO 3166 alpha-2 code")
    place = Place(name=name, country=country.upper())
    session.add(place)
    await session.commit()
    return place


async def places_in(session: AsyncSession, country: str) -> list[str]:
    rows = await session.scalars(select(Place.name).where(Place.country == country).order_by(Place.name))
    return list(rows)
