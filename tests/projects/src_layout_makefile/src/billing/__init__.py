"""Invoicing for the customer portal."""

from billing.invoice import Invoice, InvoiceStatus, LineItem
from billing.repository import InvoiceNotFound, InvoiceRepository
from billing.tax import TaxRule, tax_for

__all__ = [
    "Invoice",
    "InvoiceNotFound",
    "InvoiceRepository",
    "InvoiceStatus",
    "LineItem",
    "TaxRule",
    "tax_for",
]
