"""Discount rules and tax.

Discounts are computed on the order subtotal and are never allowed to exceed
it. Tax is charged on the discounted amount, spreading the discount over the
lines in proportion to their value so that reduced-rate items stay correct.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from shop.models import Customer, LoyaltyTier, OrderLine

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def subtotal(lines: Iterable[OrderLine]) -> Decimal:
    return money(sum((line.total for line in lines), ZERO))


class DiscountRule(Protocol):
    def discount(self, lines: Sequence[OrderLine], customer: Customer) -> Decimal: ...


@dataclass(frozen=True)
class BulkDiscount:
    """``percent`` off every line with at least ``min_quantity`` units."""

    min_quantity: int
    percent: Decimal

    def discount(self, lines: Sequence[OrderLine], customer: Customer) -> Decimal:
        eligible = (ln.total for ln in lines if ln.quantity >= self.min_quantity)
        return money(sum(eligible, ZERO) * self.percent / 100)


@dataclass(frozen=True)
class LoyaltyDiscount:
    """Percentage off the whole order depending on the customer's tier."""

    percent_by_tier: Mapping[LoyaltyTier, Decimal] = field(
        default_factory=lambda: {
            LoyaltyTier.SILVER: Decimal("5"),
            LoyaltyTier.GOLD: Decimal("10"),
        }
    )

    def discount(self, lines: Sequence[OrderLine], customer: Customer) -> Decimal:
        percent = self.percent_by_tier.get(customer.tier, ZERO)
        return money(subtotal(lines) * percent / 100)


@dataclass(frozen=True)
class Coupon:
    """A coupon worth either a percentage or a fixed amount off."""

    code: str
    percent: Decimal = ZERO
    amount: Decimal = ZERO
    min_subtotal: Decimal = ZERO
    expires: dt.date | None = None

    def __post_init__(self) -> None:
        if (self.percent > 0) == (self.amount > 0):
            raise ValueError("a coupon needs exactly one of percent or amount")

    def is_valid(self, order_subtotal: Decimal, today: dt.date) -> bool:
        if self.expires is not None and today > self.expires:
            return False
        return order_subtotal >= self.min_subtotal

    def discount(self, order_subtotal: Decimal) -> Decimal:
        if self.percent:
            return money(order_subtotal * self.percent / 100)
        return min(self.amount, order_subtotal)


@dataclass(frozen=True)
class TaxPolicy:
    default_rate: Decimal
    rates_by_category: Mapping[str, Decimal] = field(default_factory=dict)

    def rate_for(self, category: str) -> Decimal:
        return self.rates_by_category.get(category, self.default_rate)

    def tax(self, lines: Sequence[OrderLine], discount: Decimal = ZERO) -> Decimal:
        gross = subtotal(lines)
        if gross == 0:
            return ZERO
        share = (gross - discount) / gross
        taxes = (ln.total * share * self.rate_for(ln.product.category) for ln in lines)
        return money(sum(taxes, ZERO))


@dataclass(frozen=True)
class PriceBreakdown:
    subtotal: Decimal
    discount: Decimal
    tax: Decimal

    @property
    def total(self) -> Decimal:
        return self.subtotal - self.discount + self.tax


def price_order(
    lines: Sequence[OrderLine],
    customer: Customer,
    tax_policy: TaxPolicy,
    rules: Iterable[DiscountRule] = (),
    coupon: Coupon | None = None,
) -> PriceBreakdown:
    """Price an order: automatic discount rules, then the coupon, then tax."""
    gross = subtotal(lines)
    discount = sum((rule.discount(lines, customer) for rule in rules), ZERO)
    if coupon is not None:
        discount += coupon.discount(gross - min(discount, gross))
    discount = min(discount, gross)
    return PriceBreakdown(gross, discount, tax_policy.tax(lines, discount))
