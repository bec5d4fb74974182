"""Owners and their animals."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, cast
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import CursorResult, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from clinic.enums import AppointmentStatus, Species
from clinic.models import Appointment, Owner, Patient
from clinic.services.errors import DomainError, DuplicateOwner, DuplicatePatient, NotFound

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")

#: Above these a weight is a typo (grams instead of kilograms, a stray digit).
MAX_WEIGHT_KG = {Species.DOG: Decimal("100"), Species.CAT: Decimal("15"), Species.RABBIT: Decimal("10")}

#: Households with this many living animals get the multi-pet discount.
MULTI_PET_THRESHOLD = 3


def normalise_email(email: str) -> str:
    cleaned = email.strip().lower()
    if not _EMAIL.match(cleaned):
        raise DomainError(f"{email!r} is not an email address")
    return cleaned


def normalise_phone(phone: str | None) -> str | None:
    """UK numbers as +44..., whatever the front desk typed."""
    if phone is None or not phone.strip():
        return None
    digits = re.sub(r"[^\d+]", "", phone)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+44" + digits[1:]
    if not re.fullmatch(r"\+\d{8,15}", digits):
        raise DomainError(f"{phone!r} is not a phone number")
    return digits


def check_weight(species: Species, weight_kg: Decimal) -> Decimal:
    if weight_kg <= 0:
        raise DomainError("a weight must be positive")
    if weight_kg > MAX_WEIGHT_KG[species]:
        raise DomainError(
            f"{weight_kg} kg is not a plausible weight for a {species.value}"
            f" (at most {MAX_WEIGHT_KG[species]} kg)"
        )
    return weight_kg.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


async def register_owner(session: AsyncSession, name: str, email: str, phone: str | None = None) -> Owner:
    if not name.strip():
        raise DomainError("an owner needs a name")
    owner = Owner(name=" ".join(name.split()), email=normalise_email(email), phone=normalise_phone(phone))
    session.add(owner)
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        raise DuplicateOwner(f"an owner with email {owner.email} is already registered") from None
    return owner


async def get_owner(session: AsyncSession, owner_id: int) -> Owner:
    owner = await session.scalar(
        select(Owner).where(Owner.id == owner_id).options(selectinload(Owner.patients))
    )
    if owner is None:
        raise NotFound("owner", owner_id)
    return owner


async def find_owners(session: AsyncSession, text: str, limit: int = 20) -> list[Owner]:
    """Owners whose name, email or phone contains ``text``; the front desk's search box."""
    pattern = f"%{text.strip().lower()}%"
    rows = await session.scalars(
        select(Owner)
        .where(
            or_(
                func.lower(Owner.name).like(pattern),
                Owner.email.like(pattern),
                Owner.phone.like(pattern),
            )
        )
        .order_by(Owner.name, Owner.id)
        .limit(limit)
    )
    return list(rows)


async def add_patient(
    session: AsyncSession,
    owner_id: int,
    name: str,
    species: Species,
    *,
    breed: str | None = None,
    born_on: dt.date | None = None,
    weight_kg: Decimal | None = None,
    today: dt.date,
) -> Patient:
    owner = await session.get(Owner, owner_id)
    if owner is None:
        raise NotFound("owner", owner_id)
    name = " ".join(name.split())
    if not name:
        raise DomainError("a patient needs a name")
    if born_on is not None and born_on > today:
        raise DomainError("a patient cannot be born in the future")
    taken = await session.scalar(
        select(Patient.id).where(Patient.owner_id == owner_id, func.lower(Patient.name) == name.lower())
    )
    if taken is not None:
        raise DuplicatePatient(f"{owner.name} already has an animal called {name}")
    patient = Patient(
        owner_id=owner_id,
        name=name,
        species=species,
        breed=breed,
        born_on=born_on,
        weight_kg=None if weight_kg is None else check_weight(species, weight_kg),
    )
    session.add(patient)
    await session.commit()
    return patient


async def get_patient(session: AsyncSession, patient_id: int) -> Patient:
    patient = await session.get(Patient, patient_id)
    if patient is None:
        raise NotFound("patient", patient_id)
    return patient


async def record_weight(session: AsyncSession, patient_id: int, weight_kg: Decimal) -> Patient:
    patient = await get_patient(session, patient_id)
    if patient.deceased:
        raise DomainError(f"{patient.name} is recorded as deceased")
    patient.weight_kg = check_weight(patient.species, weight_kg)
    await session.commit()
    return patient


async def record_death(session: AsyncSession, patient_id: int, now: dt.datetime) -> int:
    """Mark the patient deceased and cancel its future bookings; returns how many."""
    patient = await get_patient(session, patient_id)
    if patient.deceased:
        raise DomainError(f"{patient.name} is already recorded as deceased")
    patient.deceased = True
    result = await session.execute(
        update(Appointment)
        .where(
            Appointment.patient_id == patient_id,
            Appointment.status == AppointmentStatus.BOOKED,
            Appointment.starts_at > now,
        )
        .values(status=AppointmentStatus.CANCELLED, cancelled_at=now)
    )
    await session.commit()
    return cast(CursorResult[Any], result).rowcount


async def living_patient_count(session: AsyncSession, owner_id: int) -> int:
    count = await session.scalar(
        select(func.count()).where(Patient.owner_id == owner_id, Patient.deceased.is_(False))
    )
    return int(count or 0)


async def qualifies_for_multi_pet(session: AsyncSession, owner_id: int) -> bool:
    return await living_patient_count(session, owner_id) >= MULTI_PET_THRESHOLD
