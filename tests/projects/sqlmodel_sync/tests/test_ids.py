"""Tests that assert ids: every test here expects its first hero to be /heroes/1.

A rolled-back insert does not give its id back on PostgreSQL, so these tests need the
sequences restarted at their start: the marker does that, inside the test's transaction.
"""

import pytest

from guild.models import Team
from guild.services import found_team

pytestmark = pytest.mark.tuneup_reset_sequences


@pytest.mark.parametrize("attempt", range(1, 4))
def test_the_first_hero_is_hero_one(client, attempt):
    response = client.post("/heroes", json={"name": f"Hero {attempt}", "secret_name": "?"})

    assert response.json()["id"] == 1
    assert client.get("/heroes/1").json()["name"] == f"Hero {attempt}"


@pytest.mark.parametrize("attempt", range(1, 4))
def test_the_first_team_is_team_one(db_session, attempt):
    assert found_team(db_session, f"Team {attempt}", "Tower").id == 1
    assert db_session.get(Team, 1) is not None


def test_rows_already_there_keep_their_ids(db_session, team, db_sessionmaker):
    """db_sessionmaker restarts the sequences again, after ``team`` took id 1: above it."""
    assert team.id == 1
    with db_sessionmaker() as session:
        assert found_team(session, "Second Team", "Hut").id == 2
