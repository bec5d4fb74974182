"""The admin application, mounted at /admin: its own FastAPI app, so its own overrides."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import select

from catalog.db import Db
from catalog.models import Book

admin = FastAPI(title="catalog admin")


@admin.post("/books/{isbn}/hide")
def hide_book(isbn: str, session: Db) -> dict[str, str]:
    book = session.scalar(select(Book).where(Book.isbn == isbn))
    if book is None:
        return {"hidden": ""}
    book.hidden = True
    session.commit()
    return {"hidden": isbn}
