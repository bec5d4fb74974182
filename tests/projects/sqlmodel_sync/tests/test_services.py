"""The guild's rules, on the sqlmodel Session they are given."""

import pytest
from sqlmodel import Session, select

from guild.models import Hero
from guild.services import AlreadyRegistered, guild_size, heroes_of, register_hero, veterans


def test_db_session_is_sqlmodel_session(db_session):
    assert isinstance(db_session, Session)
    assert db_session.exec(select(Hero)).all() == []


def test_heroes_of_a_team(db_session, team):
    register_hero(db_session, "Rusty-Man", "Tommy Sharp", 48, team)
    register_hero(db_session, "Deadpond", "Dive Wilson", None, team)
    register_hero(db_session, "Spider-Boy", "Pedro Parqueador")

    assert heroes_of(db_session, "Preventers") == ["Deadpond", "Rusty-Man"]


def test_a_name_is_registered_once(db_session):
    register_hero(db_session, "Tarantula", "Natalia Roman-on", 32)

    with pytest.raises(AlreadyRegistered):
        register_hero(db_session, "Tarantula", "Someone Else")


def test_veterans_are_older_than_asked(db_session):
    register_hero(db_session, "Black Lion", "Trevor Challa", 35)
    register_hero(db_session, "Dormammu", "Unknown", 127)

    assert [hero.name for hero in veterans(db_session, 100)] == ["Dormammu"]
    assert guild_size(db_session) == 2
