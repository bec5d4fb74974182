import datetime as dt
from decimal import Decimal

import pytest

from billing import Invoice, InvoiceNotFound, InvoiceStatus, LineItem


def licence_invoice(customer_id, issue_date):
    lines = [LineItem("Licence", 1, Decimal("300"))]
    return Invoice(customer_id, "NL", issue_date, lines)


def test_issue_assigns_sequential_numbers(repository, sample_invoice):
    second = licence_invoice("cus_7", dt.date(2024, 3, 2))
    assert repository.issue(sample_invoice) == "TEST-2024-00001"
    assert repository.issue(second) == "TEST-2024-00002"
    assert len(repository) == 2


def test_cannot_issue_empty_invoice(repository):
    with pytest.raises(ValueError, match="empty"):
        repository.issue(Invoice("cus_1", "DE", dt.date(2024, 1, 1)))


def test_mark_paid(repository, sample_invoice):
    number = repository.issue(sample_invoice)
    assert repository.mark_paid(number).status is InvoiceStatus.PAID
    with pytest.raises(ValueError):
        repository.void(number)


def test_get_unknown_invoice(repository):
    with pytest.raises(InvoiceNotFound):
        repository.get("TEST-2024-99999")


@pytest.mark.integration
def test_billing_cycle_finds_overdue_invoices(repository, sample_invoice):
    late = licence_invoice("cus_9", dt.date(2024, 1, 10))
    paid = licence_invoice("cus_9", dt.date(2024, 1, 5))
    repository.issue(sample_invoice)
    repository.issue(late)
    repository.mark_paid(repository.issue(paid))

    overdue = repository.overdue(today=dt.date(2024, 3, 1))

    assert overdue == [late]
    assert [inv.number for inv in repository.for_customer("cus_9")] == [
        "TEST-2024-00002",
        "TEST-2024-00003",
    ]
