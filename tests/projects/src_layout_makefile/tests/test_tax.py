from decimal import Decimal

import pytest

from billing.tax import RULES, tax_for


@pytest.mark.parametrize(
    ("country", "category", "expected"),
    [
        ("DE", "general", Decimal("19.00")),
        ("DE", "books", Decimal("7.00")),
        ("FR", "food", Decimal("5.50")),
        ("NL", "general", Decimal("21.00")),
    ],
)
def test_tax_for_standard_and_reduced_rates(country, category, expected):
    assert tax_for(Decimal("100.00"), country, category) == expected


def test_tax_is_rounded_half_up():
    # 0.19 * 0.50 = 0.095 -> 0.10
    assert tax_for(Decimal("0.50"), "DE", "general") == Decimal("0.10")


def test_reverse_charge_means_no_tax():
    tax = tax_for(Decimal("1000"), "FR", "general", reverse_charge=True)
    assert tax == Decimal("0.00")


def test_unknown_country():
    with pytest.raises(ValueError, match="XX"):
        tax_for(Decimal("1"), "XX", "general")


def test_reduced_categories_are_consistent():
    for rule in RULES.values():
        assert rule.reduced_rate < rule.standard_rate
