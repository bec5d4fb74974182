"""Tests for pytest_tuneup.app.routes on real FastAPI applications of every shape.

Each shape is checked twice: the walk finds the route that uses the dependency (and
which application's overrides it reads), and a real request through Starlette's
TestClient shows that an override set there is what the route gets. The second half
is what the client fixture relies on, and fails if FastAPI routes overrides otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any

import fastapi.routing
import pytest
from fastapi import APIRouter, Depends, FastAPI, Request, WebSocket
from fastapi.testclient import TestClient
from starlette.routing import Mount

from pytest_tuneup.app.routes import providers_using


def get_session() -> Iterator[str]:
    """The application's own session: what a route must not see in a test."""
    yield "production session"


def session_for_tests() -> str:
    return "test session"


Db = Annotated[str, Depends(get_session)]


def current_user(session: Db) -> str:
    """A dependency that uses the session itself."""
    return f"user: {session}"


def reads_session() -> APIRouter:
    router = APIRouter(prefix="/books")

    @router.get("/")
    def books(session: Db) -> dict[str, str]:
        return {"session": session}

    return router


def direct() -> FastAPI:
    app = FastAPI()

    @app.get("/books/")
    def books(session: Db) -> dict[str, str]:
        return {"session": session}

    return app


def two_levels() -> FastAPI:
    """app -> /api -> /v1 -> /books, inner routers included first (the usual way)."""
    v1 = APIRouter(prefix="/v1")
    v1.include_router(reads_session())
    api = APIRouter(prefix="/api")
    api.include_router(v1)
    app = FastAPI()
    app.include_router(api)
    return app


def two_levels_outer_first() -> FastAPI:
    """The outer router included before the inner one is added to it (FastAPI with
    ``_IncludedRouter`` only: older releases copy the routes at include time)."""
    if not hasattr(fastapi.routing, "_IncludedRouter"):
        pytest.skip("this FastAPI copies routes at include_router: no such shape")
    app = FastAPI()
    api = APIRouter(prefix="/api")
    v1 = APIRouter(prefix="/v1")
    app.include_router(api)
    api.include_router(v1)
    v1.include_router(reads_session())
    return app


def include_dependencies() -> FastAPI:
    """Only the ``dependencies=`` of an inner include_router reach the session, through
    another dependency: the route itself never names it."""
    admin = APIRouter(prefix="/admin")

    @admin.get("/ping")
    def ping(request: Request) -> dict[str, str]:
        return {"session": request.state.user}

    def remember(request: Request, user: Annotated[str, Depends(current_user)]) -> None:
        request.state.user = user

    api = APIRouter(prefix="/api")
    api.include_router(admin, dependencies=[Depends(remember)])
    app = FastAPI()
    app.include_router(api)
    return app


def websocket() -> FastAPI:
    live = APIRouter(prefix="/live")

    @live.websocket("/feed")
    async def feed(socket: WebSocket, session: Db) -> None:
        await socket.accept()
        await socket.send_json({"session": session})
        await socket.close()

    api = APIRouter(prefix="/api")
    api.include_router(live)
    app = FastAPI()
    app.include_router(api)
    return app


def mounted_app() -> tuple[FastAPI, FastAPI]:
    """A FastAPI application mounted in another: its routes read its own overrides."""
    admin = FastAPI()
    admin.include_router(reads_session())
    app = FastAPI()

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    app.mount("/admin", admin)
    return app, admin


def mounted_router() -> FastAPI:
    """A plain router mounted with Starlette's Mount (not included): its routes read
    their own router's overrides, which the application's never reach."""
    app = FastAPI()
    app.router.routes.append(Mount("/old", routes=reads_session().routes))
    return app


def unused() -> FastAPI:
    app = FastAPI()

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(APIRouter(prefix="/empty"))
    return app


def answer(app: FastAPI, path: str) -> dict[str, Any]:
    with TestClient(app) as client:
        if "/live/" in path:
            with client.websocket_connect(path) as socket:
                found: dict[str, Any] = socket.receive_json()
                return found
        response = client.get(path)
        assert response.status_code == 200, response.text
        json: dict[str, Any] = response.json()
        return json


TEST = "test session"
SHAPES: dict[str, tuple[Callable[[], FastAPI], str, str]] = {
    "direct": (direct, "/books/", TEST),
    "two-levels": (two_levels, "/api/v1/books/", TEST),
    "two-levels-outer-first": (two_levels_outer_first, "/api/v1/books/", TEST),
    "include-dependencies": (include_dependencies, "/api/admin/ping", f"user: {TEST}"),
    "websocket": (websocket, "/api/live/feed", TEST),
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_the_route_that_uses_the_session_is_found_and_overridden(shape: str) -> None:
    build, path, expected = SHAPES[shape]
    app = build()

    assert providers_using(app, get_session) == [app]
    assert providers_using(app, session_for_tests) == [], "nothing uses the override"
    app.dependency_overrides[get_session] = session_for_tests
    assert answer(app, path)["session"] == expected


def test_without_the_override_the_route_reaches_the_application_session() -> None:
    """The control for the test above: the override is what changed the answer."""
    assert answer(two_levels(), "/api/v1/books/")["session"] == "production session"


def test_a_mounted_application_answers_from_its_own_overrides() -> None:
    app, admin = mounted_app()

    assert providers_using(app, get_session) == [admin]
    app.dependency_overrides[get_session] = session_for_tests
    assert answer(app, "/admin/books/")["session"] == "production session"
    admin.dependency_overrides[get_session] = session_for_tests
    assert answer(app, "/admin/books/")["session"] == "test session"


def test_an_application_whose_routes_do_not_use_it_has_none() -> None:
    assert providers_using(unused(), get_session) == []


def test_a_mounted_router_no_override_reaches_has_none() -> None:
    """The client could not answer its routes: the plugin must say so, not pass."""
    app = mounted_router()

    assert providers_using(app, get_session) == []
    app.dependency_overrides[get_session] = session_for_tests
    assert answer(app, "/old/books/")["session"] == "production session"
