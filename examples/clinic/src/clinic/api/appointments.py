"""Booking and the day's list."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, status

from clinic.api.deps import ClockDep, NotifierDep, SessionDep, SettingsDep
from clinic.api.schemas import AppointmentIn, AppointmentOut, CancellationOut, DayListEntry
from clinic.enums import AppointmentKind
from clinic.services import owners, scheduling

router = APIRouter(tags=["appointments"])


@router.post("/appointments", status_code=status.HTTP_201_CREATED, response_model=AppointmentOut)
async def book(
    body: AppointmentIn, session: SessionDep, clock: ClockDep, settings: SettingsDep, notifier: NotifierDep
) -> object:
    starts_at = body.starts_at
    if starts_at.tzinfo is not None:
        starts_at = starts_at.astimezone(settings.timezone).replace(tzinfo=None)
    appointment = await scheduling.book(
        session,
        patient_id=body.patient_id,
        clinician_id=body.clinician_id,
        kind=body.kind,
        starts_at=starts_at,
        now=clock(),
        horizon=settings.booking_horizon,
        reason=body.reason,
    )
    patient = await owners.get_patient(session, appointment.patient_id)
    owner = await owners.get_owner(session, patient.owner_id)
    notifier.queue(
        owner.phone,
        f"Harbour Vets: {patient.name}'s {body.kind.value.replace('_', ' ')} is booked for"
        f" {starts_at:%a %d %b at %H:%M}. Reply C to cancel.",
    )
    return appointment


@router.get("/appointments/{appointment_id}", response_model=AppointmentOut)
async def get_appointment(appointment_id: int, session: SessionDep) -> object:
    return await scheduling.get_appointment(session, appointment_id)


@router.post("/appointments/{appointment_id}/cancel", response_model=CancellationOut)
async def cancel(
    appointment_id: int, session: SessionDep, clock: ClockDep, settings: SettingsDep, notifier: NotifierDep
) -> CancellationOut:
    late = await scheduling.cancel(session, appointment_id, clock(), settings.late_cancellation)
    appointment = await scheduling.get_appointment(session, appointment_id)
    owner = await owners.get_owner(session, appointment.patient.owner_id)
    notifier.queue(
        owner.phone,
        f"Harbour Vets: {appointment.patient.name}'s appointment on"
        f" {appointment.starts_at:%a %d %b at %H:%M} is cancelled.",
    )
    return CancellationOut(appointment_id=appointment_id, late=late)


@router.post("/appointments/{appointment_id}/check-in", response_model=AppointmentOut)
async def check_in(appointment_id: int, session: SessionDep, clock: ClockDep) -> object:
    return await scheduling.check_in(session, appointment_id, clock())


@router.post("/appointments/{appointment_id}/complete", response_model=AppointmentOut)
async def complete(appointment_id: int, session: SessionDep) -> object:
    return await scheduling.complete(session, appointment_id)


@router.post("/appointments/{appointment_id}/no-show", response_model=AppointmentOut)
async def no_show(appointment_id: int, session: SessionDep, clock: ClockDep) -> object:
    return await scheduling.mark_no_show(session, appointment_id, clock())


@router.get("/clinicians/{clinician_id}/free-slots", response_model=list[dt.datetime])
async def free_slots(clinician_id: int, day: dt.date, kind: AppointmentKind, session: SessionDep) -> object:
    return await scheduling.free_slots(session, clinician_id, day, kind)


@router.get("/day-list", response_model=list[DayListEntry])
async def day_list(day: dt.date, session: SessionDep, clinician_id: int | None = None) -> object:
    return await scheduling.day_list(session, day, clinician_id)
