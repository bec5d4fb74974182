"""Shared fixtures: a small catalogue, stock, pricing setup and the service."""

import datetime as dt
from decimal import Decimal

import pytest

from shop import Customer, Inventory, LoyaltyTier, OrderService, Product
from shop.pricing import BulkDiscount, Coupon, LoyaltyDiscount, TaxPolicy

TODAY = dt.date(2024, 6, 1)


@pytest.fixture
def products() -> dict[str, Product]:
    catalog = [
        Product("KB-001", "Mechanical keyboard", Decimal("89.00"), "electronics"),
        Product("MS-002", "Wireless mouse", Decimal("25.00"), "electronics"),
        Product("BK-100", "Python Testing Handbook", Decimal("39.90"), "books"),
        Product("CF-010", "Coffee beans 1kg", Decimal("18.50"), "food"),
        Product("LG-999", "Legacy cable", Decimal("5.00"), "electronics", active=False),
    ]
    return {product.sku: product for product in catalog}


@pytest.fixture
def tax_policy() -> TaxPolicy:
    reduced = Decimal("0.07")
    return TaxPolicy(Decimal("0.19"), {"books": reduced, "food": reduced})


@pytest.fixture
def inventory() -> Inventory:
    return Inventory(
        {"KB-001": 10, "MS-002": 50, "BK-100": 3, "CF-010": 20, "LG-999": 100}
    )


@pytest.fixture
def customer() -> Customer:
    return Customer("c-1", "Ada Lovelace", "ada@example.com")


@pytest.fixture
def gold_customer() -> Customer:
    return Customer("c-2", "Grace Hopper", "grace@example.com", LoyaltyTier.GOLD)


@pytest.fixture
def coupons() -> list[Coupon]:
    return [
        Coupon("WELCOME10", percent=Decimal("10"), min_subtotal=Decimal("50")),
        Coupon("FIVEOFF", amount=Decimal("5")),
        Coupon("SPRING23", percent=Decimal("20"), expires=dt.date(2023, 5, 31)),
    ]


@pytest.fixture
def service(products, inventory, tax_policy, coupons) -> OrderService:
    return OrderService(
        catalog=products.values(),
        inventory=inventory,
        tax_policy=tax_policy,
        discount_rules=[
            BulkDiscount(min_quantity=10, percent=Decimal("5")),
            LoyaltyDiscount(),
        ],
        coupons=coupons,
        today=lambda: TODAY,
    )
