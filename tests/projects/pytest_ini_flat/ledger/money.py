"""Money helpers. Amounts are always :class:`decimal.Decimal`, never float."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Union

CENT = Decimal("0.01")

MoneyLike = Union[Decimal, int, str]


def to_money(value: MoneyLike) -> Decimal:
    """Convert ``value`` to a Decimal rounded to cents (banker's rounding).

    Floats are rejected on purpose: ``0.1 + 0.2`` has no place in a ledger.
    """
    if isinstance(value, float):
        raise TypeError("use Decimal or str for money, not float")
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"not a monetary amount: {value!r}") from None
    if not amount.is_finite():
        raise ValueError(f"not a monetary amount: {value!r}")
    return amount.quantize(CENT, rounding=ROUND_HALF_EVEN)


def format_money(amount: Decimal, currency: str = "EUR") -> str:
    """Format an amount with thousands separators, e.g. ``-1,234.50 EUR``."""
    return f"{to_money(amount):,.2f} {currency}"
