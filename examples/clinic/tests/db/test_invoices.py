import datetime as dt

import pytest

from clinic.enums import AppointmentKind, InvoiceStatus, PaymentMethod, Species
from clinic.formulary import FORMULARY
from clinic.services import billing, prescribing, scheduling
from clinic.services.errors import DomainError, DuplicateInvoice, InvalidTransition, PaymentRefused
from factories import at, book, make_patient, seen

CARPROFEN = "KV-CARPR-50T-14"
FLEA_SPOT_ON = "KV-FIPRO-134SO-3"


async def test_a_consultation_is_invoiced_with_vat(session, vet, dog):
    appointment = await seen(session, await book(session, dog, vet, at(10, 9)))

    invoice = await billing.invoice_appointment(session, appointment.id)

    assert invoice.status is InvoiceStatus.DRAFT
    assert [(line.description, line.net_cents, line.vat_cents) for line in invoice.lines] == [
        ("Consultation for Biscuit", 4850, 970)
    ]
    assert invoice.total_cents == 5820


async def test_dispensed_medicines_and_the_dispensing_fee_are_added(session, vet, dog):
    appointment = await seen(session, await book(session, dog, vet, at(10, 9)))
    await prescribing.prescribe(
        session,
        patient_id=dog.id,
        clinician_id=vet.id,
        product_code=CARPROFEN,
        days=7,
        starts_on=dt.date(2024, 6, 10),
        appointment_id=appointment.id,
    )

    invoice = await billing.invoice_appointment(session, appointment.id)

    unit = billing.medicine_unit_price(FORMULARY.product(CARPROFEN))
    assert [(line.description, line.quantity, line.net_cents) for line in invoice.lines] == [
        ("Consultation for Biscuit", 1, 4850),
        ("Carprofen 50mg Tablets x14 (Kestrel Veterinary)", 14, 14 * unit),
        ("Dispensing fee", 1, 450),
    ]


async def test_multi_pet_households_get_ten_percent_off_routine_fees(session, vet, owner, dog, cat):
    await make_patient(session, owner, "Pepper", Species.RABBIT)
    appointment = await seen(session, await book(session, dog, vet, at(10, 9)))

    invoice = await billing.invoice_appointment(session, appointment.id)

    assert (invoice.lines[0].discount_bp, invoice.lines[0].net_cents) == (1000, 4365)


async def test_no_multi_pet_discount_in_theatre(session, vet, owner, dog, cat):
    await make_patient(session, owner, "Pepper", Species.RABBIT)
    appointment = await seen(session, await book(session, dog, vet, at(11, 9), AppointmentKind.SURGERY))

    invoice = await billing.invoice_appointment(session, appointment.id)

    assert (invoice.lines[0].discount_bp, invoice.lines[0].net_cents) == (0, 45000)


async def test_an_appointment_is_invoiced_once(session, vet, dog):
    appointment = await seen(session, await book(session, dog, vet, at(10, 9)))
    await billing.invoice_appointment(session, appointment.id)

    with pytest.raises(DuplicateInvoice):
        await billing.invoice_appointment(session, appointment.id)


async def test_late_cancellations_and_no_shows_are_charged(session, vet, dog, cat):
    late = await book(session, dog, vet, at(11, 9))
    await scheduling.cancel(session, late.id, at(10, 17))
    missed = await book(session, cat, vet, at(10, 9))
    await scheduling.mark_no_show(session, missed.id, at(10, 9, 30))

    late_invoice = await billing.invoice_appointment(session, late.id)
    missed_invoice = await billing.invoice_appointment(session, missed.id)

    assert late_invoice.lines[0].description == "Late cancellation of consultation for Biscuit"
    assert late_invoice.net_cents == billing.LATE_CANCELLATION_FEE
    assert missed_invoice.net_cents == billing.NO_SHOW_FEE


async def test_timely_cancellations_are_free(session, vet, dog):
    appointment = await book(session, dog, vet, at(14, 9))
    await scheduling.cancel(session, appointment.id, at(10, 9))

    with pytest.raises(InvalidTransition, match="nothing to invoice"):
        await billing.invoice_appointment(session, appointment.id)


async def test_issue_pay_in_parts_and_settle(session, owner, vet, dog, now):
    appointment = await seen(session, await book(session, dog, vet, at(10, 9)))
    invoice = await billing.invoice_appointment(session, appointment.id)
    with pytest.raises(PaymentRefused, match="draft"):
        await billing.record_payment(session, invoice.id, 100, PaymentMethod.CARD, now)

    await billing.issue(session, invoice.id, now)
    await billing.record_payment(session, invoice.id, 2000, PaymentMethod.CASH, now)
    assert await billing.owner_balance(session, owner.id) == 3820
    with pytest.raises(PaymentRefused, match="more than the balance"):
        await billing.record_payment(session, invoice.id, 4000, PaymentMethod.CARD, now)
    paid = await billing.record_payment(session, invoice.id, 3820, PaymentMethod.CARD, now)

    assert paid.status is InvoiceStatus.PAID and paid.balance_cents == 0
    assert await billing.owner_balance(session, owner.id) == 0


async def test_insurance_payments_need_the_claim_reference(session, owner, now):
    invoice = await billing.invoice_counter_sale(session, owner.id, [(FLEA_SPOT_ON, 1)])
    await billing.issue(session, invoice.id, now)

    with pytest.raises(PaymentRefused, match="claim reference"):
        await billing.record_payment(session, invoice.id, 500, PaymentMethod.INSURANCE, now)


async def test_void_only_without_payments(session, owner, now):
    invoice = await billing.invoice_counter_sale(session, owner.id, [(FLEA_SPOT_ON, 2)])
    await billing.issue(session, invoice.id, now)
    await billing.record_payment(session, invoice.id, 500, PaymentMethod.CARD, now)

    with pytest.raises(InvalidTransition, match="refund the payments"):
        await billing.void(session, invoice.id)

    other = await billing.invoice_counter_sale(session, owner.id, [(FLEA_SPOT_ON, 1)])
    assert (await billing.void(session, other.id)).status is InvoiceStatus.VOID


async def test_controlled_drugs_are_not_sold_over_the_counter(session, owner):
    with pytest.raises(DomainError, match="controlled drug"):
        await billing.invoice_counter_sale(session, owner.id, [("CR-TRAMA-50T-20", 1)])
