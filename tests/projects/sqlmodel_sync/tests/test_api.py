"""The API and the test share one sqlmodel Session: routes call exec() on it."""

from sqlmodel import select

from guild.models import Hero
from guild.services import register_hero


def test_a_hero_written_by_the_test_is_served_by_the_api(client, db_session):
    register_hero(db_session, "Captain North America", "Esteban Rogelios", 93)

    response = client.get("/heroes")

    assert response.status_code == 200
    assert [hero["name"] for hero in response.json()] == ["Captain North America"]


def test_a_hero_registered_through_the_api_is_in_db_session(client, db_session):
    response = client.post("/heroes", json={"name": "Princess Sure-E", "secret_name": "Sure-E"})

    assert response.status_code == 201
    stored = db_session.exec(select(Hero).where(Hero.name == "Princess Sure-E")).one()
    assert stored.id == response.json()["id"]


def test_a_second_registration_is_a_conflict(client):
    client.post("/heroes", json={"name": "Deadpond", "secret_name": "Dive Wilson"})

    response = client.post("/heroes", json={"name": "Deadpond", "secret_name": "Other"})

    assert response.status_code == 409
    assert len(client.get("/heroes").json()) == 1
