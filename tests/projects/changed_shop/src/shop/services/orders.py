"""Orders: take stock out and charge the price with VAT and discount."""

from __future__ import annotations

from sqlalchemy.orm import Session

from shop.models import Order, Product

from .prices import volume_discount, with_vat


class OutOfStock(Exception):
    pass


def place(session: Session, product: Product, quantity: int) -> Order:
    if product.stock < quantity:
        raise OutOfStock(product.sku)
    product.stock -= quantity
    gross = with_vat(product.price_cents * quantity)
    total = gross - gross * volume_discount(quantity) // 100
    order = Order(product_id=product.id, quantity=quantity, total_cents=total)
    session.add(order)
    session.flush()
    return order
