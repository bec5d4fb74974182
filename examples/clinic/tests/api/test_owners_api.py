import pytest

pytestmark = pytest.mark.api


async def test_register_an_owner(client):
    response = await client.post(
        "/owners", json={"name": "Eleanor Rigby", "email": "Eleanor@Example.org", "phone": "07700 900123"}
    )

    assert response.status_code == 201
    body = response.json()
    assert body["email"] == "eleanor@example.org" and body["phone"] == "+447700900123"


async def test_registering_an_email_twice_is_a_conflict(client, owner):
    response = await client.post("/owners", json={"name": "E. Rigby", "email": "eleanor@example.org"})

    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_owner"


async def test_a_bad_email_is_unprocessable(client):
    response = await client.post("/owners", json={"name": "Eleanor Rigby", "email": "eleanor"})

    assert response.status_code == 422
    assert response.json() == {"code": "invalid", "detail": "'eleanor' is not an email address"}


async def test_owner_with_animals(client, owner, dog, cat):
    response = await client.get(f"/owners/{owner.id}")

    assert response.status_code == 200
    assert [(item["name"], item["species"]) for item in response.json()["patients"]] == [
        ("Biscuit", "dog"),
        ("Miso", "cat"),
    ]


async def test_unknown_owner_is_404(client):
    response = await client.get("/owners/12345")

    assert response.status_code == 404
    assert response.json()["detail"] == "owner 12345 does not exist"


async def test_search_owners(client, owner):
    response = await client.get("/owners", params={"q": "RIGBY"})

    assert [item["id"] for item in response.json()] == [owner.id]


async def test_add_a_patient(client, owner):
    response = await client.post(
        f"/owners/{owner.id}/patients",
        json={"name": "Pepper", "species": "rabbit", "weight_kg": "1.85", "born_on": "2022-03-01"},
    )

    assert response.status_code == 201
    assert response.json()["weight_kg"] == "1.85"


async def test_an_unknown_species_is_rejected_by_validation(client, owner):
    response = await client.post(
        f"/owners/{owner.id}/patients", json={"name": "Nibbles", "species": "hamster"}
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "species"]


async def test_update_weight(client, cat):
    response = await client.put(f"/patients/{cat.id}/weight", json={"weight_kg": "4.55"})

    assert response.status_code == 200 and response.json()["weight_kg"] == "4.55"
    implausible = await client.put(f"/patients/{cat.id}/weight", json={"weight_kg": "45.5"})
    assert implausible.status_code == 422
    assert "not a plausible weight for a cat" in implausible.json()["detail"]


async def test_record_a_death(client, dog):
    response = await client.post(f"/patients/{dog.id}/death")

    assert response.json() == {"cancelled_appointments": 0}
    assert (await client.get(f"/patients/{dog.id}")).json()["deceased"] is True
