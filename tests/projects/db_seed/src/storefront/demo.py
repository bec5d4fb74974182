"""The demo data every test starts from: the catalogue and one customer."""

from sqlalchemy.orm import Session

from storefront.auth import hash_password
from storefront.models import Customer, Product

PRODUCTS = 1000
EMAIL = "grace@example.org"
PASSWORD = "correct horse battery staple"


def seed(session: Session) -> None:
    session.add_all(Product(sku=f"SKU-{n:05d}", price_cents=100 + n) for n in range(PRODUCTS))
    session.add(Customer(email=EMAIL, password_hash=hash_password(PASSWORD, "pepper")))
