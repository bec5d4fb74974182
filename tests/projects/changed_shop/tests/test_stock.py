from sqlalchemy.orm import Session

from shop.models import Product
from shop.services.stock import add_product, receive


def test_a_new_product_has_no_stock(db_session: Session) -> None:
    assert add_product(db_session, "MUG-1", "Mug", 800).stock == 0


def test_receiving_adds_to_the_stock(db_session: Session, kettle: Product) -> None:
    assert receive(db_session, kettle, 3) == 8
