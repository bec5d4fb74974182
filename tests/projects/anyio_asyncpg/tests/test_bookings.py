from datetime import datetime, timezone

import anyio
import pytest

from bookings.store import Overlap

pytestmark = pytest.mark.anyio


def at(hour, minute=0):
    return datetime(2024, 5, 6, hour, minute, tzinfo=timezone.utc)


async def test_back_to_back_bookings_fit(store, room):
    await store.book(room, "ada", at(9), at(10))
    await store.book(room, "bob", at(10), at(11))
    assert [member for member, _ in await store.day_plan(room)] == ["ada", "bob"]


async def test_overlapping_booking_is_refused(store, room):
    await store.book(room, "ada", at(9), at(11))
    with pytest.raises(Overlap, match="09:30"):
        await store.book(room, "bob", at(9, 30), at(10))


async def test_concurrent_requests_for_one_slot_give_one_booking(store, room):
    results = []

    async def attempt(member):
        try:
            results.append(await store.book(room, member, at(14), at(15)))
        except Overlap:
            results.append(None)

    async with anyio.create_task_group() as group:
        for member in ("ada", "bob", "cy"):
            group.start_soon(attempt, member)
    assert sum(result is not None for result in results) == 1


@pytest.mark.slow
async def test_a_full_day_of_hourly_bookings(store, room):
    for hour in range(8, 18):
        await store.book(room, f"member{hour}", at(hour), at(hour + 1))
    assert len(await store.day_plan(room)) == 10
