"""The messaging module: its own declarative base, as each module of this monolith has."""

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Event(Base):
    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    messaging_label: Mapped[str] = mapped_column(String(80), unique=True)


class Message(Base):
    __tablename__ = "message"

    id: Mapped[int] = mapped_column(primary_key=True)
    messaging_label: Mapped[str] = mapped_column(String(80), unique=True)
