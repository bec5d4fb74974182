from decimal import Decimal

import pytest
from ledger.money import format_money, to_money

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("10", Decimal("10.00")),
        (3, Decimal("3.00")),
        ("0.125", Decimal("0.12")),
        ("0.135", Decimal("0.14")),
        (Decimal("-2.005"), Decimal("-2.00")),
    ],
)
def test_to_money_rounds_half_even(value, expected):
    assert to_money(value) == expected


def test_floats_are_rejected():
    with pytest.raises(TypeError):
        to_money(0.1)


@pytest.mark.parametrize("value", ["abc", "NaN", "Infinity"])
def test_garbage_is_rejected(value):
    with pytest.raises(ValueError):
        to_money(value)


def test_format_money():
    assert format_money(Decimal("-1234.5")) == "-1,234.50 EUR"
    assert format_money(Decimal("7"), currency="USD") == "7.00 USD"
