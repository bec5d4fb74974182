"""``app``, ``client`` and ``db_session`` come from the test plugins."""

import pytest

from catalog.models import Book


@pytest.fixture
def dune(db_session) -> Book:
    book = Book(isbn="9780441013593", title="Dune")
    db_session.add(book)
    db_session.commit()
    return book
