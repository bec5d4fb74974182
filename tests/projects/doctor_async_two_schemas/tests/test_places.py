from __future__ import annotations

import pytest
from atlas.places import add_place, places_in
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession


CITIES = [
    ("Lisbon", "pt"),
    ("Porto", "PT"),
    ("Madrid", "es"),
    ("Seville", "ES"),
    ("Lyon", "fr"),
    ("Nantes", "FR"),
    ("Turin", "it"),
    ("Bari", "IT"),
    ("Ghent", "be"),
    ("Bruges", "BE"),
    ("Utrecht", "nl"),
    ("Delft", "NL"),
    ("Bergen", "no"),
    ("Tromso", "NO"),
    ("Uppsala", "se"),
    ("Malmo", "SE"),
    ("Tartu", "ee"),
    ("Riga", "LV"),
    ("Kaunas", "lt"),
    ("Krakow", "PL"),
    ("Brno", "cz"),
    ("Graz", "AT"),
    ("Basel", "ch"),
    ("Cork", "IE"),
    ("Split", "hr"),
]


@pytest.mark.parametrize(("name", "country"), CITIES)
async def test_a_place_is_stored(db: AsyncSession, name: str, country: str) -> None:
    await add_place(db, name, country)
    assert await places_in(db, country.upper()) == [name]


@pytest.mark.parametrize("country", ["p", "prt", ""])
async def test_countries_are_two_letters(db: AsyncSession, country: str) -> None:
    with pytest.raises(ValueError):
        await add_place(db, "Porto", country)


async def test_names_are_unique(db: AsyncSession) -> None:
    await add_place(db, "Graz", "AT")
    with pytest.raises(IntegrityError):
        await add_place(db, "Graz", "AT")


@pytest.mark.on_disk
async def test_on_disk_too(db: AsyncSession) -> None:
    for name in ("Bergen", "Oslo", "Alta"):
        await add_place(db, name, "NO")
    assert await places_in(db, "NO") == ["Alta", "Bergen", "Oslo"]


@pytest.mark.parametrize("country", sorted({country.upper() for _, country in CITIES}))
async def test_every_test_starts_empty(db: AsyncSession, country: str) -> None:
    assert await places_in(db, country) == []
