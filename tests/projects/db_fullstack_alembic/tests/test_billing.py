"""Every test starts from empty tables, though the code under test commits."""

import pytest
from sqlalchemy import text

from app.crud import bill, total_cents


@pytest.mark.parametrize("attempt", range(1, 5))
def test_the_first_invoice_is_new_in_every_test(db_session, attempt):
    bill(db_session, "ada@example.org", "INV-0001", 1200)
    bill(db_session, "ada@example.org", "INV-0002", 800)

    assert total_cents(db_session) == 2000


def test_the_migrations_built_the_test_database(db_connection):
    assert db_connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0002"
