"""Database models, portable between SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Product(Base):
    __tablename__ = "products"
    __table_args__ = (CheckConstraint("on_hand >= 0", name="stock_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    on_hand: Mapped[int] = mapped_column(default=0)

    movements: Mapped[list[Movement]] = relationship(
        back_populates="product", order_by="Movement.id", cascade="all, delete-orphan"
    )


class Movement(Base):
    __tablename__ = "movements"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    delta: Mapped[int]
    reason: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime]

    product: Mapped[Product] = relationship(back_populates="movements")
