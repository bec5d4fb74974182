"""Prices: VAT and volume discounts, in cents."""

from __future__ import annotations

import warnings

VAT_PERCENT = 20


def with_vat(cents: int) -> int:
    return cents + cents * VAT_PERCENT // 100


def volume_discount(quantity: int) -> int:
    """Percent off for buying many."""
    return 10 if quantity >= 10 else 0


def legacy_rate() -> int:
    warnings.warn("legacy_rate: use VAT_PERCENT", DeprecationWarning, stacklevel=2)
    return VAT_PERCENT
