"""Money as whole cents: no floats anywhere near an invoice."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

#: VAT on veterinary services and medicines, in basis points (20%).
STANDARD_VAT_BP = 2000


def percent_of(cents: int, basis_points: int) -> int:
    """``basis_points`` hundredths of a percent of ``cents``, rounded half up."""
    share = Decimal(cents) * basis_points / Decimal(10_000)
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_cents(cents: int, currency: str = "GBP") -> str:
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{currency} {whole:,}.{part:02d}"


def parse_amount(text: str) -> int:
    """``"12.50"`` -> 1250. Refuses more than two decimals rather than guess."""
    value = Decimal(text.strip())
    cents = value * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"{text!r} has more than two decimals")
    return int(cents)
