"""Many tests that each need the catalogue: where seeding once pays off."""

import pytest
from sqlalchemy import func, select

from storefront.models import Product


@pytest.mark.parametrize("number", range(60))
def test_a_product_page(catalogue, number):
    product = catalogue.scalar(select(Product).where(Product.sku == f"SKU-{number:05d}"))
    assert product.price_cents == 100 + number
    assert catalogue.scalar(select(func.count()).select_from(Product)) == 1000
