"""The appointment book: staff accounts and the appointments they hold."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Staff(Base):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(40), unique=True)
    role: Mapped[str] = mapped_column(String(20), default="nurse")

    appointments: Mapped[list[Appointment]] = relationship(back_populates="staff")


class Appointment(Base):
    __tablename__ = "appointment"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    patient_number: Mapped[str] = mapped_column(String(12))
    starts_at: Mapped[datetime]

    staff: Mapped[Staff] = relationship(back_populates="appointments")
