import datetime as dt
from decimal import Decimal

import pytest

from shop.models import Customer, LoyaltyTier, OrderLine
from shop.pricing import (
    BulkDiscount,
    Coupon,
    LoyaltyDiscount,
    money,
    price_order,
)


@pytest.fixture
def keyboard_and_book(products):
    return [
        OrderLine.for_product(products["KB-001"], 1),
        OrderLine.for_product(products["BK-100"], 1),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1.005", "1.01"), ("2.004", "2.00")],
)
def test_money_rounds_half_up(value, expected):
    assert money(Decimal(value)) == Decimal(expected)


@pytest.mark.parametrize(
    ("quantity", "expected"),
    [(9, Decimal("0.00")), (10, Decimal("12.50")), (12, Decimal("15.00"))],
)
def test_bulk_discount_threshold(products, customer, quantity, expected):
    lines = [OrderLine.for_product(products["MS-002"], quantity)]
    rule = BulkDiscount(min_quantity=10, percent=Decimal("5"))
    assert rule.discount(lines, customer) == expected


@pytest.mark.parametrize(
    ("tier", "expected"),
    [
        (LoyaltyTier.STANDARD, Decimal("0.00")),
        (LoyaltyTier.SILVER, Decimal("6.45")),
        (LoyaltyTier.GOLD, Decimal("12.89")),
    ],
)
def test_loyalty_discount_by_tier(keyboard_and_book, tier, expected):
    customer = Customer("c-3", "Tier Test", "tier@example.com", tier)
    assert LoyaltyDiscount().discount(keyboard_and_book, customer) == expected


def test_coupon_needs_exactly_one_kind_of_value():
    with pytest.raises(ValueError):
        Coupon("BOTH", percent=Decimal("10"), amount=Decimal("5"))
    with pytest.raises(ValueError):
        Coupon("NEITHER")


@pytest.mark.parametrize(
    ("order_subtotal", "today", "valid"),
    [
        (Decimal("49.99"), dt.date(2024, 1, 1), False),
        (Decimal("50.00"), dt.date(2024, 3, 31), True),
        (Decimal("80.00"), dt.date(2024, 4, 1), False),
    ],
)
def test_coupon_validity(order_subtotal, today, valid):
    coupon = Coupon(
        "EASTER",
        percent=Decimal("15"),
        min_subtotal=Decimal("50"),
        expires=dt.date(2024, 3, 31),
    )
    assert coupon.is_valid(order_subtotal, today) is valid


def test_fixed_coupon_never_exceeds_subtotal():
    coupon = Coupon("BIG", amount=Decimal("100"))
    assert coupon.discount(Decimal("30.00")) == Decimal("30.00")


def test_tax_uses_category_rates(keyboard_and_book, tax_policy):
    # 89.00 * 19% + 39.90 * 7% = 16.91 + 2.793
    assert tax_policy.tax(keyboard_and_book) == Decimal("19.70")


def test_price_order_without_discounts(keyboard_and_book, customer, tax_policy):
    price = price_order(keyboard_and_book, customer, tax_policy)
    assert (price.subtotal, price.discount, price.tax) == (
        Decimal("128.90"),
        Decimal("0.00"),
        Decimal("19.70"),
    )
    assert price.total == Decimal("148.60")


def test_discount_reduces_taxable_amount(keyboard_and_book, gold_customer, tax_policy):
    rules = [LoyaltyDiscount()]
    price = price_order(keyboard_and_book, gold_customer, tax_policy, rules)
    assert price.discount == Decimal("12.89")
    assert price.tax == Decimal("17.73")
    assert price.total == Decimal("133.74")


def test_coupon_applies_after_automatic_rules(
    keyboard_and_book, gold_customer, tax_policy
):
    coupon = Coupon("WELCOME10", percent=Decimal("10"))
    rules = [LoyaltyDiscount()]
    price = price_order(keyboard_and_book, gold_customer, tax_policy, rules, coupon)
    # 10% loyalty (12.89), then 10% of the remaining 116.01 (11.60)
    assert price.discount == Decimal("24.49")


def test_discount_is_capped_at_subtotal(products, customer, tax_policy):
    lines = [OrderLine.for_product(products["CF-010"], 1)]
    coupon = Coupon("X", amount=Decimal("50"))
    price = price_order(lines, customer, tax_policy, coupon=coupon)
    assert price.discount == Decimal("18.50")
    assert price.tax == Decimal("0.00")
    assert price.total == Decimal("0.00")
