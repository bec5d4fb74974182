"""The API and the test share one SQLModel AsyncSession: routes await exec() on it."""

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from depot.models import Parcel


async def test_db_session_is_sqlmodels_async_session(db_session):
    assert isinstance(db_session, AsyncSession)
    assert (await db_session.exec(select(Parcel))).all() == []


async def test_a_parcel_written_by_the_test_is_served(client, parcel):
    response = await client.get("/parcels")

    assert [item["barcode"] for item in response.json()] == ["PX-0001"]


async def test_a_parcel_received_through_the_api_is_in_db_session(client, db_session):
    response = await client.post("/parcels", json={"barcode": "PX-0002", "destination": "south", "weight_grams": 90})

    assert response.status_code == 201
    stored = (await db_session.exec(select(Parcel).where(Parcel.barcode == "PX-0002"))).one()
    assert stored.id == response.json()["id"]


async def test_a_parcel_is_received_once(client, parcel):
    response = await client.post("/parcels", json={"barcode": "PX-0001", "destination": "south", "weight_grams": 1})

    assert response.status_code == 409
