"""The routes' db.session is the test's db_session."""

from sqlalchemy import func, select

from bakery.extensions import db
from bakery.models import Loaf


def test_db_session_is_the_applications_db_session(db_session):
    assert db_session is db.session()


def test_a_loaf_the_test_committed_is_served(client, rye):
    assert client.get("/loaves").json == [{"id": rye.id, "name": "Rye", "price_cents": 450}]


def test_a_loaf_baked_through_the_api_is_in_db_session(client, db_session):
    response = client.post("/loaves", json={"name": "Sourdough", "price_cents": 520})

    assert response.status_code == 201
    assert db_session.scalar(select(Loaf.price_cents).where(Loaf.name == "Sourdough")) == 520


def test_a_second_loaf_of_a_name_is_a_conflict_and_the_first_stays(client, db_session, rye):
    response = client.post("/loaves", json={"name": "Rye", "price_cents": 1})

    assert response.status_code == 409
    assert db_session.scalar(select(func.count()).select_from(Loaf)) == 1
    assert client.get(f"/loaves/{rye.id}").json["price_cents"] == 450


def test_a_test_without_db_session_never_reaches_the_configured_database(flask_app):
    response = flask_app.test_client().get("/loaves")

    assert response.status_code == 500  # refused: the application's own database stays untouched
