"""Tests that assert ids: the first parcel of each test is /parcels/1."""

import pytest

pytestmark = pytest.mark.tuneup_reset_sequences


@pytest.mark.parametrize("attempt", range(1, 4))
async def test_the_first_parcel_is_parcel_one(client, attempt):
    response = await client.post("/parcels", json={"barcode": f"ID-{attempt}", "destination": "north", "weight_grams": 5})

    assert response.json()["id"] == 1
    assert (await client.get("/parcels/1")).json()["barcode"] == f"ID-{attempt}"
