from decimal import Decimal

import pytest

from clinic.formulary import FORMULARY
from clinic.money import format_cents, parse_amount, percent_of
from clinic.services.billing import line_amounts, make_line, medicine_unit_price
from clinic.services.errors import DomainError


@pytest.mark.parametrize(
    ("cents", "basis_points", "expected"),
    [
        (10_000, 2000, 2000),
        (4850, 2000, 970),
        (1, 2000, 0),
        (3, 2000, 1),  # 0.6 rounds up
        (25, 2000, 5),
        (4850, 1000, 485),
        (999, 1250, 125),  # 124.875 rounds half up
        (0, 2000, 0),
    ],
)
def test_percent_of_rounds_half_up(cents, basis_points, expected):
    assert percent_of(cents, basis_points) == expected


@pytest.mark.parametrize(
    ("cents", "text"),
    [
        (0, "GBP 0.00"),
        (5, "GBP 0.05"),
        (4850, "GBP 48.50"),
        (123456789, "GBP 1,234,567.89"),
        (-250, "-GBP 2.50"),
    ],
)
def test_format_cents(cents, text):
    assert format_cents(cents) == text


@pytest.mark.parametrize(("text", "cents"), [("48.50", 4850), ("48.5", 4850), (" 3 ", 300), ("0.01", 1)])
def test_parse_amount(text, cents):
    assert parse_amount(text) == cents


def test_parse_amount_refuses_fractions_of_a_cent():
    with pytest.raises(ValueError, match="more than two decimals"):
        parse_amount("1.005")


def test_line_amounts_apply_the_discount_before_vat():
    net, vat = line_amounts(Decimal(1), 4850, 1000, 2000)
    assert (net, vat) == (4365, 873)


def test_line_amounts_round_part_units_up_to_the_cent():
    # 2.5 ml at 33 cents a ml is 82.5 cents: the clinic charges 83.
    assert line_amounts(Decimal("2.5"), 33, 0, 2000) == (83, 17)


def test_make_line_refuses_a_discount_above_100_percent():
    with pytest.raises(DomainError, match="between 0% and 100%"):
        make_line("Consultation", Decimal(1), 4850, discount_bp=10_001)


def test_medicine_unit_price_is_marked_up_and_rounded_up():
    product = FORMULARY.product("MW-MELOX-1P5S-30")
    expected = -(-product.pack_price_cents * 165 // (product.pack_size * 100))  # ceiling
    assert medicine_unit_price(product) == expected
    assert medicine_unit_price(product) * product.pack_size >= product.pack_price_cents
