# Shared fixtures for the billing tests.
#
# `repository` is a fresh, empty InvoiceRepository per test; `sample_invoice`
# is a draft German invoice with one standard-rate and one reduced-rate line.

import datetime as dt
from decimal import Decimal

import pytest

from billing import Invoice, InvoiceRepository, LineItem


@pytest.fixture
def repository() -> InvoiceRepository:
    return InvoiceRepository(prefix="TEST")


@pytest.fixture
def sample_invoice() -> Invoice:
    invoice = Invoice("cus_42", country="DE", issue_date=dt.date(2024, 3, 1))
    invoice.add_line(LineItem("Consulting (hours)", 4, Decimal("120.00")))
    invoice.add_line(LineItem("Handbook", 2, Decimal("25.00"), category="books"))
    return invoice
