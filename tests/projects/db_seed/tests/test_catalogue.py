"""Every test starts from the whole demo catalogue, whatever the others did to it."""

import pytest
from sqlalchemy import delete, func, select, update

from storefront import demo
from storefront.models import Customer, Product


def product_count(session):
    return session.scalar(select(func.count()).select_from(Product))


@pytest.mark.parametrize("attempt", range(1, 4))
def test_deleting_the_catalogue_leaves_the_next_test_untouched(catalogue, attempt):
    assert product_count(catalogue) == demo.PRODUCTS
    catalogue.execute(delete(Product))
    catalogue.execute(delete(Customer))
    catalogue.commit()

    assert product_count(catalogue) == 0


@pytest.mark.parametrize("attempt", range(1, 4))
def test_price_changes_do_not_survive_the_test(catalogue, attempt):
    first = catalogue.scalar(select(Product).where(Product.sku == "SKU-00000"))
    assert first.price_cents == 100
    catalogue.execute(update(Product).values(price_cents=Product.price_cents * 2))
    catalogue.commit()

    assert catalogue.scalar(select(func.sum(Product.price_cents))) == 2 * sum(100 + n for n in range(demo.PRODUCTS))


@pytest.mark.parametrize("attempt", range(1, 4))
def test_the_seeded_customer_is_there(catalogue, attempt):
    assert catalogue.scalar(select(Customer.email)) == demo.EMAIL
    assert catalogue.scalar(select(func.count()).select_from(Customer)) == 1
