"""Database models. Portable between SQLite and PostgreSQL: plain types only."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)

    books: Mapped[list[Book]] = relationship(back_populates="author", order_by="Book.title")

    def __repr__(self) -> str:
        return f"Author(id={self.id!r}, name={self.name!r})"


class Book(Base):
    __tablename__ = "books"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    isbn: Mapped[str] = mapped_column(String(13), unique=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"), index=True)
    published_year: Mapped[int | None]

    author: Mapped[Author] = relationship(back_populates="books")
    loans: Mapped[list[Loan]] = relationship(back_populates="book", order_by="Loan.id")

    def __repr__(self) -> str:
        return f"Book(id={self.id!r}, isbn={self.isbn!r}, title={self.title!r})"


class Loan(Base):
    __tablename__ = "loans"

    id: Mapped[int] = mapped_column(primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("books.id"), index=True)
    borrower: Mapped[str] = mapped_column(String(200))
    returned: Mapped[bool] = mapped_column(default=False)

    book: Mapped[Book] = relationship(back_populates="loans")

    def __repr__(self) -> str:
        return f"Loan(id={self.id!r}, book_id={self.book_id!r}, returned={self.returned!r})"
