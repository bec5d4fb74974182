"""A tiny in-memory invoice repository.

The web app swaps this for a database-backed implementation with the same
methods; keeping it in a dict makes the domain logic easy to test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from billing.invoice import Invoice, InvoiceStatus


class InvoiceNotFound(LookupError):
    pass


class InvoiceRepository:
    def __init__(self, prefix: str = "INV") -> None:
        self._prefix = prefix
        self._invoices: dict[str, Invoice] = {}
        self._sequence = 0

    def __len__(self) -> int:
        return len(self._invoices)

    def __iter__(self) -> Iterator[Invoice]:
        return iter(self._invoices.values())

    def _next_number(self, year: int) -> str:
        self._sequence += 1
        return f"{self._prefix}-{year}-{self._sequence:05d}"

    def issue(self, invoice: Invoice) -> str:
        """Assign a number to a draft invoice, store it and return the number."""
        if invoice.status is not InvoiceStatus.DRAFT:
            raise ValueError(f"cannot issue a {invoice.status.value} invoice")
        if not invoice.lines:
            raise ValueError("cannot issue an empty invoice")
        invoice.number = self._next_number(invoice.issue_date.year)
        invoice.status = InvoiceStatus.ISSUED
        self._invoices[invoice.number] = invoice
        return invoice.number

    def get(self, number: str) -> Invoice:
        try:
            return self._invoices[number]
        except KeyError:
            raise InvoiceNotFound(number) from None

    def mark_paid(self, number: str) -> Invoice:
        invoice = self.get(number)
        if invoice.status is not InvoiceStatus.ISSUED:
            raise ValueError(f"invoice {number} is {invoice.status.value}")
        invoice.status = InvoiceStatus.PAID
        return invoice

    def void(self, number: str) -> Invoice:
        invoice = self.get(number)
        if invoice.status is InvoiceStatus.PAID:
            raise ValueError("paid invoices must be refunded, not voided")
        invoice.status = InvoiceStatus.VOID
        return invoice

    def for_customer(self, customer_id: str) -> list[Invoice]:
        return [inv for inv in self if inv.customer_id == customer_id]

    def overdue(self, today: dt.date) -> list[Invoice]:
        return sorted(
            (inv for inv in self if inv.is_overdue(today)),
            key=lambda inv: inv.due_date,
        )
