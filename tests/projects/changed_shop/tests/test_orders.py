import pytest
from helpers import expected_total
from sqlalchemy.orm import Session

from shop.models import Product
from shop.services.orders import OutOfStock, place


def test_an_order_takes_stock(db_session: Session, kettle: Product) -> None:
    place(db_session, kettle, 2)
    assert kettle.stock == 3


def test_an_order_charges_vat(db_session: Session, kettle: Product) -> None:
    assert place(db_session, kettle, 2).total_cents == expected_total(2500, 2)


def test_no_order_past_the_stock(db_session: Session, kettle: Product) -> None:
    with pytest.raises(OutOfStock):
        place(db_session, kettle, 6)
