"""Booking, cancelling and running the day's appointments.

Times are naive datetimes in the clinic's local time (Settings.timezone); the API
converts at the edge.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from clinic.enums import AppointmentKind, AppointmentStatus, Role
from clinic.models import Appointment, Clinician
from clinic.services.errors import BookingRefused, InvalidTransition, NotFound, SlotTaken
from clinic.services.owners import get_patient

#: Opening hours by weekday (Monday is 0); closed on Sundays.
OPENING_HOURS: dict[int, tuple[dt.time, dt.time]] = {
    **{day: (dt.time(8, 0), dt.time(18, 30)) for day in range(5)},
    5: (dt.time(9, 0), dt.time(13, 0)),
}

DURATION = {
    AppointmentKind.CONSULTATION: dt.timedelta(minutes=15),
    AppointmentKind.VACCINATION: dt.timedelta(minutes=10),
    AppointmentKind.NURSE_CLINIC: dt.timedelta(minutes=20),
    AppointmentKind.DENTAL: dt.timedelta(minutes=60),
    AppointmentKind.SURGERY: dt.timedelta(minutes=90),
}

#: Who may see an appointment of each kind.
ALLOWED_ROLES = {
    AppointmentKind.CONSULTATION: {Role.VET},
    AppointmentKind.VACCINATION: {Role.VET, Role.NURSE},
    AppointmentKind.NURSE_CLINIC: {Role.NURSE, Role.VET},
    AppointmentKind.DENTAL: {Role.VET},
    AppointmentKind.SURGERY: {Role.VET},
}

#: Procedures under anaesthetic are admitted in the morning, on weekdays only.
THEATRE_KINDS = {AppointmentKind.DENTAL, AppointmentKind.SURGERY}
THEATRE_LAST_ADMISSION = dt.time(12, 0)

GRID = dt.timedelta(minutes=5)
EARLY_CHECK_IN = dt.timedelta(minutes=30)
NO_SHOW_GRACE = dt.timedelta(minutes=15)

#: States from which an appointment can no longer change.
FINAL = {AppointmentStatus.COMPLETED, AppointmentStatus.CANCELLED, AppointmentStatus.NO_SHOW}


def opening_hours(day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
    hours = OPENING_HOURS.get(day.weekday())
    if hours is None:
        return None
    return dt.datetime.combine(day, hours[0]), dt.datetime.combine(day, hours[1])


def overlaps(start_a: dt.datetime, end_a: dt.datetime, start_b: dt.datetime, end_b: dt.datetime) -> bool:
    """Half-open intervals: one appointment may start the minute another ends."""
    return start_a < end_b and start_b < end_a


def on_grid(moment: dt.datetime) -> bool:
    return moment.second == 0 and moment.microsecond == 0 and moment.minute % 5 == 0


def booking_problem(
    kind: AppointmentKind,
    starts_at: dt.datetime,
    now: dt.datetime,
    horizon: dt.timedelta,
) -> str | None:
    """Why a booking of ``kind`` at ``starts_at`` is impossible whoever takes it, or None."""
    ends_at = starts_at + DURATION[kind]
    hours = opening_hours(starts_at.date())
    if not on_grid(starts_at):
        return "appointments start on a five-minute mark"
    if starts_at < now:
        return "that time has passed"
    if starts_at - now > horizon:
        return f"bookings open {horizon.days} days ahead"
    if hours is None:
        return "the clinic is closed that day"
    if starts_at < hours[0] or ends_at > hours[1]:
        return f"the clinic is open {hours[0]:%H:%M}-{hours[1]:%H:%M} that day"
    if kind in THEATRE_KINDS:
        if starts_at.weekday() >= 5:
            return "theatre runs on weekdays only"
        if starts_at.time() > THEATRE_LAST_ADMISSION:
            return f"theatre admissions are until {THEATRE_LAST_ADMISSION:%H:%M}"
    return None


def free_starts(
    day: dt.date,
    kind: AppointmentKind,
    busy: Iterable[tuple[dt.datetime, dt.datetime]],
    step: dt.timedelta = dt.timedelta(minutes=15),
) -> list[dt.datetime]:
    """The start times on ``day`` where an appointment of ``kind`` fits between ``busy`` ones."""
    hours = opening_hours(day)
    if hours is None:
        return []
    taken = sorted(busy)
    length = DURATION[kind]
    starts = []
    moment = hours[0]
    while moment + length <= hours[1]:
        if kind in THEATRE_KINDS and (day.weekday() >= 5 or moment.time() > THEATRE_LAST_ADMISSION):
            break
        if not any(overlaps(moment, moment + length, start, end) for start, end in taken):
            starts.append(moment)
        moment += step
    return starts


async def _clinician(session: AsyncSession, clinician_id: int) -> Clinician:
    clinician = await session.get(Clinician, clinician_id)
    if clinician is None or not clinician.active:
        raise NotFound("clinician", clinician_id)
    return clinician


async def _busy(
    session: AsyncSession,
    start: dt.datetime,
    end: dt.datetime,
    *,
    clinician_id: int | None = None,
    patient_id: int | None = None,
) -> list[Appointment]:
    query = select(Appointment).where(
        Appointment.starts_at < end,
        Appointment.ends_at > start,
        Appointment.status.not_in([AppointmentStatus.CANCELLED, AppointmentStatus.NO_SHOW]),
    )
    if clinician_id is not None:
        query = query.where(Appointment.clinician_id == clinician_id)
    if patient_id is not None:
        query = query.where(Appointment.patient_id == patient_id)
    return list(await session.scalars(query))


async def book(
    session: AsyncSession,
    *,
    patient_id: int,
    clinician_id: int,
    kind: AppointmentKind,
    starts_at: dt.datetime,
    now: dt.datetime,
    horizon: dt.timedelta = dt.timedelta(days=90),
    reason: str = "",
) -> Appointment:
    patient = await get_patient(session, patient_id)
    if patient.deceased:
        raise BookingRefused(f"{patient.name} is recorded as deceased")
    clinician = await _clinician(session, clinician_id)
    if clinician.role not in ALLOWED_ROLES[kind]:
        raise BookingRefused(f"{clinician.name} ({clinician.role.value}) cannot take a {kind.value}")
    problem = booking_problem(kind, starts_at, now, horizon)
    if problem:
        raise BookingRefused(problem)
    ends_at = starts_at + DURATION[kind]
    if await _busy(session, starts_at, ends_at, clinician_id=clinician_id):
        raise SlotTaken(f"{clinician.name} is busy at {starts_at:%Y-%m-%d %H:%M}")
    if await _busy(session, starts_at, ends_at, patient_id=patient_id):
        raise SlotTaken(f"{patient.name} already has an appointment at that time")
    appointment = Appointment(
        patient_id=patient_id,
        clinician_id=clinician_id,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=reason.strip(),
        status=AppointmentStatus.BOOKED,
    )
    session.add(appointment)
    await session.commit()
    return appointment


async def get_appointment(session: AsyncSession, appointment_id: int) -> Appointment:
    appointment = await session.scalar(
        select(Appointment)
        .where(Appointment.id == appointment_id)
        .options(selectinload(Appointment.patient), selectinload(Appointment.clinician))
    )
    if appointment is None:
        raise NotFound("appointment", appointment_id)
    return appointment


def _transition(
    appointment: Appointment, to: AppointmentStatus, allowed_from: set[AppointmentStatus]
) -> None:
    if appointment.status not in allowed_from:
        raise InvalidTransition(
            f"appointment {appointment.id} is {appointment.status.value}; it cannot become {to.value}"
        )
    appointment.status = to


async def cancel(
    session: AsyncSession,
    appointment_id: int,
    now: dt.datetime,
    late_window: dt.timedelta = dt.timedelta(hours=24),
) -> bool:
    """Cancel the appointment; True when it is a late cancellation (and so billable)."""
    appointment = await get_appointment(session, appointment_id)
    _transition(appointment, AppointmentStatus.CANCELLED, {AppointmentStatus.BOOKED})
    appointment.cancelled_at = now
    await session.commit()
    return appointment.starts_at - now < late_window


async def check_in(session: AsyncSession, appointment_id: int, now: dt.datetime) -> Appointment:
    appointment = await get_appointment(session, appointment_id)
    if now < appointment.starts_at - EARLY_CHECK_IN:
        raise InvalidTransition("check-in opens 30 minutes before the appointment")
    if now.date() != appointment.starts_at.date():
        raise InvalidTransition("check-in is on the day of the appointment only")
    _transition(appointment, AppointmentStatus.CHECKED_IN, {AppointmentStatus.BOOKED})
    await session.commit()
    return appointment


async def complete(session: AsyncSession, appointment_id: int) -> Appointment:
    appointment = await get_appointment(session, appointment_id)
    _transition(appointment, AppointmentStatus.COMPLETED, {AppointmentStatus.CHECKED_IN})
    await session.commit()
    return appointment


async def mark_no_show(session: AsyncSession, appointment_id: int, now: dt.datetime) -> Appointment:
    appointment = await get_appointment(session, appointment_id)
    if now < appointment.starts_at + NO_SHOW_GRACE:
        raise InvalidTransition("a patient is a no-show 15 minutes after the start, not before")
    _transition(appointment, AppointmentStatus.NO_SHOW, {AppointmentStatus.BOOKED})
    await session.commit()
    return appointment


async def free_slots(
    session: AsyncSession, clinician_id: int, day: dt.date, kind: AppointmentKind
) -> list[dt.datetime]:
    clinician = await _clinician(session, clinician_id)
    if clinician.role not in ALLOWED_ROLES[kind]:
        return []
    start = dt.datetime.combine(day, dt.time.min)
    busy = await _busy(session, start, start + dt.timedelta(days=1), clinician_id=clinician_id)
    return free_starts(day, kind, [(item.starts_at, item.ends_at) for item in busy])


async def day_list(session: AsyncSession, day: dt.date, clinician_id: int | None = None) -> list[Appointment]:
    start = dt.datetime.combine(day, dt.time.min)
    query = (
        select(Appointment)
        .where(Appointment.starts_at >= start, Appointment.starts_at < start + dt.timedelta(days=1))
        .options(selectinload(Appointment.patient), selectinload(Appointment.clinician))
        .order_by(Appointment.starts_at, Appointment.id)
    )
    if clinician_id is not None:
        query = query.where(Appointment.clinician_id == clinician_id)
    return list(await session.scalars(query))
