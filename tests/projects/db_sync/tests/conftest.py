"""Shared fixtures for the library tests.

The database fixtures themselves (``db_engine``, ``db_connection``,
``db_session``) come from the test plugin; everything here is built on top
of ``db_session``, so it is rolled back with the rest of the test.
"""

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from library.models import Author, Book
from library.services import add_author, add_book

LEFT_HAND_OF_DARKNESS = "978-0-441-47812-5"
WIZARD_OF_EARTHSEA = "978-0-547-77374-2"


def isbn13(serial: int) -> str:
    """A valid, made-up ISBN-13 (978 prefix, computed check digit)."""
    body = f"978{serial:09d}"
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body))
    return f"{body}{(10 - total % 10) % 10}"


@pytest.fixture
def make_isbn() -> Callable[[int], str]:
    return isbn13


@pytest.fixture
def author(db_session: Session) -> Author:
    return add_author(db_session, "Ursula K. Le Guin")


@pytest.fixture
def book(db_session: Session, author: Author) -> Book:
    return add_book(db_session, author, "The Left Hand of Darkness", LEFT_HAND_OF_DARKNESS, 1969)
