"""Logging in and booking courts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from clubhouse.models import Booking, Member
from clubhouse.security import verify_password

COURTS = (1, 2, 3)
OPEN_HOURS = range(7, 22)


class NotAllowed(Exception):
    pass


def log_in(session: Session, name: str, password: str) -> Member:
    member = session.scalar(select(Member).where(Member.name == name))
    if member is None or not verify_password(password, member.password_hash):
        raise NotAllowed(name)
    return member


def book(session: Session, member: Member, court: int, hour: int) -> Booking:
    if court not in COURTS or hour not in OPEN_HOURS:
        raise ValueError(f"no court {court} at {hour}:00")
    booking = Booking(member_id=member.id, court=court, hour=hour)
    session.add(booking)
    session.commit()
    return booking


def cancel(session: Session, by: Member, booking: Booking) -> None:
    if not by.is_admin and booking.member_id != by.id:
        raise NotAllowed(by.name)
    session.delete(booking)
    session.commit()
