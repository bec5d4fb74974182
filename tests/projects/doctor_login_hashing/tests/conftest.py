"""One database for the run; one session and one admin login per test module."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from clubhouse.club import log_in
from clubhouse.models import Base, Member
from clubhouse.security import hash_password
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session

ADMIN_PASSWORD = "correct horse battery staple"
serial = itertools.count()


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = create_engine(f"sqlite:///{tmp_path_factory.mktemp('db') / 'club.db'}")
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture(scope="module")
def admin(session: Session) -> Member:
    name = f"admin{next(serial)}"
    session.add(Member(name=name, password_hash=hash_password(ADMIN_PASSWORD), is_admin=True))
    session.commit()
    return log_in(session, name, ADMIN_PASSWORD)


@pytest.fixture
def member(session: Session) -> Member:
    name = f"member{next(serial)}"
    session.add(Member(name=name, password_hash=hash_password("tennis")))
    session.commit()
    return log_in(session, name, "tennis")
