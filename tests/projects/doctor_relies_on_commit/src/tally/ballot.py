"""Registering and voting; each function commits."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tally.models import Vote, Voter


def register(session: Session, name: str) -> Voter:
    voter = Voter(name=name)
    session.add(voter)
    session.commit()
    return voter


def find_voter(session: Session, name: str) -> Voter | None:
    return session.scalar(select(Voter).where(Voter.name == name))


def vote(session: Session, voter: Voter, choice: str) -> None:
    session.add(Vote(voter_id=voter.id, choice=choice))
    session.commit()


def results(session: Session) -> dict[str, int]:
    rows = session.execute(select(Vote.choice, func.count()).group_by(Vote.choice))
    return {choice: count for choice, count in rows.all()}
