"""Every test starts from an empty database, even though the services commit.

These tests insert the same unique rows again and again and count exactly
what they inserted themselves: if one test's committed rows survived into
the next, they would fail with an IntegrityError or a wrong count, in
whatever order (or worker) they run.
"""

import pytest
from sqlalchemy import func, select, text

from library.models import Author, Loan
from library.services import add_author, add_book, books_on_loan, catalogue_size, lend_book

NOTES_ISBN = "978-0-262-03384-8"


@pytest.mark.parametrize("attempt", range(1, 6))
def test_ada_lovelace_is_new_in_every_test(db_session, attempt):
    ada = add_author(db_session, "Ada Lovelace")
    notes = add_book(db_session, ada, "Notes on the Analytical Engine", NOTES_ISBN, 1843)
    lend_book(db_session, notes, f"reader #{attempt}")

    assert db_session.scalar(select(func.count()).select_from(Author)) == 1
    assert db_session.scalar(select(func.count()).select_from(Loan)) == 1
    assert books_on_loan(db_session) == [notes]


@pytest.mark.parametrize("count", [0, 1, 2, 3, 5])
def test_catalogue_size_is_exactly_what_this_test_added(db_session, make_isbn, count):
    ada = add_author(db_session, "Ada Lovelace")
    for n in range(count):
        add_book(db_session, ada, f"Lecture notes, volume {n + 1}", make_isbn(n))

    assert catalogue_size(db_session) == count


@pytest.mark.parametrize("borrower", ["Grace Hopper", "Alan Turing", "Barbara Liskov"])
def test_no_loans_are_left_over_from_other_tests(db_session, book, borrower):
    assert books_on_loan(db_session) == []

    lend_book(db_session, book, borrower)

    assert books_on_loan(db_session, borrower) == [book]


@pytest.mark.parametrize("attempt", range(1, 3))
def test_rows_written_on_the_connection_are_rolled_back_too(db_connection, attempt):
    db_connection.execute(
        text("INSERT INTO authors (name) VALUES (:name)"), {"name": "Ada Lovelace"}
    )

    assert db_connection.execute(text("SELECT COUNT(*) FROM authors")).scalar_one() == 1
