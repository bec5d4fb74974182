"""The production engine and the session dependency every router uses."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

DATABASE_URL = os.environ.get("CATALOG_DATABASE_URL", "sqlite:///catalog.sqlite3")

engine = create_engine(DATABASE_URL)
SessionLocal = sessionmaker(engine)


def get_session() -> Iterator[Session]:
    """One session per request."""
    with SessionLocal() as session:
        yield session


Db = Annotated[Session, Depends(get_session)]
