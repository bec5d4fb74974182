"""Stamp cards: a stamp per purchase, the tenth loaf free."""

from flask import Blueprint
from sqlalchemy import select

from bakery.extensions import db
from bakery_loyalty.models import LoyaltyCard

cards = Blueprint("cards", __name__)


@cards.post("/<customer>/stamp")
def stamp(customer: str):
    card = db.session.scalar(select(LoyaltyCard).where(LoyaltyCard.customer == customer))
    if card is None:
        card = LoyaltyCard(customer=customer, stamps=0)
        db.session.add(card)
    card.stamps += 1
    db.session.commit()
    return {"customer": customer, "stamps": card.stamps, "free_loaf": card.stamps % 10 == 0}
