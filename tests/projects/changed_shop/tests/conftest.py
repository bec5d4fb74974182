"""Fixtures on top of the plugin's db_session: rolled back with each test."""

import pytest
from sqlalchemy.orm import Session

from shop.models import Product


@pytest.fixture
def kettle(db_session: Session) -> Product:
    product = Product(sku="KET-1", name="Kettle", price_cents=2500, stock=5)
    db_session.add(product)
    db_session.flush()
    return product
