"""Accounts and the entries that move money between them (amounts in cents), and the
rest of the co-operative's books: members, shares, invoices, budgets, tax, bank
statements (26 tables, each with its indexes and foreign keys)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class Entry(Base):
    __tablename__ = "entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    cents: Mapped[int]
    memo: Mapped[str] = mapped_column(String(200), default="")


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (Index("ix_members_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    number: Mapped[str] = mapped_column(String(20), unique=True)
    email: Mapped[str] = mapped_column(String(120), default="")
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class Address(Base):
    __tablename__ = "addresses"
    __table_args__ = (Index("ix_addresses_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    street: Mapped[str] = mapped_column(String(120), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    postcode: Mapped[str] = mapped_column(String(120), default="")
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class Household(Base):
    __tablename__ = "households"
    __table_args__ = (Index("ix_households_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    code: Mapped[str] = mapped_column(String(20), unique=True)
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class Share(Base):
    __tablename__ = "shares"
    __table_args__ = (Index("ix_shares_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    units: Mapped[int] = mapped_column(default=0)
    certificate: Mapped[str] = mapped_column(String(20), unique=True)
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class Dividend(Base):
    __tablename__ = "dividends"
    __table_args__ = (Index("ix_dividends_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    share_id: Mapped[int] = mapped_column(ForeignKey("shares.id"), index=True)
    cents: Mapped[int] = mapped_column(default=0)
    year: Mapped[int] = mapped_column(default=0)
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class Supplier(Base):
    __tablename__ = "suppliers"
    __table_args__ = (Index("ix_suppliers_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    vat_number: Mapped[str] = mapped_column(String(20), unique=True)
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class Product(Base):
    __tablename__ = "products"
    __table_args__ = (Index("ix_products_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"), index=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    sku: Mapped[str] = mapped_column(String(20), unique=True)
    cents: Mapped[int] = mapped_column(default=0)
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class PriceChange(Base):
    __tablename__ = "price_changes"
    __table_args__ = (Index("ix_price_changes_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    cents: Mapped[int] = mapped_column(default=0)
    reason: Mapped[str] = mapped_column(String(120), default="")
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class Invoice(Base):
    __tablename__ = "invoices"
    __table_args__ = (Index("ix_invoices_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    cents: Mapped[int] = mapped_column(default=0)
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class InvoiceLine(Base):
    __tablename__ = "invoice_lines"
    __table_args__ = (Index("ix_invoice_lines_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), index=True)
    description: Mapped[str] = mapped_column(String(120), default="")
    cents: Mapped[int] = mapped_column(default=0)
    quantity: Mapped[int] = mapped_column(default=0)
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class Payment(Base):
    __tablename__ = "payments"
    __table_args__ = (Index("ix_payments_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), index=True)
    cents: Mapped[int] = mapped_column(default=0)
    method: Mapped[str] = mapped_column(String(120), default="")
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class Refund(Base):
    __tablename__ = "refunds"
    __table_args__ = (Index("ix_refunds_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), index=True)
    cents: Mapped[int] = mapped_column(default=0)
    reason: Mapped[str] = mapped_column(String(120), default="")
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class Budget(Base):
    __tablename__ = "budgets"
    __table_args__ = (Index("ix_budgets_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    year: Mapped[int] = mapped_column(default=0)
    cents: Mapped[int] = mapped_column(default=0)
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class BudgetLine(Base):
    __tablename__ = "budget_lines"
    __table_args__ = (Index("ix_budget_lines_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id"), index=True)
    label: Mapped[str] = mapped_column(String(120), default="")
    cents: Mapped[int] = mapped_column(default=0)
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class Journal(Base):
    __tablename__ = "journals"
    __table_args__ = (Index("ix_journals_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    code: Mapped[str] = mapped_column(String(20), unique=True)
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class JournalEntry(Base):
    __tablename__ = "journal_entries"
    __table_args__ = (Index("ix_journal_entries_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    journal_id: Mapped[int] = mapped_column(ForeignKey("journals.id"), index=True)
    memo: Mapped[str] = mapped_column(String(120), default="")
    cents: Mapped[int] = mapped_column(default=0)
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class Period(Base):
    __tablename__ = "periods"
    __table_args__ = (Index("ix_periods_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(20), unique=True)
    closed: Mapped[int] = mapped_column(default=0)
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class Closing(Base):
    __tablename__ = "closings"
    __table_args__ = (Index("ix_closings_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id"), index=True)
    cents: Mapped[int] = mapped_column(default=0)
    note: Mapped[str] = mapped_column(String(120), default="")
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class TaxRate(Base):
    __tablename__ = "tax_rates"
    __table_args__ = (Index("ix_tax_rates_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    code: Mapped[str] = mapped_column(String(20), unique=True)
    basis_points: Mapped[int] = mapped_column(default=0)
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class TaxReturn(Base):
    __tablename__ = "tax_returns"
    __table_args__ = (Index("ix_tax_returns_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tax_rate_id: Mapped[int] = mapped_column(ForeignKey("tax_rates.id"), index=True)
    year: Mapped[int] = mapped_column(default=0)
    cents: Mapped[int] = mapped_column(default=0)
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class BankStatement(Base):
    __tablename__ = "bank_statements"
    __table_args__ = (Index("ix_bank_statements_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    cents: Mapped[int] = mapped_column(default=0)
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class StatementLine(Base):
    __tablename__ = "statement_lines"
    __table_args__ = (Index("ix_statement_lines_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_statement_id: Mapped[int] = mapped_column(ForeignKey("bank_statements.id"), index=True)
    memo: Mapped[str] = mapped_column(String(120), default="")
    cents: Mapped[int] = mapped_column(default=0)
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class Reconciliation(Base):
    __tablename__ = "reconciliations"
    __table_args__ = (Index("ix_reconciliations_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_line_id: Mapped[int] = mapped_column(ForeignKey("statement_lines.id"), index=True)
    entry_ref: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(String(120), default="")
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    action: Mapped[str] = mapped_column(String(120), default="")
    detail: Mapped[str] = mapped_column(String(120), default="")
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))
