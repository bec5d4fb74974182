"""Owners and patients."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, status

from clinic.api.deps import ClockDep, SessionDep
from clinic.api.schemas import (
    BalanceOut,
    DeathOut,
    OwnerDetail,
    OwnerIn,
    OwnerOut,
    PatientIn,
    PatientOut,
    PrescriptionOut,
    WeightIn,
)
from clinic.money import format_cents
from clinic.services import billing, owners, prescribing

router = APIRouter(tags=["owners"])


@router.post("/owners", status_code=status.HTTP_201_CREATED, response_model=OwnerOut)
async def register_owner(body: OwnerIn, session: SessionDep) -> object:
    return await owners.register_owner(session, body.name, body.email, body.phone)


@router.get("/owners", response_model=list[OwnerOut])
async def find_owners(q: str, session: SessionDep, limit: int = 20) -> object:
    return await owners.find_owners(session, q, min(limit, 100))


@router.get("/owners/{owner_id}", response_model=OwnerDetail)
async def get_owner(owner_id: int, session: SessionDep) -> object:
    return await owners.get_owner(session, owner_id)


@router.get("/owners/{owner_id}/balance", response_model=BalanceOut)
async def owner_balance(owner_id: int, session: SessionDep) -> BalanceOut:
    await owners.get_owner(session, owner_id)
    balance = await billing.owner_balance(session, owner_id)
    return BalanceOut(owner_id=owner_id, balance_cents=balance, balance=format_cents(balance))


@router.post("/owners/{owner_id}/patients", status_code=status.HTTP_201_CREATED, response_model=PatientOut)
async def add_patient(owner_id: int, body: PatientIn, session: SessionDep, clock: ClockDep) -> object:
    return await owners.add_patient(
        session,
        owner_id,
        body.name,
        body.species,
        breed=body.breed,
        born_on=body.born_on,
        weight_kg=body.weight_kg,
        today=clock().date(),
    )


@router.get("/patients/{patient_id}", response_model=PatientOut)
async def get_patient(patient_id: int, session: SessionDep) -> object:
    return await owners.get_patient(session, patient_id)


@router.put("/patients/{patient_id}/weight", response_model=PatientOut)
async def record_weight(patient_id: int, body: WeightIn, session: SessionDep) -> object:
    return await owners.record_weight(session, patient_id, body.weight_kg)


@router.post("/patients/{patient_id}/death", response_model=DeathOut)
async def record_death(patient_id: int, session: SessionDep, clock: ClockDep) -> DeathOut:
    cancelled = await owners.record_death(session, patient_id, clock())
    return DeathOut(cancelled_appointments=cancelled)


@router.get("/patients/{patient_id}/prescriptions", response_model=list[PrescriptionOut])
async def current_prescriptions(
    patient_id: int, session: SessionDep, clock: ClockDep, on: dt.date | None = None
) -> object:
    await owners.get_patient(session, patient_id)
    return await prescribing.active_prescriptions(session, patient_id, on or clock().date())
