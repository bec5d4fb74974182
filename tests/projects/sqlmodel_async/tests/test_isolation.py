"""Nothing one test writes (through db_session, the API or the sorter) reaches another."""

import pytest
from sqlmodel import func, select

from depot.models import Parcel


@pytest.mark.parametrize("attempt", range(1, 5))
async def test_the_same_parcel_is_new_in_every_test(db_session, attempt):
    db_session.add(Parcel(barcode="PX-7777", destination="north", weight_grams=attempt))
    await db_session.commit()

    assert (await db_session.exec(select(func.count()).select_from(Parcel))).one() == 1


@pytest.mark.parametrize("attempt", range(1, 5))
async def test_the_api_receives_the_same_parcel_in_every_test(client, attempt):
    response = await client.post("/parcels", json={"barcode": "PX-8888", "destination": "south", "weight_grams": attempt})

    assert response.status_code == 201
    assert (await client.get("/count")).json() == 1


@pytest.mark.parametrize("attempt", range(1, 4))
async def test_the_sorter_finds_only_this_tests_parcel(db_sessionmaker, sorter, attempt):
    async with db_sessionmaker() as session:
        session.add(Parcel(barcode="PX-9999", destination="east", weight_grams=attempt))
        await session.commit()

    assert await sorter.sort_waiting() == 1
