"""The kennel's API: every route takes its session from get_db."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kennel.db import get_db
from kennel.models import Booking, Dog, Invoice, InvoiceLine, Owner, Run, Walk, Walker

app = FastAPI(title="kennel")
Db = Annotated[Session, Depends(get_db)]


class NewOwner(BaseModel):
    name: str
    email: str
    phone: str | None = None


class NewDog(BaseModel):
    name: str
    born: date | None = None


class NewRun(BaseModel):
    label: str
    capacity: int = 1
    nightly_cents: int


class NewBooking(BaseModel):
    dog_id: int
    run_id: int
    start: date
    nights: int


class NewWalk(BaseModel):
    walker: str
    day: date
    minutes: int


def saved(db: Session, row: Any) -> Any:
    db.add(row)
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise HTTPException(409, "already exists") from None
    return row


def found(db: Session, model: Any, key: int) -> Any:
    row = db.get(model, key)
    if row is None:
        raise HTTPException(404, f"no {model.__tablename__[:-1]} {key}")
    return row


@app.post("/owners", status_code=201)
def add_owner(body: NewOwner, db: Db) -> dict[str, Any]:
    owner = saved(db, Owner(**body.model_dump()))
    return {"id": owner.id, "name": owner.name, "email": owner.email}


@app.get("/owners/{owner_id}")
def one_owner(owner_id: int, db: Db) -> dict[str, Any]:
    owner = found(db, Owner, owner_id)
    dogs = db.scalars(select(Dog.name).where(Dog.owner_id == owner_id).order_by(Dog.name))
    return {"id": owner.id, "name": owner.name, "dogs": list(dogs)}


@app.post("/owners/{owner_id}/dogs", status_code=201)
def add_dog(owner_id: int, body: NewDog, db: Db) -> dict[str, Any]:
    found(db, Owner, owner_id)
    dog = saved(db, Dog(owner_id=owner_id, **body.model_dump()))
    return {"id": dog.id, "name": dog.name}


@app.post("/runs", status_code=201)
def add_run(body: NewRun, db: Db) -> dict[str, Any]:
    run = saved(db, Run(**body.model_dump()))
    return {"id": run.id, "label": run.label}


def overlapping(db: Session, run_id: int, start: date, nights: int) -> int:
    end = start + timedelta(days=nights)
    bookings = db.scalars(select(Booking).where(Booking.run_id == run_id, Booking.cancelled.is_(False)))
    return sum(1 for b in bookings if b.start < end and start < b.start + timedelta(days=b.nights))


@app.post("/bookings", status_code=201)
def book(body: NewBooking, db: Db) -> dict[str, Any]:
    if body.nights < 1:
        raise HTTPException(422, "at least one night")
    found(db, Dog, body.dog_id)
    run = found(db, Run, body.run_id)
    if overlapping(db, run.id, body.start, body.nights) >= run.capacity:
        raise HTTPException(409, f"run {run.label} is full")
    booking = saved(db, Booking(**body.model_dump()))
    return {"id": booking.id, "run": run.label, "nights": booking.nights}


@app.delete("/bookings/{booking_id}", status_code=204)
def cancel(booking_id: int, db: Db) -> None:
    booking = found(db, Booking, booking_id)
    booking.cancelled = True
    db.commit()


@app.get("/runs/{run_id}/occupancy")
def occupancy(run_id: int, day: date, db: Db) -> dict[str, Any]:
    run = found(db, Run, run_id)
    return {"run": run.label, "dogs": overlapping(db, run_id, day, 1), "capacity": run.capacity}


@app.post("/bookings/{booking_id}/walks", status_code=201)
def walk(booking_id: int, body: NewWalk, db: Db) -> dict[str, Any]:
    found(db, Booking, booking_id)
    walker = db.scalar(select(Walker).where(Walker.name == body.walker))
    if walker is None:
        walker = saved(db, Walker(name=body.walker))
    row = saved(db, Walk(booking_id=booking_id, walker_id=walker.id, day=body.day, minutes=body.minutes))
    return {"id": row.id, "walker": walker.name}


WALK_CENTS = 500


@app.post("/bookings/{booking_id}/invoice", status_code=201)
def invoice(booking_id: int, db: Db) -> dict[str, Any]:
    booking = found(db, Booking, booking_id)
    if booking.cancelled:
        raise HTTPException(409, "the booking is cancelled")
    run = found(db, Run, booking.run_id)
    walks = db.scalar(select(func.count()).select_from(Walk).where(Walk.booking_id == booking_id)) or 0
    bill = saved(db, Invoice(booking_id=booking_id))
    lines = [(f"{booking.nights} nights in {run.label}", booking.nights * run.nightly_cents)]
    if walks:
        lines.append((f"{walks} walks", walks * WALK_CENTS))
    for text, cents in lines:
        db.add(InvoiceLine(invoice_id=bill.id, text=text, cents=cents))
    db.commit()
    return {"id": bill.id, "total_cents": sum(cents for _, cents in lines), "lines": [t for t, _ in lines]}
