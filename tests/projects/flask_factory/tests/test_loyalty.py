"""The plugin's table exists, though only create_app() registers its model."""

from sqlalchemy import select

from bakery_loyalty.models import LoyaltyCard


def test_stamps_add_up_to_a_free_loaf(client, db_session):
    for _ in range(9):
        client.post("/loyalty/ada/stamp")
    response = client.post("/loyalty/ada/stamp")

    assert response.json == {"customer": "ada", "stamps": 10, "free_loaf": True}
    assert db_session.scalar(select(LoyaltyCard.stamps)) == 10
