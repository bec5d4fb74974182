"""The clinic's tables."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Numeric,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from clinic.enums import (
    AppointmentKind,
    AppointmentStatus,
    InvoiceStatus,
    PaymentMethod,
    Role,
    Species,
)


class Base(DeclarativeBase):
    pass


def _enum(kind: type[StrEnum]) -> Enum:
    """Enums stored as their values in a VARCHAR, so adding a member needs no migration."""
    return Enum(kind, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])


class Owner(Base):
    __tablename__ = "owners"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())

    patients: Mapped[list[Patient]] = relationship(back_populates="owner", order_by="Patient.name")
    invoices: Mapped[list[Invoice]] = relationship(back_populates="owner")


class Patient(Base):
    __tablename__ = "patients"
    __table_args__ = (
        UniqueConstraint("owner_id", "name", name="uq_patient_name_per_owner"),
        CheckConstraint("weight_kg IS NULL OR weight_kg > 0", name="ck_patient_weight"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("owners.id"))
    name: Mapped[str] = mapped_column(String(80))
    species: Mapped[Species] = mapped_column(_enum(Species))
    breed: Mapped[str | None] = mapped_column(String(80))
    born_on: Mapped[dt.date | None] = mapped_column(Date)
    weight_kg: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    deceased: Mapped[bool] = mapped_column(default=False)

    owner: Mapped[Owner] = relationship(back_populates="patients")
    appointments: Mapped[list[Appointment]] = relationship(back_populates="patient")
    prescriptions: Mapped[list[Prescription]] = relationship(back_populates="patient")


class Clinician(Base):
    __tablename__ = "clinicians"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(_enum(Role))
    active: Mapped[bool] = mapped_column(default=True)


class Appointment(Base):
    __tablename__ = "appointments"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ck_appointment_order"),
        Index("ix_appointments_clinician_start", "clinician_id", "starts_at"),
        Index("ix_appointments_patient_start", "patient_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    clinician_id: Mapped[int] = mapped_column(ForeignKey("clinicians.id"))
    kind: Mapped[AppointmentKind] = mapped_column(_enum(AppointmentKind))
    status: Mapped[AppointmentStatus] = mapped_column(
        _enum(AppointmentStatus), default=AppointmentStatus.BOOKED
    )
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(String(500), default="")
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    patient: Mapped[Patient] = relationship(back_populates="appointments")
    clinician: Mapped[Clinician] = relationship()
    prescriptions: Mapped[list[Prescription]] = relationship(back_populates="appointment")


class Prescription(Base):
    __tablename__ = "prescriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointments.id"))
    prescribed_by_id: Mapped[int] = mapped_column(ForeignKey("clinicians.id"))
    product_code: Mapped[str] = mapped_column(String(40))
    dose_mg: Mapped[Decimal] = mapped_column(Numeric(10, 3))
    doses_per_day: Mapped[int]
    days: Mapped[int]
    quantity: Mapped[Decimal] = mapped_column(Numeric(10, 2))  # units dispensed
    starts_on: Mapped[dt.date] = mapped_column(Date)
    override_reason: Mapped[str | None] = mapped_column(String(500))

    patient: Mapped[Patient] = relationship(back_populates="prescriptions")
    appointment: Mapped[Appointment | None] = relationship(back_populates="prescriptions")

    @property
    def ends_on(self) -> dt.date:
        return self.starts_on + dt.timedelta(days=self.days - 1)


class Invoice(Base):
    __tablename__ = "invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("owners.id"))
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointments.id"), unique=True)
    status: Mapped[InvoiceStatus] = mapped_column(_enum(InvoiceStatus), default=InvoiceStatus.DRAFT)
    issued_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    owner: Mapped[Owner] = relationship(back_populates="invoices")
    lines: Mapped[list[InvoiceLine]] = relationship(
        back_populates="invoice", order_by="InvoiceLine.id", cascade="all, delete-orphan"
    )
    payments: Mapped[list[Payment]] = relationship(
        back_populates="invoice", order_by="Payment.id", cascade="all, delete-orphan"
    )

    @property
    def net_cents(self) -> int:
        return sum(line.net_cents for line in self.lines)

    @property
    def vat_cents(self) -> int:
        return sum(line.vat_cents for line in self.lines)

    @property
    def total_cents(self) -> int:
        return self.net_cents + self.vat_cents

    @property
    def paid_cents(self) -> int:
        return sum(payment.amount_cents for payment in self.payments)

    @property
    def balance_cents(self) -> int:
        return self.total_cents - self.paid_cents


class InvoiceLine(Base):
    __tablename__ = "invoice_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"))
    description: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    unit_price_cents: Mapped[int]
    discount_bp: Mapped[int] = mapped_column(default=0)
    vat_bp: Mapped[int]
    net_cents: Mapped[int]
    vat_cents: Mapped[int]

    invoice: Mapped[Invoice] = relationship(back_populates="lines")


class Payment(Base):
    __tablename__ = "payments"
    __table_args__ = (CheckConstraint("amount_cents > 0", name="ck_payment_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"))
    amount_cents: Mapped[int]
    method: Mapped[PaymentMethod] = mapped_column(_enum(PaymentMethod))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    reference: Mapped[str] = mapped_column(String(80), default="")

    invoice: Mapped[Invoice] = relationship(back_populates="payments")
