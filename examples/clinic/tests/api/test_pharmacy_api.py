from decimal import Decimal

import pytest

pytestmark = pytest.mark.api

CARPROFEN = "KV-CARPR-50T-14"
PREDNISOLONE = "MW-PREDN-5T-10"


async def test_health_reports_the_formulary_and_the_notifier(client):
    response = await client.get("/health")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["notifier"] == "running"
    assert body["formulary_products"] > 1000


async def test_search_the_formulary_for_a_species(client):
    response = await client.get("/formulary/search", params={"q": "spot", "species": "cat", "limit": 100})

    ingredients = {item["ingredient"] for item in response.json()}
    assert "selamectin" in ingredients and "permethrin" not in ingredients


async def test_one_product(client):
    response = await client.get(f"/formulary/products/{CARPROFEN}")

    assert response.json()["name"] == "Carprofen 50mg Tablets x14 (Kestrel Veterinary)"
    assert (await client.get("/formulary/products/XX-NOPE")).status_code == 404


async def test_interactions_between_products(client):
    response = await client.get("/formulary/interactions", params={"codes": [CARPROFEN, PREDNISOLONE]})

    assert [item["severity"] for item in response.json()] == ["major"]


async def test_prescribe_through_the_api(client, dog, vet):
    response = await client.post(
        "/prescriptions",
        json={
            "patient_id": dog.id,
            "clinician_id": vet.id,
            "product_code": CARPROFEN,
            "days": 7,
            "starts_on": "2024-06-10",
        },
    )

    assert response.status_code == 201
    prescription = response.json()["prescription"]
    assert Decimal(prescription["dose_mg"]) == 100 and Decimal(prescription["quantity"]) == 14
    assert prescription["ends_on"] == "2024-06-16"


async def test_a_major_interaction_asks_for_a_reason(client, dog, vet):
    first = {
        "patient_id": dog.id,
        "clinician_id": vet.id,
        "product_code": CARPROFEN,
        "days": 14,
        "starts_on": "2024-06-10",
    }
    await client.post("/prescriptions", json=first)

    response = await client.post("/prescriptions", json={**first, "product_code": PREDNISOLONE, "days": 5})

    assert response.status_code == 422
    assert response.json()["code"] == "needs_override"
    current = await client.get(f"/patients/{dog.id}/prescriptions", params={"on": "2024-06-12"})
    assert [item["product_code"] for item in current.json()] == [CARPROFEN]
