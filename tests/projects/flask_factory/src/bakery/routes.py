"""Loaves: routes on the global db.session."""

from flask import Blueprint, abort, request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bakery.extensions import db
from bakery.models import Loaf

loaves = Blueprint("loaves", __name__)


def as_json(loaf: Loaf) -> dict[str, object]:
    return {"id": loaf.id, "name": loaf.name, "price_cents": loaf.price_cents}


@loaves.get("/loaves")
def list_loaves():
    return [as_json(loaf) for loaf in db.session.scalars(select(Loaf).order_by(Loaf.name))]


@loaves.post("/loaves")
def bake():
    loaf = Loaf(name=request.json["name"], price_cents=request.json["price_cents"])
    db.session.add(loaf)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        abort(409)
    return as_json(loaf), 201


@loaves.get("/loaves/<int:loaf_id>")
def one_loaf(loaf_id: int):
    return as_json(db.get_or_404(Loaf, loaf_id))
