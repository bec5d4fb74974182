"""A fresh database for every test, and the co-operative's two usual accounts."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

import pytest
from ledger.books import open_account
from ledger.models import Account, Base
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker


@pytest.fixture
def session() -> Iterator[Session]:
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    with factory() as session:
        yield session
    Base.metadata.drop_all(engine)
    engine.dispose()


@pytest.fixture
def till(session: Session) -> Account:
    return open_account(session, "till", 50_000)


@pytest.fixture
def bank(session: Session) -> Account:
    return open_account(session, "bank", 200_000)
