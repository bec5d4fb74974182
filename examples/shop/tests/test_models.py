from decimal import Decimal

import pytest

from shop.models import Customer, LoyaltyTier, OrderLine, Product


def test_product_defaults():
    product = Product("SKU-1", "Thing", Decimal("1.00"))
    assert product.category == "general"
    assert product.active


@pytest.mark.parametrize(
    ("sku", "price"),
    [("", Decimal("1.00")), ("SKU-1", Decimal("-0.01"))],
)
def test_invalid_products(sku, price):
    with pytest.raises(ValueError):
        Product(sku, "Broken", price)


@pytest.mark.parametrize(
    "email", ["ada@example.com", "first.last+shop@mail.example.org"]
)
def test_valid_emails(email):
    assert Customer("c-9", "Someone", email).email == email


@pytest.mark.parametrize("email", ["ada", "ada@example", "a b@example.com"])
def test_invalid_emails(email):
    with pytest.raises(ValueError, match="email"):
        Customer("c-9", "Someone", email)


def test_customer_tier_defaults_to_standard(customer):
    assert customer.tier is LoyaltyTier.STANDARD


def test_order_line_freezes_unit_price(products):
    line = OrderLine.for_product(products["MS-002"], 3)
    assert line.unit_price == Decimal("25.00")
    assert line.total == Decimal("75.00")


def test_order_line_rejects_zero_quantity(products):
    with pytest.raises(ValueError):
        OrderLine.for_product(products["MS-002"], 0)
