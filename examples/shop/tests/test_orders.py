from decimal import Decimal

import pytest

from shop import OrderError, OrderStatus, OutOfStock


def test_place_order(service, customer, inventory):
    order = service.place_order(customer, {"KB-001": 1, "BK-100": 1})
    assert order.id == "ORD-00001"
    assert order.status is OrderStatus.PLACED
    assert order.item_count == 2
    assert order.total == Decimal("148.60")
    assert inventory.available("BK-100") == 2


def test_order_ids_are_sequential(service, customer):
    ids = [service.place_order(customer, {"MS-002": 1}).id for _ in range(3)]
    assert ids == ["ORD-00001", "ORD-00002", "ORD-00003"]


def test_gold_customer_gets_loyalty_discount(service, gold_customer):
    order = service.place_order(gold_customer, {"KB-001": 1, "BK-100": 1})
    assert order.discount == Decimal("12.89")
    assert order.total == Decimal("133.74")


def test_bulk_discount_applies(service, customer):
    order = service.place_order(customer, {"MS-002": 10})
    assert order.subtotal == Decimal("250.00")
    assert order.discount == Decimal("12.50")


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ({}, "at least one item"),
        ({"XX-000": 1}, "unknown product"),
        ({"LG-999": 1}, "no longer sold"),
        ({"KB-001": 0}, "quantity must be positive"),
    ],
)
def test_invalid_orders_are_rejected(service, customer, items, message):
    with pytest.raises(OrderError, match=message):
        service.place_order(customer, items)


def test_out_of_stock_reserves_nothing(service, customer, inventory):
    with pytest.raises(OutOfStock):
        service.place_order(customer, {"MS-002": 2, "BK-100": 5})
    assert inventory.reserved("MS-002") == 0
    assert service.orders_for(customer) == []


@pytest.mark.parametrize("code", ["WELCOME10", "welcome10"])
def test_coupon_codes_are_case_insensitive(service, customer, code):
    order = service.place_order(customer, {"KB-001": 1}, coupon_code=code)
    assert order.coupon_code == "WELCOME10"
    assert order.discount == Decimal("8.90")


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("NOPE", "unknown coupon"),
        ("SPRING23", "cannot be used"),
        ("WELCOME10", "cannot be used"),
    ],
)
def test_unusable_coupons(service, customer, code, message):
    # Subtotal 25.00 is below WELCOME10's minimum of 50.00.
    with pytest.raises(OrderError, match=message):
        service.place_order(customer, {"MS-002": 1}, coupon_code=code)


def test_cancel_releases_stock(service, customer, inventory):
    order = service.place_order(customer, {"BK-100": 3})
    assert inventory.available("BK-100") == 0
    service.cancel(order.id)
    assert order.status is OrderStatus.CANCELLED
    assert inventory.available("BK-100") == 3


def test_ship_consumes_stock(service, customer, inventory):
    order = service.place_order(customer, {"CF-010": 4})
    service.ship(order.id)
    assert order.status is OrderStatus.SHIPPED
    assert inventory.on_hand("CF-010") == 16


def test_shipped_order_cannot_be_cancelled(service, customer):
    order = service.place_order(customer, {"CF-010": 1})
    service.ship(order.id)
    with pytest.raises(OrderError, match="already shipped"):
        service.cancel(order.id)


def test_orders_for_customer(service, customer, gold_customer):
    mine = service.place_order(customer, {"MS-002": 1})
    service.place_order(gold_customer, {"MS-002": 1})
    assert service.orders_for(customer) == [mine]


def test_unknown_order(service):
    with pytest.raises(OrderError, match="unknown order"):
        service.get("ORD-99999")
