"""The clerks' roster: built once with a sessionmaker, like an admin panel's views,
and opening a session of its own for each call."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session, select

from guild.models import Hero


class Roster:
    def __init__(self, session_maker: Callable[[], Session]) -> None:
        self.session_maker = session_maker

    def names(self) -> list[str]:
        with self.session_maker() as session:
            return list(session.exec(select(Hero.name).order_by(Hero.name)).all())

    def retire(self, name: str) -> bool:
        """Strike a hero off the roster; committed by the roster's own session."""
        with self.session_maker() as session:
            hero = session.exec(select(Hero).where(Hero.name == name)).first()
            if hero is None:
                return False
            session.delete(hero)
            session.commit()
            return True
