"""Unit-of-work functions for the library.

Each function takes the caller's ``Session`` and commits its own work, the
way the web handlers and the nightly import use them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from library.models import Author, Book, Loan


class LibraryError(Exception):
    """Base class for the errors the services raise on purpose."""


class AlreadyLent(LibraryError):
    """The book already has an open loan."""


class NotLent(LibraryError):
    """The book has no open loan to return."""


class InvalidIsbn(LibraryError, ValueError):
    """Not a well-formed ISBN-13."""


class DuplicateIsbn(LibraryError):
    """Another book already has this ISBN."""


@dataclass(frozen=True)
class CatalogueEntry:
    title: str
    isbn: str
    published_year: int | None = None


def normalise_isbn(raw: str) -> str:
    """Return the 13 digits of an ISBN-13, or raise InvalidIsbn."""
    digits = raw.replace("-", "").replace(" ", "")
    if len(digits) != 13 or not digits.isdigit():
        raise InvalidIsbn(f"{raw!r} is not 13 digits")
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits[:12]))
    if (10 - total % 10) % 10 != int(digits[12]):
        raise InvalidIsbn(f"{raw!r} has a bad check digit")
    return digits


def add_author(session: Session, name: str) -> Author:
    name = " ".join(name.split())
    if not name:
        raise ValueError("an author needs a name")
    author = Author(name=name)
    session.add(author)
    session.commit()
    return author


def find_author(session: Session, name: str) -> Author | None:
    return session.scalars(select(Author).where(Author.name == name)).one_or_none()


def add_book(
    session: Session,
    author: Author,
    title: str,
    isbn: str,
    published_year: int | None = None,
) -> Book:
    book = Book(
        title=title.strip(),
        isbn=normalise_isbn(isbn),
        author=author,
        published_year=published_year,
    )
    session.add(book)
    session.commit()
    return book


def import_catalogue(
    session: Session, author_name: str, entries: Iterable[CatalogueEntry]
) -> Author:
    """Add an author and their books as one all-or-nothing unit.

    A bad ISBN or one that is already catalogued throws the whole import
    away (``session.rollback()``) and re-raises, so no half-imported author
    is left behind.
    """
    author = find_author(session, author_name) or Author(name=author_name)
    session.add(author)
    try:
        for entry in entries:
            session.add(
                Book(
                    title=entry.title,
                    isbn=normalise_isbn(entry.isbn),
                    published_year=entry.published_year,
                    author=author,
                )
            )
            session.flush()
    except InvalidIsbn:
        session.rollback()
        raise
    except IntegrityError as exc:
        session.rollback()
        raise DuplicateIsbn(str(exc.orig)) from exc
    session.commit()
    return author


def open_loan(session: Session, book: Book) -> Loan | None:
    return session.scalars(
        select(Loan).where(Loan.book_id == book.id, Loan.returned.is_(False))
    ).one_or_none()


def lend_book(session: Session, book: Book, borrower: str) -> Loan:
    current = open_loan(session, book)
    if current is not None:
        raise AlreadyLent(f"{book.title!r} is already lent to {current.borrower}")
    loan = Loan(book=book, borrower=borrower)
    session.add(loan)
    session.commit()
    return loan


def return_book(session: Session, book: Book) -> Loan:
    loan = open_loan(session, book)
    if loan is None:
        raise NotLent(f"{book.title!r} is not on loan")
    loan.returned = True
    session.commit()
    return loan


def books_on_loan(session: Session, borrower: str | None = None) -> list[Book]:
    stmt = select(Book).join(Loan).where(Loan.returned.is_(False)).order_by(Book.title)
    if borrower is not None:
        stmt = stmt.where(Loan.borrower == borrower)
    return list(session.scalars(stmt))


def catalogue_size(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Book)) or 0


def books_by(session: Session, author_name: str) -> list[Book]:
    return list(
        session.scalars(
            select(Book)
            .join(Book.author)
            .where(Author.name == author_name)
            .order_by(Book.published_year, Book.title)
        )
    )
