"""Stock: receiving and counting products."""

from __future__ import annotations

from sqlalchemy.orm import Session

from shop.models import Product


def add_product(session: Session, sku: str, name: str, price_cents: int) -> Product:
    product = Product(sku=sku, name=name, price_cents=price_cents)
    session.add(product)
    session.flush()
    return product


def receive(session: Session, product: Product, quantity: int) -> int:
    product.stock += quantity
    session.flush()
    return product.stock
