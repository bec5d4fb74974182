import pytest

from library.services import (
    AlreadyLent,
    NotLent,
    books_on_loan,
    lend_book,
    open_loan,
    return_book,
)


def test_lend_book_opens_a_loan(db_session, book):
    loan = lend_book(db_session, book, "Grace Hopper")

    assert loan.id is not None
    assert loan.returned is False
    assert open_loan(db_session, book) is loan


def test_a_lent_book_cannot_be_lent_again(db_session, book):
    lend_book(db_session, book, "Grace Hopper")

    with pytest.raises(AlreadyLent, match="Grace Hopper"):
        lend_book(db_session, book, "Alan Turing")

    assert books_on_loan(db_session, "Alan Turing") == []


def test_return_book_closes_the_loan(db_session, book):
    lend_book(db_session, book, "Grace Hopper")

    loan = return_book(db_session, book)

    assert loan.returned is True
    assert open_loan(db_session, book) is None
    assert books_on_loan(db_session) == []


def test_returning_a_book_that_is_not_lent_raises(db_session, book):
    with pytest.raises(NotLent):
        return_book(db_session, book)


def test_a_returned_book_can_be_lent_again(db_session, book):
    lend_book(db_session, book, "Grace Hopper")
    return_book(db_session, book)
    lend_book(db_session, book, "Alan Turing")

    db_session.expire_all()
    assert [(loan.borrower, loan.returned) for loan in book.loans] == [
        ("Grace Hopper", True),
        ("Alan Turing", False),
    ]
    assert books_on_loan(db_session, "Alan Turing") == [book]
