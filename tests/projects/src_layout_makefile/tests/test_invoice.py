import datetime as dt
from decimal import Decimal

import pytest

from billing import Invoice, InvoiceStatus, LineItem


def test_totals(sample_invoice):
    assert sample_invoice.net_total == Decimal("530.00")
    assert sample_invoice.tax_total == Decimal("94.70")
    assert sample_invoice.gross_total == Decimal("624.70")


def test_reverse_charge_invoice_has_no_tax(sample_invoice):
    sample_invoice.reverse_charge = True
    assert sample_invoice.gross_total == sample_invoice.net_total


def test_due_date_uses_payment_terms(sample_invoice):
    sample_invoice.payment_terms_days = 14
    assert sample_invoice.due_date == dt.date(2024, 3, 15)


@pytest.mark.parametrize("quantity", [0, -3])
def test_line_item_rejects_non_positive_quantity(quantity):
    with pytest.raises(ValueError):
        LineItem("Widget", quantity, Decimal("1.00"))


def test_issued_invoice_cannot_be_edited(sample_invoice):
    sample_invoice.status = InvoiceStatus.ISSUED
    with pytest.raises(ValueError, match="draft"):
        sample_invoice.add_line(LineItem("Late addition", 1, Decimal("9.99")))


def test_empty_invoice_totals_are_zero():
    invoice = Invoice("cus_1", "NL", dt.date(2024, 1, 1))
    assert invoice.gross_total == Decimal("0")
