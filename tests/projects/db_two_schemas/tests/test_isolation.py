"""Both schemas start empty in every test, though the services commit.

The same unique rows go in again in every test, in both ``user`` tables: a row that
survived a test would fail the next with an IntegrityError or a wrong count, in
whatever order or worker the tests run.
"""

from datetime import datetime

import pytest
from sqlalchemy import insert, text

from clinic.models import Staff
from clinic.registry import Patient, PortalUser
from clinic.services import book, counts, register_patient

MORNING = datetime(2024, 3, 4, 9, 30)


@pytest.mark.parametrize("attempt", range(1, 5))
def test_the_same_people_are_new_in_every_test(db_session, attempt):
    register_patient(db_session, "P-0001", "Mary Seacole", "mary@example.org")
    book(db_session, "dr.jenner", "P-0001", MORNING)

    assert counts(db_session) == {"staff": 1, "portal_users": 1, "patients": 1, "appointments": 1}


@pytest.mark.parametrize("attempt", range(1, 3))
def test_core_inserts_go_to_each_tables_own_database(db_session, attempt):
    db_session.execute(insert(Staff).values(login="nurse.nightingale", role="nurse"))
    db_session.execute(insert(Patient).values(number="P-9", full_name="Florence"))
    db_session.execute(insert(PortalUser).values(email="florence@example.org", patient_number="P-9"))
    db_session.commit()

    assert counts(db_session)["staff"] == 1
    assert counts(db_session)["portal_users"] == 1


def test_the_two_user_tables_are_different_tables(db_connections):
    appointments = db_connections["clinic.models:Base"]
    registry = db_connections["clinic.registry:SQLModel"]
    assert appointments is not registry
    staff_columns = appointments.execute(text('SELECT login, role FROM "user"')).keys()
    portal_columns = registry.execute(text('SELECT email, patient_number FROM "user"')).keys()
    assert list(staff_columns) == ["login", "role"]
    assert list(portal_columns) == ["email", "patient_number"]


@pytest.mark.parametrize("attempt", range(1, 3))
def test_rows_written_on_each_connection_are_rolled_back(db_connections, attempt):
    registry = db_connections["clinic.registry:SQLModel"]
    registry.execute(text("INSERT INTO patient (number, full_name) VALUES ('P-7', 'Ada')"))

    assert registry.execute(text("SELECT count(*) FROM patient")).scalar_one() == 1
