"""The search module: its own declarative base, as each module of this monolith has."""

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class SearchIndex(Base):
    __tablename__ = "search_index"

    id: Mapped[int] = mapped_column(primary_key=True)
    search_label: Mapped[str] = mapped_column(String(80), unique=True)
