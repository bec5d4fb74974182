"""VAT rules by country and product category."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class TaxRule:
    country: str
    standard_rate: Decimal
    reduced_rate: Decimal
    reduced_categories: frozenset[str] = frozenset()

    def rate_for(self, category: str) -> Decimal:
        if category in self.reduced_categories:
            return self.reduced_rate
        return self.standard_rate


_REDUCED = frozenset({"books", "food"})

RULES: dict[str, TaxRule] = {
    "DE": TaxRule("DE", Decimal("0.19"), Decimal("0.07"), _REDUCED),
    "FR": TaxRule("FR", Decimal("0.20"), Decimal("0.055"), _REDUCED),
    "NL": TaxRule("NL", Decimal("0.21"), Decimal("0.09"), _REDUCED),
}


def tax_for(
    net: Decimal, country: str, category: str, *, reverse_charge: bool = False
) -> Decimal:
    """Tax owed on ``net`` for a sale into ``country``, rounded to cents.

    Business customers with a valid VAT id (``reverse_charge``) pay no VAT;
    they account for it themselves.
    """
    if reverse_charge:
        return Decimal("0.00")
    try:
        rule = RULES[country]
    except KeyError:
        raise ValueError(f"no tax rule for country {country!r}") from None
    return (net * rule.rate_for(category)).quantize(CENT, rounding=ROUND_HALF_UP)
