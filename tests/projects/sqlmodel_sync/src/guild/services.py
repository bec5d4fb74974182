"""The guild's rules: plain functions on a sqlmodel Session, which they query with exec()."""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from guild.models import Hero, Team


class AlreadyRegistered(Exception):
    pass


def found_team(session: Session, name: str, headquarters: str) -> Team:
    team = Team(name=name, headquarters=headquarters)
    session.add(team)
    session.commit()
    session.refresh(team)
    return team


def register_hero(session: Session, name: str, secret_name: str, age: int | None = None, team: Team | None = None) -> Hero:
    if session.exec(select(Hero).where(Hero.name == name)).first() is not None:
        raise AlreadyRegistered(name)
    hero = Hero(name=name, secret_name=secret_name, age=age, team_id=team.id if team else None)
    session.add(hero)
    session.commit()
    session.refresh(hero)
    return hero


def heroes_of(session: Session, team_name: str) -> list[str]:
    query = select(Hero.name).join(Team).where(Team.name == team_name).order_by(Hero.name)
    return list(session.exec(query).all())


def guild_size(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Hero)).one()


def veterans(session: Session, older_than: int) -> list[Hero]:
    return list(session.exec(select(Hero).where(col(Hero.age) > older_than).order_by(Hero.name)).all())
