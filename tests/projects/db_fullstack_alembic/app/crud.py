"""Unit-of-work functions: each commits its own work."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Customer, Invoice


def bill(session: Session, email: str, number: str, cents: int) -> Invoice:
    customer = session.scalar(select(Customer).where(Customer.email == email))
    if customer is None:
        customer = Customer(email=email)
    invoice = Invoice(number=number, customer=customer, cents=cents)
    session.add(invoice)
    session.commit()
    return invoice


def total_cents(session: Session) -> int:
    return session.scalar(select(func.coalesce(func.sum(Invoice.cents), 0))) or 0
