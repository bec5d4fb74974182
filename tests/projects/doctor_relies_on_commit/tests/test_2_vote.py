from __future__ import annotations

from sqlalchemy.orm import Session
from tally.ballot import find_voter, results, vote


def test_the_registered_voter_votes(session: Session) -> None:
    # Ada was registered by test_1_register.py.
    ada = find_voter(session, "Ada")
    assert ada is not None
    vote(session, ada, "park")
    assert results(session) == {"park": 1}
