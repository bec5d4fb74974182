"""Nothing a test or a route commits reaches another test.

The same unique rows are written in every test: had an earlier test's rows survived,
the route would answer 409 or the counts would be off, in whatever order (or worker).
"""

import pytest
from sqlalchemy import func, select

from bakery.models import Loaf
from bakery_loyalty.models import LoyaltyCard


@pytest.mark.parametrize("attempt", range(1, 5))
def test_the_same_loaf_is_new_in_every_test(client, attempt):
    response = client.post("/loaves", json={"name": "Baguette", "price_cents": attempt})

    assert response.status_code == 201
    assert len(client.get("/loaves").json) == 1


@pytest.mark.parametrize("attempt", range(1, 5))
def test_every_card_starts_with_no_stamps(client, db_session, attempt):
    assert client.post("/loyalty/grace/stamp").json["stamps"] == 1
    assert db_session.scalar(select(func.count()).select_from(LoyaltyCard)) == 1


@pytest.mark.parametrize("attempt", range(1, 4))
def test_rows_the_test_commits_are_gone_after_it(db_session, attempt):
    db_session.add(Loaf(name="Brioche", price_cents=attempt))
    db_session.commit()

    assert db_session.scalar(select(func.count()).select_from(Loaf)) == 1
