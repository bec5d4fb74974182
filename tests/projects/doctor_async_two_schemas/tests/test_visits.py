from __future__ import annotations

import pytest
from atlas.visits import log_visit, visit_counts
from sqlalchemy.ext.asyncio import AsyncSession


@pytest.mark.parametrize("visits", range(1, 46))
async def test_visits_are_counted(db: AsyncSession, visits: int) -> None:
    for number in range(visits):
        await log_visit(db, "Lisbon", f"visitor {number % 3}")
    assert await visit_counts(db) == {"Lisbon": visits}


@pytest.mark.parametrize("places", [["Oslo"], ["Oslo", "Graz"], ["Oslo", "Graz", "Alta"]])
async def test_each_place_has_its_count(db: AsyncSession, places: list[str]) -> None:
    for place in places:
        await log_visit(db, place, "someone")
    assert await visit_counts(db) == {place: 1 for place in places}


async def test_no_visits_yet(db: AsyncSession) -> None:
    assert await visit_counts(db) == {}
