"""Invoice and line-item model."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from decimal import Decimal

from billing.tax import tax_for


class InvoiceStatus(enum.Enum):
    DRAFT = "draft"
    ISSUED = "issued"
    PAID = "paid"
    VOID = "void"


@dataclass(frozen=True)
class LineItem:
    description: str
    quantity: int
    unit_price: Decimal
    category: str = "general"

    def __post_init__(self) -> None:
        if self.quantity <= 0:
            raise ValueError("quantity must be positive")
        if self.unit_price < 0:
            raise ValueError("unit price cannot be negative")

    @property
    def net(self) -> Decimal:
        return self.unit_price * self.quantity


@dataclass
class Invoice:
    customer_id: str
    country: str
    issue_date: dt.date
    lines: list[LineItem] = field(default_factory=list)
    reverse_charge: bool = False
    number: str | None = None
    status: InvoiceStatus = InvoiceStatus.DRAFT
    payment_terms_days: int = 30

    def add_line(self, line: LineItem) -> None:
        if self.status is not InvoiceStatus.DRAFT:
            raise ValueError("only draft invoices can be edited")
        self.lines.append(line)

    @property
    def net_total(self) -> Decimal:
        return sum((line.net for line in self.lines), Decimal("0"))

    @property
    def tax_total(self) -> Decimal:
        taxes = (
            tax_for(
                line.net,
                self.country,
                line.category,
                reverse_charge=self.reverse_charge,
            )
            for line in self.lines
        )
        return sum(taxes, Decimal("0.00"))

    @property
    def gross_total(self) -> Decimal:
        return self.net_total + self.tax_total

    @property
    def due_date(self) -> dt.date:
        return self.issue_date + dt.timedelta(days=self.payment_terms_days)

    def is_overdue(self, today: dt.date) -> bool:
        return self.status is InvoiceStatus.ISSUED and today > self.due_date
