from decimal import Decimal

import pytest

from factories import at, book, seen

pytestmark = pytest.mark.api


async def test_invoice_issue_and_pay_a_consultation(client, session, owner, dog, vet):
    appointment = await seen(session, await book(session, dog, vet, at(10, 9)))

    invoice = (await client.post(f"/appointments/{appointment.id}/invoice")).json()
    issued = (await client.post(f"/invoices/{invoice['id']}/issue")).json()
    paid = await client.post(
        f"/invoices/{invoice['id']}/payments", json={"amount": "58.20", "method": "card"}
    )

    assert (invoice["total_cents"], issued["status"]) == (5820, "issued")
    assert paid.json()["status"] == "paid" and paid.json()["balance_cents"] == 0
    assert (await client.get(f"/owners/{owner.id}/balance")).json()["balance"] == "GBP 0.00"


async def test_a_balance_after_a_part_payment(client, session, owner, dog, vet):
    appointment = await seen(session, await book(session, dog, vet, at(10, 9)))
    invoice = (await client.post(f"/appointments/{appointment.id}/invoice")).json()
    await client.post(f"/invoices/{invoice['id']}/issue")
    await client.post(f"/invoices/{invoice['id']}/payments", json={"amount": "20", "method": "cash"})

    response = await client.get(f"/owners/{owner.id}/balance")

    assert response.json() == {"owner_id": owner.id, "balance_cents": 3820, "balance": "GBP 38.20"}


async def test_an_amount_with_three_decimals_is_rejected(client, owner):
    sale = (
        await client.post(
            "/invoices/counter-sale", json={"owner_id": owner.id, "items": [{"code": "KV-FIPRO-134SO-3"}]}
        )
    ).json()
    await client.post(f"/invoices/{sale['id']}/issue")

    response = await client.post(
        f"/invoices/{sale['id']}/payments", json={"amount": "1.005", "method": "card"}
    )

    assert response.status_code == 422


async def test_invoicing_a_booked_appointment_is_a_conflict(client, session, dog, vet):
    appointment = await book(session, dog, vet, at(10, 9))

    response = await client.post(f"/appointments/{appointment.id}/invoice")

    assert response.status_code == 409
    assert "nothing to invoice" in response.json()["detail"]


async def test_counter_sale_for_an_unknown_owner(client):
    response = await client.post(
        "/invoices/counter-sale", json={"owner_id": 999, "items": [{"code": "KV-FIPRO-134SO-3"}]}
    )

    assert response.status_code == 404


async def test_void_a_draft(client, owner):
    sale = (
        await client.post(
            "/invoices/counter-sale",
            json={"owner_id": owner.id, "items": [{"code": "KV-FIPRO-134SO-3", "packs": 2}]},
        )
    ).json()

    response = await client.post(f"/invoices/{sale['id']}/void")

    assert response.json()["status"] == "void"
    assert len(sale["lines"]) == 1 and Decimal(sale["lines"][0]["quantity"]) == 2
