"""Beds, plantings and waterings: routes on the application-wide db.session."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, abort, request
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from greenhouse.extensions import db
from greenhouse.models import Bed, Planting, Species, Watering

beds = Blueprint("beds", __name__)


def commit_or_conflict() -> None:
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        abort(409)


@beds.post("/beds")
def add_bed():
    bed = Bed(label=request.json["label"], area_m2=request.json["area_m2"])
    db.session.add(bed)
    commit_or_conflict()
    return {"id": bed.id, "label": bed.label}, 201


@beds.get("/beds")
def list_beds():
    return [bed.label for bed in db.session.scalars(select(Bed).order_by(Bed.label))]


def used_area(bed_id: int) -> float:
    rows = db.session.execute(select(Planting.count, Species.spacing_m2).join(Species).where(Planting.bed_id == bed_id))
    return sum(count * spacing for count, spacing in rows)


@beds.post("/beds/<int:bed_id>/plantings")
def plant(bed_id: int):
    bed = db.get_or_404(Bed, bed_id)
    species = db.session.scalar(select(Species).where(Species.name == request.json["species"]))
    if species is None:
        abort(404)
    count = int(request.json["count"])
    if used_area(bed.id) + count * species.spacing_m2 > bed.area_m2:
        return {"error": f"bed {bed.label} is full"}, 409
    planting = Planting(
        bed_id=bed.id, species_id=species.id, count=count, planted=date.fromisoformat(request.json["day"])
    )
    db.session.add(planting)
    db.session.commit()
    return {"id": planting.id, "free_m2": round(bed.area_m2 - used_area(bed.id), 2)}, 201


@beds.post("/beds/<int:bed_id>/waterings")
def water(bed_id: int):
    db.get_or_404(Bed, bed_id)
    row = Watering(bed_id=bed_id, day=date.fromisoformat(request.json["day"]), litres=request.json["litres"])
    db.session.add(row)
    db.session.commit()
    return {"id": row.id}, 201


@beds.get("/beds/<int:bed_id>/thirsty")
def thirsty(bed_id: int):
    """The species of the bed that need water on the given day."""
    db.get_or_404(Bed, bed_id)
    today = date.fromisoformat(request.args["day"])
    last = db.session.scalar(select(func.max(Watering.day)).where(Watering.bed_id == bed_id))
    names = db.session.scalars(
        select(Species.name).join(Planting).where(Planting.bed_id == bed_id).distinct().order_by(Species.name)
    )
    species = {s.name: s for s in db.session.scalars(select(Species))}
    return [name for name in names if last is None or last + timedelta(days=species[name].water_every_days) <= today]
