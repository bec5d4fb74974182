"""The roster, built with db_sessionmaker, opens sessions of its own on the test's data."""

from sqlmodel import Session

from guild.services import guild_size, register_hero


def test_the_roster_sees_what_the_test_committed(db_session, roster):
    register_hero(db_session, "Rusty-Man", "Tommy Sharp")
    register_hero(db_session, "Deadpond", "Dive Wilson")

    assert roster.names() == ["Deadpond", "Rusty-Man"]


def test_what_the_roster_commits_is_seen_by_the_test(db_session, roster):
    register_hero(db_session, "Spider-Boy", "Pedro Parqueador")

    assert roster.retire("Spider-Boy") is True

    db_session.expire_all()
    assert guild_size(db_session) == 0


def test_the_roster_sessions_are_sqlmodel_sessions(db_sessionmaker):
    with db_sessionmaker() as session:
        assert isinstance(session, Session)
