"""Shared fixtures for the warehouse tests.

``app``, ``client`` and ``db_session`` come from the test plugins. The client's requests
run on the test's own ``db_session``: the API sees what a test wrote, the test sees
what the API committed, and all of it is rolled back after the test.
"""

from datetime import datetime

import pytest

from inventory.clock import get_clock
from inventory.models import Product

STOCKTAKE = datetime(2024, 3, 1, 9, 30)


@pytest.fixture(scope="session", autouse=True)
def fixed_clock(app):
    """Every movement in the tests happens at the same moment: one override for the session."""
    app.dependency_overrides[get_clock] = lambda: STOCKTAKE
    yield STOCKTAKE
    del app.dependency_overrides[get_clock]


@pytest.fixture
def product(db_session) -> Product:
    """A product with ten on the shelf, committed by the test (inside its transaction)."""
    product = Product(sku="BOLT-M8", name="Hex bolt M8", on_hand=10)
    db_session.add(product)
    db_session.commit()
    return product
