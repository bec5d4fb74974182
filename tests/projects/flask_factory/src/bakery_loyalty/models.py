"""The plugin's table, on the application's db."""

from bakery.extensions import db


class LoyaltyCard(db.Model):
    __tablename__ = "loyalty_cards"

    id = db.Column(db.Integer, primary_key=True)
    customer = db.Column(db.String(60), unique=True, nullable=False)
    stamps = db.Column(db.Integer, nullable=False, default=0)
