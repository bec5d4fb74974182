"""Fixtures for the whole suite: a fresh database per test, the clinic's staff and
clients, and an HTTP client for the API.

Each test gets its own engine and its own tables. We had one engine for the whole run
until pytest-asyncio started giving every test its own event loop: the pooled
connections then failed with "attached to a different loop" (CLIN-212). A fresh engine
per test fixed it for good.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

# Before the application is imported: never the developer's ./clinic.db, and a short
# batch window so the notifier does not hold up every API test for two seconds.
os.environ["CLINIC_DATABASE_URL"] = "sqlite+aiosqlite:///:memory:"
os.environ["CLINIC_NOTIFY_BATCH_SECONDS"] = "0.05"

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from clinic.api import create_app
from clinic.api.deps import Clock, get_clock
from clinic.db import get_session
from clinic.enums import Role, Species
from clinic.models import Base, Clinician, Owner, Patient
from clinic.notifications import LogGateway
from factories import make_clinician, make_owner, make_patient

#: Monday 10 June 2024, 08:30: the clinic has just opened.
NOW = dt.datetime(2024, 6, 10, 8, 30)


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'clinic.db'}")
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    yield engine
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.drop_all)
    await engine.dispose()


@pytest.fixture
async def session(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    factory = async_sessionmaker(engine, expire_on_commit=False)
    async with factory() as session:
        yield session


@pytest.fixture
def now() -> dt.datetime:
    return NOW


@pytest.fixture
async def vet(session: AsyncSession) -> Clinician:
    return await make_clinician(session, "Dr Amara Okafor", Role.VET)


@pytest.fixture
async def second_vet(session: AsyncSession) -> Clinician:
    return await make_clinician(session, "Dr Tomasz Nowak", Role.VET)


@pytest.fixture
async def nurse(session: AsyncSession) -> Clinician:
    return await make_clinician(session, "Priya Shah RVN", Role.NURSE)


@pytest.fixture
async def owner(session: AsyncSession) -> Owner:
    return await make_owner(session, "Eleanor Rigby", "eleanor@example.org", "+447700900123")


@pytest.fixture
async def dog(session: AsyncSession, owner: Owner) -> Patient:
    return await make_patient(
        session, owner, "Biscuit", Species.DOG, weight_kg=Decimal("24.50"), breed="Labrador"
    )


@pytest.fixture
async def cat(session: AsyncSession, owner: Owner) -> Patient:
    return await make_patient(session, owner, "Miso", Species.CAT, weight_kg=Decimal("4.20"))


@pytest.fixture
def gateway() -> LogGateway:
    return LogGateway()


@pytest.fixture
def app(gateway: LogGateway, now: dt.datetime) -> FastAPI:
    app = create_app(gateway=gateway)

    def frozen_clock() -> Clock:
        return lambda: now

    app.dependency_overrides[get_clock] = frozen_clock
    return app


@pytest.fixture
async def client(app: FastAPI, session: AsyncSession) -> AsyncIterator[AsyncClient]:
    """The API over ASGI, on the test's session, with the application started."""

    async def test_session() -> AsyncIterator[AsyncSession]:
        yield session

    app.dependency_overrides[get_session] = test_session
    async with app.router.lifespan_context(app):
        transport = ASGITransport(app=app)
        async with AsyncClient(transport=transport, base_url="http://clinic.test") as client:
            yield client
    app.dependency_overrides.clear()
