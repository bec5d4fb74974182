"""The API under test, on a fresh database file for every test."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from kennel.db import get_db
from kennel.main import app
from kennel.models import Base


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    # A database file of its own for every test; TestClient calls the app from its
    # own thread, hence check_same_thread.
    engine = create_engine(f"sqlite:///{tmp_path / 'kennel.db'}", connect_args={"check_same_thread": False})
    Base.metadata.create_all(engine)
    TestingSessionLocal = sessionmaker(bind=engine, autoflush=False, expire_on_commit=False)

    def override_get_db():
        db = TestingSessionLocal()
        try:
            yield db
        finally:
            db.close()

    app.dependency_overrides[get_db] = override_get_db
    with TestClient(app) as test_client:
        yield test_client
    app.dependency_overrides.clear()
    Base.metadata.drop_all(engine)
    engine.dispose()


@pytest.fixture
def owner(client: TestClient) -> dict:
    return client.post("/owners", json={"name": "Mira", "email": "mira@example.org"}).json()


@pytest.fixture
def dog(client: TestClient, owner: dict) -> dict:
    return client.post(f"/owners/{owner['id']}/dogs", json={"name": "Biscuit"}).json()


@pytest.fixture
def run(client: TestClient) -> dict:
    return client.post("/runs", json={"label": "A1", "capacity": 2, "nightly_cents": 3500}).json()
