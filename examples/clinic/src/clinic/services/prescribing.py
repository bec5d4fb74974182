"""Prescribing: dose by weight, what to dispense, and the safety checks.

Hard stops (no override): a species the drug is contraindicated in, a patient without a
recorded weight, a nurse prescribing a controlled drug. Warnings a vet may override with
a written reason: a daily dose above the maximum, a major interaction with a current
prescription, more than 28 days of a controlled drug. Moderate and minor interactions are
returned as warnings for the label and the client leaflet.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clinic.enums import Role, Severity
from clinic.formulary import FORMULARY, Dosing, Formulary, Interaction, Product, UnknownProduct
from clinic.models import Clinician, Prescription
from clinic.services.errors import Contraindicated, NeedsOverride, NotFound, PrescriptionRefused
from clinic.services.owners import get_patient

CONTROLLED_MAX_DAYS = 28
MAX_DAYS = 180
#: Rounding to whole or half tablets may take a dose this far over the maximum.
ROUNDING_TOLERANCE = Decimal("1.10")


@dataclass(frozen=True)
class DosePlan:
    """What one dose is in units of the product, and the mg that really gets given."""

    units_per_dose: Decimal
    dose_mg: Decimal
    doses_per_day: int

    @property
    def daily_mg(self) -> Decimal:
        return self.dose_mg * self.doses_per_day


def plan_dose(
    product: Product, dosing: Dosing, weight_kg: Decimal, doses_per_day: int | None = None
) -> DosePlan:
    """The dose by weight, rounded to what can be measured out.

    Tablets that may be split go to the nearest half, other solid forms to whole units
    (never below one), liquids to 0.1 ml.
    """
    target_mg = dosing.dose_mg_per_kg * weight_kg
    exact_units = target_mg / product.strength_mg
    if product.by_volume:
        units = exact_units.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        units = max(units, Decimal("0.1"))
    elif product.divisible:
        units = (exact_units * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 2
        units = max(units, Decimal("0.5"))
    else:
        units = max(exact_units.quantize(Decimal(1), rounding=ROUND_HALF_UP), Decimal(1))
    return DosePlan(
        units_per_dose=units,
        dose_mg=units * product.strength_mg,
        doses_per_day=doses_per_day or dosing.doses_per_day,
    )


def quantity_to_dispense(product: Product, plan: DosePlan, days: int) -> Decimal:
    """Units for the whole course: whole tablets (a half left over is dispensed whole), whole ml."""
    needed = plan.units_per_dose * plan.doses_per_day * days
    return needed.quantize(Decimal(1), rounding=ROUND_CEILING)


def packs_needed(product: Product, quantity: Decimal) -> int:
    return math.ceil(quantity / product.pack_size)


def over_maximum(plan: DosePlan, dosing: Dosing, weight_kg: Decimal) -> bool:
    return plan.daily_mg > dosing.max_mg_per_kg_day * weight_kg * ROUNDING_TOLERANCE


@dataclass(frozen=True)
class Review:
    """The checks' verdict on a proposed prescription."""

    plan: DosePlan
    quantity: Decimal
    needs_override: list[str]
    warnings: list[Interaction]


def review(
    product: Product,
    *,
    species_dosing: Dosing | None,
    species: str,
    weight_kg: Decimal | None,
    prescriber_role: Role,
    days: int,
    current: list[str],
    doses_per_day: int | None = None,
    formulary: Formulary = FORMULARY,
) -> Review:
    """Every check that needs no database: the prescribing screen calls this as the vet types."""
    ingredient = product.ingredient
    if any(species == item.value for item in ingredient.contraindicated):
        raise Contraindicated(f"{ingredient.name} is contraindicated in {species}s")
    if species_dosing is None:
        raise PrescriptionRefused(f"there is no {species} dosing for {ingredient.name}")
    if weight_kg is None:
        raise PrescriptionRefused("weigh the patient first: doses are by weight")
    if not 1 <= days <= MAX_DAYS:
        raise PrescriptionRefused(f"a course is 1 to {MAX_DAYS} days")
    if ingredient.controlled and prescriber_role is not Role.VET:
        raise PrescriptionRefused(f"{ingredient.name} is a controlled drug: a vet must prescribe it")

    plan = plan_dose(product, species_dosing, weight_kg, doses_per_day)
    reasons = []
    if over_maximum(plan, species_dosing, weight_kg):
        reasons.append(
            f"{plan.daily_mg} mg a day is above the maximum of"
            f" {species_dosing.max_mg_per_kg_day * weight_kg} mg for {weight_kg} kg"
        )
    if ingredient.controlled and days > CONTROLLED_MAX_DAYS:
        reasons.append(f"more than {CONTROLLED_MAX_DAYS} days of a controlled drug")
    found = formulary.interactions_among([product.code, *current])
    relevant = [item for item in found if product.code in (item.first, item.second)]
    for interaction in relevant:
        if interaction.severity is Severity.MAJOR:
            other = interaction.second if interaction.first == product.code else interaction.first
            reasons.append(f"major interaction with {other}: {interaction.effect}")
    warnings = [item for item in relevant if item.severity is not Severity.MAJOR]
    return Review(plan, quantity_to_dispense(product, plan, days), reasons, warnings)


async def active_prescriptions(session: AsyncSession, patient_id: int, on: dt.date) -> list[Prescription]:
    rows = await session.scalars(
        select(Prescription)
        .where(Prescription.patient_id == patient_id, Prescription.starts_on <= on)
        .order_by(Prescription.starts_on, Prescription.id)
    )
    return [item for item in rows if item.ends_on >= on]


async def prescribe(
    session: AsyncSession,
    *,
    patient_id: int,
    clinician_id: int,
    product_code: str,
    days: int,
    starts_on: dt.date,
    doses_per_day: int | None = None,
    appointment_id: int | None = None,
    override_reason: str | None = None,
    formulary: Formulary = FORMULARY,
) -> tuple[Prescription, list[Interaction]]:
    try:
        product = formulary.product(product_code)
    except UnknownProduct as error:
        raise NotFound("product", error.code) from None
    patient = await get_patient(session, patient_id)
    if patient.deceased:
        raise PrescriptionRefused(f"{patient.name} is recorded as deceased")
    clinician = await session.get(Clinician, clinician_id)
    if clinician is None or not clinician.active:
        raise NotFound("clinician", clinician_id)
    current = [item.product_code for item in await active_prescriptions(session, patient_id, starts_on)]
    verdict = review(
        product,
        species_dosing=formulary.dosing(product.ingredient.name, patient.species),
        species=patient.species.value,
        weight_kg=patient.weight_kg,
        prescriber_role=clinician.role,
        days=days,
        current=current,
        doses_per_day=doses_per_day,
        formulary=formulary,
    )
    reason = (override_reason or "").strip()
    if verdict.needs_override:
        if clinician.role is not Role.VET:
            raise PrescriptionRefused("; ".join(verdict.needs_override))
        if len(reason) < 10:
            raise NeedsOverride("; ".join(verdict.needs_override) + " (give a reason to go ahead)")
    prescription = Prescription(
        patient_id=patient_id,
        appointment_id=appointment_id,
        prescribed_by_id=clinician_id,
        product_code=product.code,
        dose_mg=verdict.plan.dose_mg,
        doses_per_day=verdict.plan.doses_per_day,
        days=days,
        quantity=verdict.quantity,
        starts_on=starts_on,
        override_reason=reason or None,
    )
    session.add(prescription)
    await session.commit()
    return prescription, verdict.warnings
