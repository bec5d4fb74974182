"""The billing module: its own declarative base, as each module of this monolith has."""

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Settings(Base):
    __tablename__ = "settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    billing_label: Mapped[str] = mapped_column(String(80), unique=True)


class Invoice(Base):
    __tablename__ = "invoice"

    id: Mapped[int] = mapped_column(primary_key=True)
    billing_label: Mapped[str] = mapped_column(String(80), unique=True)
