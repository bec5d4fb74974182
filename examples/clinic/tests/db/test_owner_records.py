import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from clinic.enums import AppointmentStatus, Species
from clinic.models import Appointment
from clinic.services import owners
from clinic.services.errors import DomainError, DuplicateOwner, DuplicatePatient
from factories import TODAY, at, book, make_owner, make_patient


async def test_register_owner_normalises_what_the_desk_typed(session):
    owner = await owners.register_owner(session, "  Eleanor   Rigby ", "Eleanor@Example.org", "07700 900123")

    assert (owner.name, owner.email, owner.phone) == ("Eleanor Rigby", "eleanor@example.org", "+447700900123")
    assert owner.id is not None


async def test_an_email_registers_once(session, owner):
    owner_id = owner.id  # the rollback expires every loaded object
    with pytest.raises(DuplicateOwner, match="eleanor@example.org"):
        await owners.register_owner(session, "Someone Else", "ELEANOR@example.org")

    # The failed registration did not break the session.
    assert (await owners.get_owner(session, owner_id)).name == "Eleanor Rigby"


async def test_get_owner_lists_the_animals_by_name(session, owner, dog, cat):
    found = await owners.get_owner(session, owner.id)

    assert [patient.name for patient in found.patients] == ["Biscuit", "Miso"]


async def test_find_owners_by_name_email_or_phone(session, owner):
    other = await make_owner(session, "Jude Fielding", "jude@example.net", "07700 900999")

    assert await owners.find_owners(session, "rigby") == [owner]
    assert await owners.find_owners(session, "example.net") == [other]
    assert await owners.find_owners(session, "900999") == [other]
    assert len(await owners.find_owners(session, "example")) == 2


async def test_add_patient(session, owner):
    patient = await owners.add_patient(
        session,
        owner.id,
        "Pepper",
        Species.RABBIT,
        weight_kg=Decimal("1.8"),
        born_on=dt.date(2022, 3, 1),
        today=TODAY,
    )

    assert patient.owner_id == owner.id and patient.weight_kg == Decimal("1.80")
    assert not patient.deceased


async def test_two_animals_of_one_owner_need_different_names(session, owner, dog):
    with pytest.raises(DuplicatePatient, match="already has an animal called biscuit"):
        await owners.add_patient(session, owner.id, "biscuit", Species.CAT, today=TODAY)


async def test_different_owners_may_use_the_same_name(session, owner, dog):
    neighbour = await make_owner(session, "Father McKenzie", "mckenzie@example.org")

    assert (await make_patient(session, neighbour, "Biscuit", Species.DOG)).name == "Biscuit"


async def test_patients_are_not_born_in_the_future(session, owner):
    with pytest.raises(DomainError, match="born in the future"):
        await owners.add_patient(
            session, owner.id, "Soon", Species.CAT, born_on=TODAY + dt.timedelta(days=1), today=TODAY
        )


async def test_record_weight(session, dog):
    await owners.record_weight(session, dog.id, Decimal("26.125"))

    assert (await owners.get_patient(session, dog.id)).weight_kg == Decimal("26.13")


async def test_record_death_cancels_future_bookings_only(session, vet, dog, now):
    past = Appointment(
        patient_id=dog.id,
        clinician_id=vet.id,
        kind="consultation",
        starts_at=at(3, 10),
        ends_at=at(3, 10, 15),
        status=AppointmentStatus.COMPLETED,
    )
    session.add(past)
    await session.commit()
    await book(session, dog, vet, at(11, 9))
    await book(session, dog, vet, at(12, 9))

    cancelled = await owners.record_death(session, dog.id, now)

    assert cancelled == 2
    statuses = (await session.scalars(select(Appointment.status).order_by(Appointment.starts_at))).all()
    assert statuses == [AppointmentStatus.COMPLETED, AppointmentStatus.CANCELLED, AppointmentStatus.CANCELLED]
    with pytest.raises(DomainError, match="deceased"):
        await owners.record_weight(session, dog.id, Decimal(20))


async def test_multi_pet_households_count_living_animals(session, owner, dog, cat, now):
    rabbit = await make_patient(session, owner, "Pepper", Species.RABBIT)
    assert await owners.qualifies_for_multi_pet(session, owner.id)

    await owners.record_death(session, rabbit.id, now)

    assert not await owners.qualifies_for_multi_pet(session, owner.id)
