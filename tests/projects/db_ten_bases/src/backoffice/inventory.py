"""The inventory module: its own declarative base, as each module of this monolith has."""

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Stock(Base):
    __tablename__ = "stock"

    id: Mapped[int] = mapped_column(primary_key=True)
    inventory_label: Mapped[str] = mapped_column(String(80), unique=True)


class Warehouse(Base):
    __tablename__ = "warehouse"

    id: Mapped[int] = mapped_column(primary_key=True)
    inventory_label: Mapped[str] = mapped_column(String(80), unique=True)
