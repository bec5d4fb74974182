"""The support module: its own declarative base, as each module of this monolith has."""

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Note(Base):
    __tablename__ = "note"

    id: Mapped[int] = mapped_column(primary_key=True)
    support_label: Mapped[str] = mapped_column(String(80), unique=True)


class Ticket(Base):
    __tablename__ = "ticket"

    id: Mapped[int] = mapped_column(primary_key=True)
    support_label: Mapped[str] = mapped_column(String(80), unique=True)
