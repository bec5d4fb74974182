"""Domain objects: products, customers and orders."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)


class LoyaltyTier(StrEnum):
    STANDARD = "standard"
    SILVER = "silver"
    GOLD = "gold"


class OrderStatus(StrEnum):
    PLACED = "placed"
    SHIPPED = "shipped"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    price: Decimal
    category: str = "general"
    active: bool = True

    def __post_init__(self) -> None:
        if not self.sku:
            raise ValueError("a product needs a SKU")
        if self.price < 0:
            raise ValueError(f"{self.sku}: price cannot be negative")


@dataclass(frozen=True)
class Customer:
    id: str
    name: str
    email: str
    tier: LoyaltyTier = LoyaltyTier.STANDARD

    def __post_init__(self) -> None:
        if not _EMAIL.match(self.email):
            raise ValueError(f"invalid email address: {self.email!r}")


@dataclass(frozen=True)
class OrderLine:
    """A product and quantity, with the unit price frozen at order time."""

    product: Product
    quantity: int
    unit_price: Decimal

    def __post_init__(self) -> None:
        if self.quantity <= 0:
            raise ValueError("quantity must be positive")

    @classmethod
    def for_product(cls, product: Product, quantity: int) -> OrderLine:
        return cls(product, quantity, product.price)

    @property
    def total(self) -> Decimal:
        return self.unit_price * self.quantity


@dataclass
class Order:
    id: str
    customer: Customer
    lines: list[OrderLine]
    subtotal: Decimal
    discount: Decimal
    tax: Decimal
    total: Decimal
    coupon_code: str | None = None
    status: OrderStatus = OrderStatus.PLACED
    created_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)
