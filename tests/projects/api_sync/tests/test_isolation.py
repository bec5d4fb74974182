"""Nothing one test writes, through the API or db_session, reaches another test.

The same SKU is added again and again: had a previous test's product survived, the API
would answer 409 or list more than this test wrote, in whatever order (or worker) the
tests run.
"""

import pytest
from sqlalchemy import func, select

from inventory.models import Movement, Product


@pytest.mark.parametrize("attempt", range(1, 6))
def test_the_same_product_is_new_in_every_test(client, db_session, attempt):
    response = client.post("/products", json={"sku": "SCREW-4X40", "name": f"Screw, batch {attempt}"})
    assert response.status_code == 201, response.text
    client.post("/products/SCREW-4X40/movements", json={"delta": attempt, "reason": "counted"})

    assert [(p["sku"], p["on_hand"]) for p in client.get("/products").json()] == [
        ("SCREW-4X40", attempt)
    ]
    assert db_session.scalar(select(func.count()).select_from(Movement)) == 1


@pytest.mark.parametrize("count", [0, 1, 3])
def test_the_api_lists_exactly_what_this_test_wrote(client, db_session, count):
    db_session.add_all(Product(sku=f"PIN-{n}", name=f"Dowel pin {n}") for n in range(count))
    db_session.commit()

    assert len(client.get("/products").json()) == count
