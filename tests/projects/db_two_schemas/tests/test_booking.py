from datetime import datetime

from sqlalchemy import select

from clinic.models import Appointment, Staff
from clinic.services import book, register_patient


def test_booking_reuses_the_staff_account(db_session):
    register_patient(db_session, "P-0002", "John Snow", "john@example.org")
    first = book(db_session, "dr.snow", "P-0002", datetime(2024, 1, 1, 10))
    second = book(db_session, "dr.snow", "P-0002", datetime(2024, 1, 2, 10))

    assert first.staff is second.staff
    assert db_session.scalars(select(Staff.login)).all() == ["dr.snow"]
    assert len(db_session.scalars(select(Appointment)).all()) == 2
