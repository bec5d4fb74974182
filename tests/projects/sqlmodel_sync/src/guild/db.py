"""The production engine and the session dependency the routes use."""

from __future__ import annotations

import os
from collections.abc import Iterator

from sqlmodel import Session, create_engine

DATABASE_URL = os.environ.get("GUILD_DATABASE_URL", "sqlite:///guild.sqlite3")

engine = create_engine(DATABASE_URL)


def get_session() -> Iterator[Session]:
    with Session(engine) as session:
        yield session
