from sqlalchemy import select
from sqlalchemy.orm import Session

from shop.models import Product


def test_a_product_starts_with_no_stock(db_session: Session) -> None:
    db_session.add(Product(sku="PEN-1", name="Pen", price_cents=150))
    db_session.flush()
    stored = db_session.scalars(select(Product).where(Product.sku == "PEN-1")).one()
    assert stored.stock == 0
