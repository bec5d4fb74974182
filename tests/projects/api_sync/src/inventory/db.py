"""The production engine and the session dependency the routes use."""

from __future__ import annotations

import os
from collections.abc import Iterator

from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

DATABASE_URL = os.environ.get("INVENTORY_DATABASE_URL", "sqlite:///inventory.sqlite3")

engine = create_engine(DATABASE_URL, pool_pre_ping=True)
SessionLocal = sessionmaker(engine)


def get_session() -> Iterator[Session]:
    """One session per request, closed when the response has been sent."""
    with SessionLocal() as session:
        yield session
