import asyncpg
import pytest

pytestmark = pytest.mark.anyio


async def test_a_room_gets_an_id(store):
    assert isinstance(await store.add_room("Garden", 4), int)


async def test_room_names_are_unique(store, room):
    with pytest.raises(asyncpg.UniqueViolationError):
        await store.add_room("Library", 2)


async def test_a_room_has_seats(store):
    with pytest.raises(asyncpg.CheckViolationError):
        await store.add_room("Cupboard", 0)


async def test_each_test_starts_empty(connection):
    assert await connection.fetchval("SELECT count(*) FROM rooms") == 0
