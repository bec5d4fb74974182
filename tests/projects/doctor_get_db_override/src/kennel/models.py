"""The kennel's tables: who owns which dog, where it sleeps, what it costs."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Owner(Base):
    __tablename__ = "owners"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str] = mapped_column(String(120), unique=True)
    phone: Mapped[str | None] = mapped_column(String(30))


class Breed(Base):
    __tablename__ = "breeds"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    size: Mapped[str] = mapped_column(String(10))


class Dog(Base):
    __tablename__ = "dogs"
    __table_args__ = (UniqueConstraint("owner_id", "name"), Index("ix_dogs_breed", "breed_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("owners.id"))
    breed_id: Mapped[int | None] = mapped_column(ForeignKey("breeds.id"))
    name: Mapped[str] = mapped_column(String(60))
    born: Mapped[date | None]


class Vaccine(Base):
    __tablename__ = "vaccines"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    valid_days: Mapped[int] = mapped_column(default=365)


class Vaccination(Base):
    __tablename__ = "vaccinations"
    __table_args__ = (Index("ix_vaccinations_dog", "dog_id", "given"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    dog_id: Mapped[int] = mapped_column(ForeignKey("dogs.id"))
    vaccine_id: Mapped[int] = mapped_column(ForeignKey("vaccines.id"))
    given: Mapped[date]


class Run(Base):
    __tablename__ = "runs"
    __table_args__ = (CheckConstraint("capacity > 0"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(10), unique=True)
    capacity: Mapped[int] = mapped_column(default=1)
    nightly_cents: Mapped[int]


class Booking(Base):
    __tablename__ = "bookings"
    __table_args__ = (CheckConstraint("nights > 0"), Index("ix_bookings_run_start", "run_id", "start"))
    id: Mapped[int] = mapped_column(primary_key=True)
    dog_id: Mapped[int] = mapped_column(ForeignKey("dogs.id"))
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))
    start: Mapped[date]
    nights: Mapped[int]
    cancelled: Mapped[bool] = mapped_column(default=False)


class FeedingPlan(Base):
    __tablename__ = "feeding_plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id"), unique=True)
    food: Mapped[str] = mapped_column(String(80))
    meals_a_day: Mapped[int] = mapped_column(default=2)


class Meal(Base):
    __tablename__ = "meals"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("feeding_plans.id"), index=True)
    served: Mapped[date]
    eaten: Mapped[bool] = mapped_column(default=True)


class Walker(Base):
    __tablename__ = "walkers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)


class Walk(Base):
    __tablename__ = "walks"
    __table_args__ = (Index("ix_walks_booking", "booking_id", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id"))
    walker_id: Mapped[int] = mapped_column(ForeignKey("walkers.id"))
    day: Mapped[date]
    minutes: Mapped[int]


class Invoice(Base):
    __tablename__ = "invoices"
    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id"), unique=True)
    paid: Mapped[bool] = mapped_column(default=False)


class InvoiceLine(Base):
    __tablename__ = "invoice_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), index=True)
    text: Mapped[str] = mapped_column(String(120))
    cents: Mapped[int]


class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    dog_id: Mapped[int] = mapped_column(ForeignKey("dogs.id"), index=True)
    text: Mapped[str] = mapped_column(String(500))
