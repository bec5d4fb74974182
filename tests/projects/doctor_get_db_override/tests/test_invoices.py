"""Invoices: nights at the run's price, and walks."""

import pytest


@pytest.fixture
def stay(client, dog, run):
    body = {"dog_id": dog["id"], "run_id": run["id"], "start": "2026-08-10", "nights": 4}
    return client.post("/bookings", json=body).json()


def test_nights_at_the_runs_price(client, stay):
    bill = client.post(f"/bookings/{stay['id']}/invoice").json()
    assert bill == {"id": 1, "total_cents": 14000, "lines": ["4 nights in A1"]}


@pytest.mark.parametrize("walks", [1, 2, 5])
def test_walks_are_added(client, stay, walks):
    for day in range(walks):
        body = {"walker": "Sam", "day": f"2026-08-1{day}", "minutes": 30}
        assert client.post(f"/bookings/{stay['id']}/walks", json=body).status_code == 201
    bill = client.post(f"/bookings/{stay['id']}/invoice").json()
    assert bill["total_cents"] == 14000 + walks * 500
    assert bill["lines"][-1] == f"{walks} walks"


def test_one_invoice_per_booking(client, stay):
    client.post(f"/bookings/{stay['id']}/invoice")
    assert client.post(f"/bookings/{stay['id']}/invoice").status_code == 409


def test_a_cancelled_booking_is_not_invoiced(client, stay):
    client.delete(f"/bookings/{stay['id']}")
    assert client.post(f"/bookings/{stay['id']}/invoice").status_code == 409


def test_walkers_are_remembered_by_name(client, stay):
    first = client.post(f"/bookings/{stay['id']}/walks", json={"walker": "Sam", "day": "2026-08-10", "minutes": 20})
    second = client.post(f"/bookings/{stay['id']}/walks", json={"walker": "Sam", "day": "2026-08-11", "minutes": 25})
    assert first.json()["walker"] == second.json()["walker"] == "Sam"


def test_an_unknown_booking_has_no_invoice(client):
    assert client.post("/bookings/5/invoice").status_code == 404
