"""Books: listed, shown and added over HTTP; counted over a websocket."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, WebSocket, status
from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from catalog.db import Db
from catalog.models import Book

router = APIRouter(prefix="/books", tags=["books"])


class BookIn(BaseModel):
    isbn: str = Field(pattern=r"^\d{13}$")
    title: str = Field(min_length=1, max_length=200)


class BookOut(BaseModel):
    isbn: str
    title: str


@router.get("")
def list_books(session: Db) -> list[BookOut]:
    books = session.scalars(select(Book).where(~Book.hidden).order_by(Book.isbn))
    return [BookOut(isbn=book.isbn, title=book.title) for book in books]


@router.post("", status_code=status.HTTP_201_CREATED)
def add_book(data: BookIn, session: Db) -> BookOut:
    session.add(Book(isbn=data.isbn, title=data.title))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise HTTPException(status.HTTP_409_CONFLICT, f"{data.isbn} exists") from None
    return BookOut(isbn=data.isbn, title=data.title)


@router.websocket("/count")
async def count_books(socket: WebSocket, session: Db) -> None:
    await socket.accept()
    await socket.send_json({"books": session.scalar(select(func.count()).select_from(Book))})
    await socket.close()
