"""Passwords, hashed as a real shop would (PBKDF2, many rounds: slow on purpose)."""

import hashlib
import os
import hmac

from sqlalchemy import select
from sqlalchemy.orm import Session

from storefront.models import Customer

ROUNDS = int(os.environ.get("STOREFRONT_HASH_ROUNDS", "200000"))


def hash_password(password: str, salt: str) -> str:
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), ROUNDS)
    return f"{salt}${digest.hex()}"


def customer_with_password(session: Session, email: str, password: str) -> Customer | None:
    """The customer when the password matches (a login), else None."""
    customer = session.scalar(select(Customer).where(Customer.email == email))
    if customer is None:
        return None
    salt = customer.password_hash.split("$", 1)[0]
    return customer if hmac.compare_digest(hash_password(password, salt), customer.password_hash) else None
