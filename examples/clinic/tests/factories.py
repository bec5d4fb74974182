"""Helpers that put records in the database the way the front desk would."""

from __future__ import annotations

import asyncio
import datetime as dt
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from clinic.enums import AppointmentKind, AppointmentStatus, Role, Species
from clinic.models import Appointment, Clinician, Owner, Patient
from clinic.notifications import LogGateway, Message
from clinic.services import owners, scheduling

TODAY = dt.date(2024, 6, 10)


async def make_clinician(session: AsyncSession, name: str, role: Role, active: bool = True) -> Clinician:
    clinician = Clinician(name=name, role=role, active=active)
    session.add(clinician)
    await session.commit()
    return clinician


async def make_owner(session: AsyncSession, name: str, email: str, phone: str | None = None) -> Owner:
    return await owners.register_owner(session, name, email, phone)


async def make_patient(
    session: AsyncSession,
    owner: Owner,
    name: str,
    species: Species,
    weight_kg: Decimal | None = None,
    breed: str | None = None,
) -> Patient:
    return await owners.add_patient(
        session, owner.id, name, species, weight_kg=weight_kg, breed=breed, today=TODAY
    )


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A time in June 2024 (the 10th is a Monday)."""
    return dt.datetime(2024, 6, day, hour, minute)


async def book(
    session: AsyncSession,
    patient: Patient,
    clinician: Clinician,
    starts_at: dt.datetime,
    kind: AppointmentKind = AppointmentKind.CONSULTATION,
    now: dt.datetime = dt.datetime(2024, 6, 10, 8, 30),
) -> Appointment:
    return await scheduling.book(
        session, patient_id=patient.id, clinician_id=clinician.id, kind=kind, starts_at=starts_at, now=now
    )


async def seen(session: AsyncSession, appointment: Appointment) -> Appointment:
    """Check the appointment in and complete it, as on the day."""
    appointment.status = AppointmentStatus.CHECKED_IN
    await session.commit()
    return await scheduling.complete(session, appointment.id)


async def sent_messages(gateway: LogGateway, count: int, within: float = 2.0) -> list[Message]:
    """The gateway's messages once ``count`` have gone out; the notifier sends in batches."""
    for _ in range(int(within / 0.01)):
        if len(gateway.sent) >= count:
            break
        await asyncio.sleep(0.01)
    return list(gateway.sent)
