"""The bakery's own table."""

from bakery.extensions import db


class Loaf(db.Model):
    __tablename__ = "loaves"

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(60), unique=True, nullable=False)
    price_cents = db.Column(db.Integer, nullable=False)
