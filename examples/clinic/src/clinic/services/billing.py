"""Invoices for appointments, late cancellations and what was dispensed; payments."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_CEILING, Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from clinic.enums import AppointmentKind, AppointmentStatus, InvoiceStatus, PaymentMethod
from clinic.formulary import FORMULARY, Formulary, Product, UnknownProduct
from clinic.models import Appointment, Invoice, InvoiceLine, Payment, Prescription
from clinic.money import STANDARD_VAT_BP, percent_of
from clinic.services.errors import (
    DomainError,
    DuplicateInvoice,
    InvalidTransition,
    NotFound,
    PaymentRefused,
)
from clinic.services.owners import qualifies_for_multi_pet

#: Fees before VAT, in cents.
FEES = {
    AppointmentKind.CONSULTATION: 4850,
    AppointmentKind.VACCINATION: 6200,
    AppointmentKind.NURSE_CLINIC: 2500,
    AppointmentKind.DENTAL: 32000,
    AppointmentKind.SURGERY: 45000,
}
LATE_CANCELLATION_FEE = 2500
NO_SHOW_FEE = 3500
DISPENSING_FEE = 450
#: Medicines are sold at the wholesale unit price times this, rounded up to the cent.
MEDICINE_MARKUP = Decimal("1.65")
#: The multi-pet discount on consultation fees, in basis points.
MULTI_PET_DISCOUNT_BP = 1000
#: Kinds the multi-pet discount applies to: routine care, not theatre.
DISCOUNTED_KINDS = {AppointmentKind.CONSULTATION, AppointmentKind.VACCINATION, AppointmentKind.NURSE_CLINIC}


def line_amounts(quantity: Decimal, unit_price_cents: int, discount_bp: int, vat_bp: int) -> tuple[int, int]:
    """Net and VAT of one line, each rounded half up to the cent."""
    gross = (quantity * unit_price_cents).to_integral_value(rounding=ROUND_CEILING)
    net = int(gross) - percent_of(int(gross), discount_bp)
    return net, percent_of(net, vat_bp)


def medicine_unit_price(product: Product) -> int:
    per_unit = Decimal(product.pack_price_cents) / product.pack_size * MEDICINE_MARKUP
    return int(per_unit.to_integral_value(rounding=ROUND_CEILING))


def make_line(
    description: str,
    quantity: Decimal,
    unit_price_cents: int,
    discount_bp: int = 0,
    vat_bp: int = STANDARD_VAT_BP,
) -> InvoiceLine:
    if not 0 <= discount_bp <= 10_000:
        raise DomainError("a discount is between 0% and 100%")
    net, vat = line_amounts(quantity, unit_price_cents, discount_bp, vat_bp)
    return InvoiceLine(
        description=description,
        quantity=quantity,
        unit_price_cents=unit_price_cents,
        discount_bp=discount_bp,
        vat_bp=vat_bp,
        net_cents=net,
        vat_cents=vat,
    )


def medicine_lines(prescription: Prescription, formulary: Formulary = FORMULARY) -> list[InvoiceLine]:
    product = formulary.product(prescription.product_code)
    return [
        make_line(product.name, prescription.quantity, medicine_unit_price(product)),
        make_line("Dispensing fee", Decimal(1), DISPENSING_FEE),
    ]


async def _appointment(session: AsyncSession, appointment_id: int) -> Appointment:
    appointment = await session.scalar(
        select(Appointment)
        .where(Appointment.id == appointment_id)
        .options(selectinload(Appointment.patient), selectinload(Appointment.prescriptions))
    )
    if appointment is None:
        raise NotFound("appointment", appointment_id)
    return appointment


async def _save_new(session: AsyncSession, invoice: Invoice) -> Invoice:
    session.add(invoice)
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        raise DuplicateInvoice(f"appointment {invoice.appointment_id} is already invoiced") from None
    return await get_invoice(session, invoice.id)


async def invoice_appointment(session: AsyncSession, appointment_id: int) -> Invoice:
    """The draft invoice for a completed appointment, a no-show or a late cancellation."""
    appointment = await _appointment(session, appointment_id)
    owner_id = appointment.patient.owner_id
    label = f"{appointment.kind.value.replace('_', ' ')} for {appointment.patient.name}"
    lines: list[InvoiceLine]
    if appointment.status is AppointmentStatus.COMPLETED:
        discount = 0
        if appointment.kind in DISCOUNTED_KINDS and await qualifies_for_multi_pet(session, owner_id):
            discount = MULTI_PET_DISCOUNT_BP
        lines = [make_line(label[0].upper() + label[1:], Decimal(1), FEES[appointment.kind], discount)]
        for prescription in appointment.prescriptions:
            lines += medicine_lines(prescription)
    elif appointment.status is AppointmentStatus.NO_SHOW:
        lines = [make_line(f"Missed {label}", Decimal(1), NO_SHOW_FEE)]
    elif (
        appointment.status is AppointmentStatus.CANCELLED
        and appointment.cancelled_at is not None
        and (appointment.starts_at - appointment.cancelled_at < dt.timedelta(hours=24))
    ):
        lines = [make_line(f"Late cancellation of {label}", Decimal(1), LATE_CANCELLATION_FEE)]
    else:
        raise InvalidTransition(
            f"appointment {appointment_id} is {appointment.status.value}: nothing to invoice"
        )
    return await _save_new(session, Invoice(owner_id=owner_id, appointment_id=appointment_id, lines=lines))


async def invoice_counter_sale(session: AsyncSession, owner_id: int, items: list[tuple[str, int]]) -> Invoice:
    """Products sold over the counter (flea treatments, wormers), without an appointment."""
    if not items:
        raise DomainError("a counter sale needs at least one item")
    lines = []
    for code, packs in items:
        if packs < 1:
            raise DomainError("sell at least one pack")
        try:
            product = FORMULARY.product(code)
        except UnknownProduct as error:
            raise NotFound("product", error.code) from None
        if product.ingredient.controlled:
            raise DomainError(f"{product.name} is a controlled drug: prescription only")
        lines.append(
            make_line(product.name, Decimal(packs), medicine_unit_price(product) * product.pack_size)
        )
    return await _save_new(session, Invoice(owner_id=owner_id, lines=lines))


async def get_invoice(session: AsyncSession, invoice_id: int) -> Invoice:
    invoice = await session.scalar(
        select(Invoice)
        .where(Invoice.id == invoice_id)
        .options(selectinload(Invoice.lines), selectinload(Invoice.payments))
        .execution_options(populate_existing=True)
    )
    if invoice is None:
        raise NotFound("invoice", invoice_id)
    return invoice


async def issue(session: AsyncSession, invoice_id: int, now: dt.datetime) -> Invoice:
    invoice = await get_invoice(session, invoice_id)
    if invoice.status is not InvoiceStatus.DRAFT:
        raise InvalidTransition(f"invoice {invoice_id} is {invoice.status.value}; only a draft can be issued")
    if not invoice.lines:
        raise InvalidTransition("an invoice without lines cannot be issued")
    invoice.status = InvoiceStatus.ISSUED
    invoice.issued_at = now
    await session.commit()
    return invoice


async def record_payment(
    session: AsyncSession,
    invoice_id: int,
    amount_cents: int,
    method: PaymentMethod,
    now: dt.datetime,
    reference: str = "",
) -> Invoice:
    invoice = await get_invoice(session, invoice_id)
    if invoice.status is not InvoiceStatus.ISSUED:
        raise PaymentRefused(
            f"invoice {invoice_id} is {invoice.status.value}; payments go on issued invoices"
        )
    if amount_cents <= 0:
        raise PaymentRefused("a payment must be positive")
    if amount_cents > invoice.balance_cents:
        raise PaymentRefused(f"{amount_cents} is more than the balance of {invoice.balance_cents}")
    if method is PaymentMethod.INSURANCE and not reference.strip():
        raise PaymentRefused("an insurance payment needs the claim reference")
    invoice.payments.append(
        Payment(amount_cents=amount_cents, method=method, received_at=now, reference=reference.strip())
    )
    if invoice.balance_cents == 0:
        invoice.status = InvoiceStatus.PAID
    await session.commit()
    return invoice


async def void(session: AsyncSession, invoice_id: int) -> Invoice:
    invoice = await get_invoice(session, invoice_id)
    if invoice.status not in (InvoiceStatus.DRAFT, InvoiceStatus.ISSUED):
        raise InvalidTransition(f"invoice {invoice_id} is {invoice.status.value}; it cannot be voided")
    if invoice.payments:
        raise InvalidTransition("refund the payments before voiding the invoice")
    invoice.status = InvoiceStatus.VOID
    await session.commit()
    return invoice


async def owner_balance(session: AsyncSession, owner_id: int) -> int:
    """What the owner owes on issued invoices, in cents."""
    invoices = await session.scalars(
        select(Invoice)
        .where(Invoice.owner_id == owner_id, Invoice.status == InvoiceStatus.ISSUED)
        .options(selectinload(Invoice.lines), selectinload(Invoice.payments))
    )
    return sum(invoice.balance_cents for invoice in invoices)
