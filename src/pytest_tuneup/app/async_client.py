"""The ``client`` fixture for ``tuneup_client = async``: an httpx.AsyncClient.

Registered by ``pytest_tuneup.app``; not a plugin of its own. The fixture runs on the
event loop of ``asyncio_default_fixture_loop_scope``, which the template sets to
``session`` with an async database, so the client and ``db_session`` share a loop.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
import pytest_asyncio

from . import BASE_URL, overrides_restored, wants_lifespan


@asynccontextmanager
async def lifespan(app: Any, run: bool) -> AsyncIterator[Mapping[str, Any]]:
    """The application's startup before the block and shutdown after it, when ``run``.

    Yields the state the lifespan returned, which requests see as ``request.state``.
    """
    if not run:
        yield {}
        return
    async with app.router.lifespan_context(app) as state:
        yield state or {}


def with_state(app: Any, state: Mapping[str, Any]) -> Any:
    """The application, with the lifespan's state in every request, as servers do."""

    async def call(scope: Any, receive: Any, send: Any) -> None:
        await app({**scope, "state": dict(state)}, receive, send)

    return call


@pytest_asyncio.fixture
async def client(
    app: Any, tuneup_app_session: Any, request: pytest.FixtureRequest
) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx.AsyncClient that calls the application in process (on db_session)."""
    with overrides_restored(app, request.config, tuneup_app_session):
        async with lifespan(app, wants_lifespan(request)) as state:
            transport = httpx.ASGITransport(app=with_state(app, state))
            async with httpx.AsyncClient(
                transport=transport, base_url=BASE_URL
            ) as http:
                yield http
