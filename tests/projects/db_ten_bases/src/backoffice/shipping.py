"""The shipping module: its own declarative base, as each module of this monolith has."""

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Parcel(Base):
    __tablename__ = "parcel"

    id: Mapped[int] = mapped_column(primary_key=True)
    shipping_label: Mapped[str] = mapped_column(String(80), unique=True)
