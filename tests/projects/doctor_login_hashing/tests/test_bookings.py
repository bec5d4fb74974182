from __future__ import annotations

import pytest
from clubhouse.club import NotAllowed, book, cancel
from clubhouse.models import Member
from sqlalchemy.orm import Session


def test_a_member_books_a_court(session: Session, member: Member) -> None:
    assert book(session, member, 1, 9).member_id == member.id


@pytest.mark.parametrize(("court", "hour"), [(4, 9), (1, 6), (2, 22)])
def test_only_real_courts_and_hours(session: Session, member: Member, court: int, hour: int) -> None:
    with pytest.raises(ValueError):
        book(session, member, court, hour)


def test_the_admin_cancels_any_booking(session: Session, admin: Member, member: Member) -> None:
    cancel(session, admin, book(session, member, 2, 10))


def test_members_cancel_only_their_own(session: Session, admin: Member, member: Member) -> None:
    booking = book(session, admin, 3, 11)
    with pytest.raises(NotAllowed):
        cancel(session, member, booking)
