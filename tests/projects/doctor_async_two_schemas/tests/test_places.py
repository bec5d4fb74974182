from __future__ import annotations

import pytest
from atlas.places import add_place, places_in
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession


async def test_a_place_is_stored(db: AsyncSession) -> None:
    await add_place(db, "Lisbon", "pt")
    assert await places_in(db, "PT") == ["Lisbon"]


@pytest.mark.parametrize("country", ["p", "prt", ""])
async def test_countries_are_two_letters(db: AsyncSession, country: str) -> None:
    with pytest.raises(ValueError):
        await add_place(db, "Porto", country)


async def test_names_are_unique(db: AsyncSession) -> None:
    await add_place(db, "Graz", "AT")
    with pytest.raises(IntegrityError):
        await add_place(db, "Graz", "AT")


@pytest.mark.memory
async def test_in_memory_too(db: AsyncSession) -> None:
    for name in ("Bergen", "Oslo", "Alta"):
        await add_place(db, name, "NO")
    assert await places_in(db, "NO") == ["Alta", "Bergen", "Oslo"]


async def test_every_test_starts_empty(db: AsyncSession) -> None:
    assert await places_in(db, "PT") == []
