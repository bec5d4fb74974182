from __future__ import annotations

from sqlalchemy.orm import Session
from tally.ballot import find_voter, register


def test_register_a_voter(session: Session) -> None:
    register(session, "Ada")
    assert find_voter(session, "Ada") is not None


def test_unknown_voters_are_not_found(session: Session) -> None:
    assert find_voter(session, "Grace") is None
