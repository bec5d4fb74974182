"""Nothing one test writes (through db_session, the API or the roster) reaches another.

The same unique hero is registered in every test: had an earlier test's row survived,
registration would fail with a conflict or the counts would be off, in whatever order
(or worker) the tests run.
"""

import pytest

from guild.services import guild_size, register_hero


@pytest.mark.parametrize("attempt", range(1, 5))
def test_the_same_hero_is_new_in_every_test(db_session, attempt):
    register_hero(db_session, "Rusty-Man", f"Tommy Sharp #{attempt}")

    assert guild_size(db_session) == 1


@pytest.mark.parametrize("attempt", range(1, 5))
def test_the_api_registers_the_same_hero_in_every_test(client, attempt):
    response = client.post("/heroes", json={"name": "Deadpond", "secret_name": f"Dive #{attempt}"})

    assert response.status_code == 201
    assert len(client.get("/heroes").json()) == 1


@pytest.mark.parametrize("attempt", range(1, 4))
def test_the_roster_starts_empty_in_every_test(db_sessionmaker, roster, attempt):
    assert roster.names() == []
    with db_sessionmaker() as session:
        register_hero(session, "Tarantula", f"Natalia #{attempt}")

    assert roster.names() == ["Tarantula"]
