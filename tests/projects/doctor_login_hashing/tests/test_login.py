from __future__ import annotations

import pytest
from clubhouse.club import NotAllowed, log_in
from clubhouse.models import Member
from conftest import ADMIN_PASSWORD
from sqlalchemy.orm import Session


def test_the_admin_logs_in(session: Session, admin: Member) -> None:
    assert log_in(session, admin.name, ADMIN_PASSWORD).is_admin


def test_a_wrong_password_is_refused(session: Session, admin: Member) -> None:
    with pytest.raises(NotAllowed):
        log_in(session, admin.name, "incorrect horse")


def test_members_are_not_admins(member: Member) -> None:
    assert not member.is_admin
