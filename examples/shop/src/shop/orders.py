"""Placing, cancelling and shipping orders."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Mapping

from shop.inventory import Inventory
from shop.models import Customer, Order, OrderLine, OrderStatus, Product
from shop.pricing import Coupon, DiscountRule, TaxPolicy, price_order, subtotal


class OrderError(Exception):
    """The order cannot be placed or changed as requested."""


class OrderService:
    def __init__(
        self,
        catalog: Iterable[Product],
        inventory: Inventory,
        tax_policy: TaxPolicy,
        discount_rules: Iterable[DiscountRule] = (),
        coupons: Iterable[Coupon] = (),
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self._catalog = {product.sku: product for product in catalog}
        self._inventory = inventory
        self._tax_policy = tax_policy
        self._rules = list(discount_rules)
        self._coupons = {coupon.code.upper(): coupon for coupon in coupons}
        self._today = today
        self._orders: dict[str, Order] = {}
        self._ids = (f"ORD-{n:05d}" for n in itertools.count(1))

    def get(self, order_id: str) -> Order:
        try:
            return self._orders[order_id]
        except KeyError:
            raise OrderError(f"unknown order {order_id}") from None

    def orders_for(self, customer: Customer) -> list[Order]:
        return [o for o in self._orders.values() if o.customer.id == customer.id]

    def _build_lines(self, items: Mapping[str, int]) -> list[OrderLine]:
        if not items:
            raise OrderError("an order needs at least one item")
        lines = []
        for sku, quantity in items.items():
            product = self._catalog.get(sku)
            if product is None:
                raise OrderError(f"unknown product {sku}")
            if not product.active:
                raise OrderError(f"{sku} is no longer sold")
            if quantity <= 0:
                raise OrderError(f"{sku}: quantity must be positive")
            lines.append(OrderLine.for_product(product, quantity))
        return lines

    def _find_coupon(self, code: str, lines: list[OrderLine]) -> Coupon:
        coupon = self._coupons.get(code.upper())
        if coupon is None:
            raise OrderError(f"unknown coupon {code}")
        if not coupon.is_valid(subtotal(lines), self._today()):
            raise OrderError(f"coupon {code} cannot be used for this order")
        return coupon

    def place_order(
        self,
        customer: Customer,
        items: Mapping[str, int],
        coupon_code: str | None = None,
    ) -> Order:
        """Validate, reserve stock, price and record a new order."""
        lines = self._build_lines(items)
        coupon = self._find_coupon(coupon_code, lines) if coupon_code else None
        price = price_order(lines, customer, self._tax_policy, self._rules, coupon)

        self._inventory.reserve_all(items)  # raises OutOfStock, nothing reserved

        order = Order(
            id=next(self._ids),
            customer=customer,
            lines=lines,
            subtotal=price.subtotal,
            discount=price.discount,
            tax=price.tax,
            total=price.total,
            coupon_code=coupon.code if coupon else None,
        )
        self._orders[order.id] = order
        return order

    def cancel(self, order_id: str) -> Order:
        order = self.get(order_id)
        if order.status is not OrderStatus.PLACED:
            raise OrderError(f"{order_id} is already {order.status}")
        for line in order.lines:
            self._inventory.release(line.product.sku, line.quantity)
        order.status = OrderStatus.CANCELLED
        return order

    def ship(self, order_id: str) -> Order:
        order = self.get(order_id)
        if order.status is not OrderStatus.PLACED:
            raise OrderError(f"{order_id} is already {order.status}")
        for line in order.lines:
            self._inventory.fulfil(line.product.sku, line.quantity)
        order.status = OrderStatus.SHIPPED
        return order
