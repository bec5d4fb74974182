import pytest

from factories import sent_messages

pytestmark = pytest.mark.api


def booking(patient, clinician, starts_at="2024-06-10T09:00:00", kind="consultation"):
    return {"patient_id": patient.id, "clinician_id": clinician.id, "kind": kind, "starts_at": starts_at}


async def test_book_an_appointment(client, dog, vet):
    response = await client.post("/appointments", json=booking(dog, vet))

    assert response.status_code == 201
    body = response.json()
    assert (body["starts_at"], body["ends_at"], body["status"]) == (
        "2024-06-10T09:00:00",
        "2024-06-10T09:15:00",
        "booked",
    )


async def test_booking_texts_the_owner(client, gateway, dog, vet):
    await client.post("/appointments", json=booking(dog, vet, "2024-06-11T14:30:00"))

    messages = await sent_messages(gateway, 1)

    assert [message.to for message in messages] == ["+447700900123"]
    assert messages[0].text.startswith(
        "Harbour Vets: Biscuit's consultation is booked for Tue 11 Jun at 14:30"
    )


async def test_times_with_an_offset_are_converted_to_clinic_time(client, dog, vet):
    response = await client.post("/appointments", json=booking(dog, vet, "2024-06-10T09:00:00+00:00"))

    assert response.json()["starts_at"] == "2024-06-10T10:00:00"  # British Summer Time


async def test_a_double_booking_is_a_conflict(client, dog, cat, vet):
    await client.post("/appointments", json=booking(dog, vet))

    response = await client.post("/appointments", json=booking(cat, vet, "2024-06-10T09:05:00"))

    assert response.status_code == 409
    assert response.json()["code"] == "slot_taken"


async def test_booking_on_a_sunday_is_refused(client, dog, vet):
    response = await client.post("/appointments", json=booking(dog, vet, "2024-06-16T10:00:00"))

    assert response.status_code == 422
    assert response.json() == {"code": "booking_refused", "detail": "the clinic is closed that day"}


async def test_cancel_the_same_morning_is_late_and_texted(client, gateway, dog, vet):
    booked = (await client.post("/appointments", json=booking(dog, vet, "2024-06-10T11:00:00"))).json()

    response = await client.post(f"/appointments/{booked['id']}/cancel")

    assert response.json() == {"appointment_id": booked["id"], "late": True}
    messages = await sent_messages(gateway, 2)
    assert "is cancelled" in messages[-1].text


async def test_cancelling_twice_is_a_conflict(client, dog, vet):
    booked = (await client.post("/appointments", json=booking(dog, vet))).json()
    await client.post(f"/appointments/{booked['id']}/cancel")

    response = await client.post(f"/appointments/{booked['id']}/cancel")

    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"


async def test_check_in_and_complete(client, dog, vet):
    booked = (await client.post("/appointments", json=booking(dog, vet))).json()

    checked_in = await client.post(f"/appointments/{booked['id']}/check-in")
    completed = await client.post(f"/appointments/{booked['id']}/complete")

    assert checked_in.json()["status"] == "checked_in"
    assert completed.json()["status"] == "completed"


async def test_free_slots(client, dog, vet):
    await client.post("/appointments", json=booking(dog, vet, "2024-06-15T09:00:00"))

    response = await client.get(
        f"/clinicians/{vet.id}/free-slots", params={"day": "2024-06-15", "kind": "consultation"}
    )

    assert response.json()[:2] == ["2024-06-15T09:15:00", "2024-06-15T09:30:00"]


async def test_day_list(client, dog, cat, vet, nurse):
    await client.post("/appointments", json=booking(cat, nurse, "2024-06-10T10:00:00", "vaccination"))
    await client.post("/appointments", json=booking(dog, vet, "2024-06-10T09:00:00"))

    response = await client.get("/day-list", params={"day": "2024-06-10"})

    assert [(item["patient"]["name"], item["clinician"]["role"]) for item in response.json()] == [
        ("Biscuit", "vet"),
        ("Miso", "nurse"),
    ]
