"""Invoices and payments."""

from __future__ import annotations

from fastapi import APIRouter, status

from clinic.api.deps import ClockDep, SessionDep
from clinic.api.schemas import CounterSaleIn, InvoiceOut, PaymentIn
from clinic.money import parse_amount
from clinic.services import billing, owners

router = APIRouter(tags=["billing"])


@router.post(
    "/appointments/{appointment_id}/invoice", status_code=status.HTTP_201_CREATED, response_model=InvoiceOut
)
async def invoice_appointment(appointment_id: int, session: SessionDep) -> object:
    return await billing.invoice_appointment(session, appointment_id)


@router.post("/invoices/counter-sale", status_code=status.HTTP_201_CREATED, response_model=InvoiceOut)
async def counter_sale(body: CounterSaleIn, session: SessionDep) -> object:
    await owners.get_owner(session, body.owner_id)
    return await billing.invoice_counter_sale(
        session, body.owner_id, [(item.code, item.packs) for item in body.items]
    )


@router.get("/invoices/{invoice_id}", response_model=InvoiceOut)
async def get_invoice(invoice_id: int, session: SessionDep) -> object:
    return await billing.get_invoice(session, invoice_id)


@router.post("/invoices/{invoice_id}/issue", response_model=InvoiceOut)
async def issue(invoice_id: int, session: SessionDep, clock: ClockDep) -> object:
    return await billing.issue(session, invoice_id, clock())


@router.post("/invoices/{invoice_id}/payments", response_model=InvoiceOut)
async def pay(invoice_id: int, body: PaymentIn, session: SessionDep, clock: ClockDep) -> object:
    return await billing.record_payment(
        session, invoice_id, parse_amount(body.amount), body.method, clock(), body.reference
    )


@router.post("/invoices/{invoice_id}/void", response_model=InvoiceOut)
async def void(invoice_id: int, session: SessionDep) -> object:
    return await billing.void(session, invoice_id)
