import datetime as dt

import pytest

from clinic.enums import AppointmentKind, AppointmentStatus, Role, Species
from clinic.services import owners, scheduling
from clinic.services.errors import BookingRefused, InvalidTransition, NotFound, SlotTaken
from factories import at, book, make_clinician, make_owner, make_patient


async def test_a_consultation_takes_fifteen_minutes(session, vet, dog):
    appointment = await book(session, dog, vet, at(10, 9))

    assert (appointment.starts_at, appointment.ends_at) == (at(10, 9), at(10, 9, 15))
    assert appointment.status is AppointmentStatus.BOOKED


async def test_a_vet_cannot_be_in_two_places(session, vet, dog, cat):
    await book(session, dog, vet, at(10, 9))

    with pytest.raises(SlotTaken, match="Dr Amara Okafor is busy"):
        await book(session, cat, vet, at(10, 9, 10))


async def test_back_to_back_appointments_are_fine(session, vet, dog, cat):
    await book(session, dog, vet, at(10, 9))

    assert (await book(session, cat, vet, at(10, 9, 15))).starts_at == at(10, 9, 15)


async def test_a_patient_cannot_see_two_vets_at_once(session, vet, second_vet, dog):
    await book(session, dog, vet, at(10, 9))

    with pytest.raises(SlotTaken, match="Biscuit already has an appointment"):
        await book(session, dog, second_vet, at(10, 9, 5))


async def test_a_cancelled_appointment_frees_the_slot(session, vet, dog, cat, now):
    first = await book(session, dog, vet, at(10, 9))
    await scheduling.cancel(session, first.id, now)

    assert (await book(session, cat, vet, at(10, 9))).status is AppointmentStatus.BOOKED


async def test_nurses_do_not_operate(session, nurse, dog):
    with pytest.raises(BookingRefused, match=r"Priya Shah RVN \(nurse\) cannot take a surgery"):
        await book(session, dog, nurse, at(11, 9), AppointmentKind.SURGERY)


async def test_nurses_vaccinate(session, nurse, cat):
    appointment = await book(session, cat, nurse, at(10, 10), AppointmentKind.VACCINATION)

    assert appointment.ends_at - appointment.starts_at == dt.timedelta(minutes=10)


async def test_inactive_clinicians_cannot_be_booked(session, dog):
    locum = await make_clinician(session, "Dr Former Locum", Role.VET, active=False)

    with pytest.raises(NotFound, match="clinician"):
        await book(session, dog, locum, at(10, 9))


async def test_deceased_patients_cannot_be_booked(session, vet, dog, now):
    await owners.record_death(session, dog.id, now)

    with pytest.raises(BookingRefused, match="deceased"):
        await book(session, dog, vet, at(10, 9))


@pytest.mark.parametrize(("minutes_before", "late"), [(60 * 24, False), (60 * 23, True)])
async def test_late_cancellation_is_within_24_hours(session, vet, dog, minutes_before, late):
    appointment = await book(session, dog, vet, at(12, 10))

    assert (
        await scheduling.cancel(session, appointment.id, at(12, 10) - dt.timedelta(minutes=minutes_before))
        is late
    )


async def test_the_day_runs_booked_checked_in_completed(session, vet, dog):
    appointment = await book(session, dog, vet, at(10, 9))

    with pytest.raises(InvalidTransition, match="opens 30 minutes before"):
        await scheduling.check_in(session, appointment.id, at(10, 8, 25))
    await scheduling.check_in(session, appointment.id, at(10, 8, 50))
    done = await scheduling.complete(session, appointment.id)

    assert done.status is AppointmentStatus.COMPLETED
    with pytest.raises(InvalidTransition, match="completed; it cannot become cancelled"):
        await scheduling.cancel(session, appointment.id, at(10, 9, 20))


async def test_no_show_only_after_the_grace_period(session, vet, dog):
    appointment = await book(session, dog, vet, at(10, 9))

    with pytest.raises(InvalidTransition, match="15 minutes after the start"):
        await scheduling.mark_no_show(session, appointment.id, at(10, 9, 10))
    missed = await scheduling.mark_no_show(session, appointment.id, at(10, 9, 15))

    assert missed.status is AppointmentStatus.NO_SHOW


async def test_free_slots_leave_out_booked_times(session, vet, dog):
    await book(session, dog, vet, at(15, 9, 0))
    await book(session, dog, vet, at(15, 9, 30))

    slots = await scheduling.free_slots(session, vet.id, dt.date(2024, 6, 15), AppointmentKind.CONSULTATION)

    assert slots[:4] == [at(15, 9, 15), at(15, 9, 45), at(15, 10), at(15, 10, 15)]
    assert slots[-1] == at(15, 12, 45)


async def test_free_slots_are_empty_for_a_kind_the_clinician_does_not_do(session, nurse):
    assert await scheduling.free_slots(session, nurse.id, dt.date(2024, 6, 11), AppointmentKind.DENTAL) == []


async def test_day_list_in_time_order_with_patients(session, vet, nurse, dog, cat):
    other_owner = await make_owner(session, "Jude Fielding", "jude@example.net")
    hamish = await make_patient(session, other_owner, "Hamish", Species.DOG)
    await book(session, cat, nurse, at(11, 11), AppointmentKind.VACCINATION)
    await book(session, dog, vet, at(11, 9))
    await book(session, hamish, vet, at(11, 9, 15))
    await book(session, hamish, vet, at(12, 9))

    day = await scheduling.day_list(session, dt.date(2024, 6, 11))
    vets_day = await scheduling.day_list(session, dt.date(2024, 6, 11), clinician_id=vet.id)

    assert [(item.starts_at.time(), item.patient.name) for item in day] == [
        (dt.time(9), "Biscuit"),
        (dt.time(9, 15), "Hamish"),
        (dt.time(11), "Miso"),
    ]
    assert [item.patient.name for item in vets_day] == ["Biscuit", "Hamish"]
