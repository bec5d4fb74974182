"""Runs fill up; cancelled bookings free their place."""

import pytest


def booking(client, dog, run, start="2026-07-01", nights=3):
    return client.post("/bookings", json={"dog_id": dog["id"], "run_id": run["id"], "start": start, "nights": nights})


def another_dog(client, owner, name):
    return client.post(f"/owners/{owner['id']}/dogs", json={"name": name}).json()


def test_a_booking_names_its_run(client, dog, run):
    response = booking(client, dog, run)
    assert response.status_code == 201
    assert response.json()["run"] == "A1"


@pytest.mark.parametrize("nights", [0, -1])
def test_a_booking_is_at_least_one_night(client, dog, run, nights):
    assert booking(client, dog, run, nights=nights).status_code == 422


def test_a_run_label_is_taken_once(client, run):
    assert client.post("/runs", json={"label": "A1", "nightly_cents": 1}).status_code == 409


def test_a_full_run_refuses_a_third_dog(client, owner, dog, run):
    booking(client, dog, run)
    booking(client, another_dog(client, owner, "Pip"), run)
    response = booking(client, another_dog(client, owner, "Taz"), run)
    assert response.status_code == 409
    assert response.json()["detail"] == "run A1 is full"


@pytest.mark.parametrize(
    ("start", "free"), [("2026-06-28", True), ("2026-06-29", False), ("2026-07-03", False), ("2026-07-04", True)]
)
def test_only_overlapping_nights_count(client, owner, dog, run, start, free):
    booking(client, dog, run)
    booking(client, another_dog(client, owner, "Pip"), run)
    third = booking(client, another_dog(client, owner, "Taz"), run, start=start)
    assert (third.status_code == 201) is free


def test_a_cancelled_booking_frees_its_place(client, owner, dog, run):
    first = booking(client, dog, run).json()
    booking(client, another_dog(client, owner, "Pip"), run)
    assert client.delete(f"/bookings/{first['id']}").status_code == 204
    assert booking(client, another_dog(client, owner, "Taz"), run).status_code == 201


@pytest.mark.parametrize(("day", "dogs"), [("2026-06-30", 0), ("2026-07-01", 1), ("2026-07-03", 1), ("2026-07-04", 0)])
def test_occupancy_by_day(client, dog, run, day, dogs):
    booking(client, dog, run)
    assert client.get(f"/runs/{run['id']}/occupancy", params={"day": day}).json()["dogs"] == dogs


def test_a_booking_needs_a_dog_and_a_run(client, run):
    assert booking(client, {"id": 99}, run).status_code == 404
