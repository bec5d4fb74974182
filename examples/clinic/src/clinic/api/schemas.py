"""Request and response bodies."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from clinic.enums import (
    AppointmentKind,
    AppointmentStatus,
    InvoiceStatus,
    PaymentMethod,
    Role,
    Severity,
    Species,
)


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class OwnerIn(BaseModel):
    name: str = Field(min_length=1, max_length=120)
    email: str = Field(max_length=254)
    phone: str | None = None


class PatientIn(BaseModel):
    name: str = Field(min_length=1, max_length=80)
    species: Species
    breed: str | None = Field(default=None, max_length=80)
    born_on: dt.date | None = None
    weight_kg: Decimal | None = Field(default=None, max_digits=6, decimal_places=2)


class WeightIn(BaseModel):
    weight_kg: Decimal = Field(max_digits=6, decimal_places=2)


class PatientOut(Out):
    id: int
    owner_id: int
    name: str
    species: Species
    breed: str | None
    born_on: dt.date | None
    weight_kg: Decimal | None
    deceased: bool


class OwnerOut(Out):
    id: int
    name: str
    email: str
    phone: str | None


class OwnerDetail(OwnerOut):
    patients: list[PatientOut]


class BalanceOut(BaseModel):
    owner_id: int
    balance_cents: int
    balance: str


class DeathOut(BaseModel):
    cancelled_appointments: int


class ClinicianOut(Out):
    id: int
    name: str
    role: Role


class AppointmentIn(BaseModel):
    patient_id: int
    clinician_id: int
    kind: AppointmentKind
    starts_at: dt.datetime
    reason: str = Field(default="", max_length=500)


class AppointmentOut(Out):
    id: int
    patient_id: int
    clinician_id: int
    kind: AppointmentKind
    status: AppointmentStatus
    starts_at: dt.datetime
    ends_at: dt.datetime
    reason: str


class CancellationOut(BaseModel):
    appointment_id: int
    late: bool


class DayListEntry(Out):
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    kind: AppointmentKind
    status: AppointmentStatus
    patient: PatientOut
    clinician: ClinicianOut


class ProductOut(Out):
    code: str
    name: str
    form: str
    strength_mg: Decimal
    unit: str
    pack_size: int
    pack_price_cents: int
    supplier: str
    ingredient: str
    controlled: bool


class InteractionOut(Out):
    first: str
    second: str
    severity: Severity
    effect: str


class PrescriptionIn(BaseModel):
    patient_id: int
    clinician_id: int
    product_code: str
    days: int = Field(ge=1)
    starts_on: dt.date
    doses_per_day: int | None = Field(default=None, ge=1, le=6)
    appointment_id: int | None = None
    override_reason: str | None = Field(default=None, max_length=500)


class PrescriptionOut(Out):
    id: int
    patient_id: int
    product_code: str
    dose_mg: Decimal
    doses_per_day: int
    days: int
    quantity: Decimal
    starts_on: dt.date
    ends_on: dt.date
    override_reason: str | None


class PrescribedOut(BaseModel):
    prescription: PrescriptionOut
    warnings: list[InteractionOut]


class LineOut(Out):
    description: str
    quantity: Decimal
    unit_price_cents: int
    discount_bp: int
    vat_bp: int
    net_cents: int
    vat_cents: int


class PaymentOut(Out):
    amount_cents: int
    method: PaymentMethod
    received_at: dt.datetime
    reference: str


class InvoiceOut(Out):
    id: int
    owner_id: int
    appointment_id: int | None
    status: InvoiceStatus
    issued_at: dt.datetime | None
    lines: list[LineOut]
    payments: list[PaymentOut]
    net_cents: int
    vat_cents: int
    total_cents: int
    balance_cents: int


class CounterItem(BaseModel):
    code: str
    packs: int = Field(default=1, ge=1)


class CounterSaleIn(BaseModel):
    owner_id: int
    items: list[CounterItem] = Field(min_length=1)


class PaymentIn(BaseModel):
    amount: str = Field(pattern=r"^\d+(\.\d{1,2})?$", examples=["48.50"])
    method: PaymentMethod
    reference: str = Field(default="", max_length=80)


class ErrorOut(BaseModel):
    code: str
    detail: str
