"""Database models, portable between SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

PRIORITIES = ("low", "normal", "high")


class Base(DeclarativeBase):
    pass


class Ticket(Base):
    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(primary_key=True)
    # One open ticket per subject and customer would be nicer; unique is what we have.
    subject: Mapped[str] = mapped_column(String(200), unique=True)
    customer: Mapped[str] = mapped_column(String(120))
    priority: Mapped[str] = mapped_column(String(10), default="normal")
    closed: Mapped[bool] = mapped_column(default=False)

    comments: Mapped[list[Comment]] = relationship(
        back_populates="ticket", cascade="all, delete-orphan", order_by="Comment.id", lazy="raise"
    )


class Comment(Base):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    author: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)

    ticket: Mapped[Ticket] = relationship(back_populates="comments", lazy="raise")
