"""Places: the ORM side (14 tables, each with its indexes and foreign keys)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Place(Base):
    __tablename__ = "places"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    country: Mapped[str] = mapped_column(String(2))


class Country(Base):
    __tablename__ = "countries"
    __table_args__ = (Index("ix_countries_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    iso: Mapped[str] = mapped_column(String(20), unique=True)
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class Region(Base):
    __tablename__ = "regions"
    __table_args__ = (Index("ix_regions_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    countrie_id: Mapped[int] = mapped_column(ForeignKey("countries.id"), index=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    code: Mapped[str] = mapped_column(String(20), unique=True)
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class City(Base):
    __tablename__ = "cities"
    __table_args__ = (Index("ix_cities_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    population: Mapped[int] = mapped_column(default=0)
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class Guide(Base):
    __tablename__ = "guides"
    __table_args__ = (Index("ix_guides_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    licence: Mapped[str] = mapped_column(String(20), unique=True)
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class Tour(Base):
    __tablename__ = "tours"
    __table_args__ = (Index("ix_tours_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guide_id: Mapped[int] = mapped_column(ForeignKey("guides.id"), index=True)
    title: Mapped[str] = mapped_column(String(120), default="")
    minutes: Mapped[int] = mapped_column(default=0)
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class TourStop(Base):
    __tablename__ = "tour_stops"
    __table_args__ = (Index("ix_tour_stops_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tour_id: Mapped[int] = mapped_column(ForeignKey("tours.id"), index=True)
    place_name: Mapped[str] = mapped_column(String(120), default="")
    position: Mapped[int] = mapped_column(default=0)
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class Photo(Base):
    __tablename__ = "photos"
    __table_args__ = (Index("ix_photos_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    url: Mapped[str] = mapped_column(String(120), default="")
    width: Mapped[int] = mapped_column(default=0)
    height: Mapped[int] = mapped_column(default=0)
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class Review(Base):
    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    author: Mapped[str] = mapped_column(String(120), default="")
    stars: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(120), default="")
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class OpeningHours(Base):
    __tablename__ = "opening_hours"
    __table_args__ = (Index("ix_opening_hours_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    weekday: Mapped[int] = mapped_column(default=0)
    opens: Mapped[str] = mapped_column(String(120), default="")
    closes: Mapped[str] = mapped_column(String(120), default="")
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (Index("ix_tickets_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    kind: Mapped[str] = mapped_column(String(120), default="")
    cents: Mapped[int] = mapped_column(default=0)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class Booking(Base):
    __tablename__ = "bookings"
    __table_args__ = (Index("ix_bookings_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    visitor: Mapped[str] = mapped_column(String(120), default="")
    seats: Mapped[int] = mapped_column(default=0)
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class Tag(Base):
    __tablename__ = "tags"
    __table_args__ = (Index("ix_tags_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))


class PlaceTag(Base):
    __tablename__ = "place_tags"
    __table_args__ = (Index("ix_place_tags_created", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    tag_name: Mapped[str] = mapped_column(String(120), default="")
    created: Mapped[dt.datetime] = mapped_column(default=dt.datetime(2024, 1, 1))
