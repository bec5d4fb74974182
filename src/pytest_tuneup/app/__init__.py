"""FastAPI test client from pytest-tuneup, loaded by ``-p pytest_tuneup.app``.

A test that asks for ``client`` calls the application in process, with no server and no
port. With ``tuneup_session_dependency`` set (and the database plugin loaded), the
application's database dependency answers with the test's own ``db_session``: the API
sees what the test wrote through ``db_session``, the test sees what the API committed,
and the test's rollback takes all of it away.

Fixtures:
    app     session scope: the application, imported from ``tuneup_app``
    client  per test: a TestClient (``tuneup_client = sync``) or an httpx.AsyncClient
            over ASGITransport (``tuneup_client = async``) on the application

After each test ``app.dependency_overrides`` are put back as they were before it: what
the test (or this plugin) overrode does not outlive it, and overrides set earlier stay.

The application's lifespan (startup and shutdown) does not run: connection pools,
background tasks and warm-up calls are what tests should not start. A test marked
``@pytest.mark.tuneup_lifespan`` runs it around its client; ``--tuneup-lifespan``
runs it for every test.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from .. import settings

#: The host the client sends requests to, as Starlette's TestClient does.
BASE_URL = "http://testserver"
#: The marker that runs the application's lifespan around a test's client.
LIFESPAN_MARKER = "tuneup_lifespan"
#: Where the application and the dependency are kept once imported.
APPLICATION = pytest.StashKey[Any]()
DEPENDENCY = pytest.StashKey[Callable[..., Any]]()


class LoadError(Exception):
    """An import path that does not lead to what it should."""


def pytest_addoption(parser: pytest.Parser) -> None:
    settings.add_ini_keys(parser)
    parser.getgroup("tuneup").addoption(
        "--tuneup-lifespan",
        action="store_true",
        help="Run the application's lifespan (startup and shutdown) around every test's"
        " client.",
    )


def pytest_configure(config: pytest.Config) -> None:
    found = settings.read(config)
    settings.require(config, "pytest_tuneup.app", "tuneup_app")
    if found.client == "async":
        settings.require_modules("tuneup_client = async", "httpx", "pytest_asyncio")
    settings.require_modules("pytest_tuneup.app", "fastapi", "httpx")
    if uses_db(config) and found.client == "sync" and found.db_api == "async":
        raise pytest.UsageError(
            "tuneup_client: 'sync' cannot answer tuneup_session_dependency with the"
            " AsyncSession of tuneup_db_api = async; use async"
        )
    client = settings.part(
        f"{__name__}.{found.client}_client", f"tuneup_client = {found.client}"
    )
    config.pluginmanager.register(client, "tuneup_app_client")
    config.addinivalue_line(
        "markers",
        f"{LIFESPAN_MARKER}: run the application's lifespan (startup and shutdown)"
        " around this test's client",
    )


def uses_db(config: pytest.Config) -> bool:
    """Whether the client answers the session dependency with the test's db_session."""
    found = settings.read(config)
    return bool(found.database and found.session_dependency)


def pytest_report_header(config: pytest.Config) -> str:
    app = settings.read(config).app
    if config.getoption("tuneup_lifespan"):
        return f"tuneup_app: {app}, lifespan run for every test"
    return f"tuneup_app: {app}, lifespan run only for tests marked {LIFESPAN_MARKER}"


def import_path(path: str, what: str) -> object:
    module_name, _, attribute = path.partition(":")
    try:
        target: object = importlib.import_module(module_name)
        for name in attribute.split("."):
            target = getattr(target, name)
    except Exception as error:
        kind = type(error).__name__
        raise LoadError(f"cannot import {what} {path}: {kind}: {error}") from error
    return target


def load_application(path: str) -> Any:
    from fastapi import FastAPI

    target = import_path(path, "the application")
    if not isinstance(target, FastAPI) and callable(target):
        # An application factory, such as create_app.
        try:
            target = target()
        except Exception as error:
            raise LoadError(
                f"{path}() failed: {type(error).__name__}: {error}"
            ) from error
    if not isinstance(target, FastAPI):
        found = type(target).__name__
        raise LoadError(f"{path} is not a FastAPI application (found {found})")
    return target


def load_dependency(config: pytest.Config, app: Any) -> Callable[..., Any]:
    found = settings.read(config)
    target = import_path(found.session_dependency, "the session dependency")
    if not callable(target):
        kind = type(target).__name__
        raise LoadError(f"{found.session_dependency} is not callable (found {kind})")
    if not depends_on(app, target):
        # Overriding it would change nothing: the routes would reach their own database.
        raise LoadError(
            f"no route of {found.app} depends on {found.session_dependency}; point"
            " tuneup_session_dependency (answer session_dependency) at the dependency"
            " the routes get their session from"
        )
    return target


def depends_on(app: Any, dependency: Callable[..., Any]) -> bool:
    """Whether a route of the application uses the dependency, directly or not."""
    from fastapi.routing import APIRoute, APIWebSocketRoute

    routes = (
        route
        for route in app.routes
        if isinstance(route, (APIRoute, APIWebSocketRoute))
    )
    pending = [route.dependant for route in routes]
    while pending:
        dependant = pending.pop()
        if dependant.call == dependency:
            return True
        pending.extend(dependant.dependencies)
    return False


def application(config: pytest.Config) -> Any:
    """The application, imported once per session."""
    if APPLICATION not in config.stash:
        config.stash[APPLICATION] = load_application(settings.read(config).app)
    return config.stash[APPLICATION]


def session_dependency(config: pytest.Config) -> Callable[..., Any]:
    """The session dependency, imported once per session."""
    if DEPENDENCY not in config.stash:
        config.stash[DEPENDENCY] = load_dependency(config, application(config))
    return config.stash[DEPENDENCY]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Import the application before the first test, when a selected test needs it.

    A wrong ``tuneup_app`` is one collection error naming this file, not a traceback in
    every test. Under pytest-xdist a collection error does not stop the workers, so the
    tests that need the application are left out too.
    """
    needing = [item for item in items if "app" in getattr(item, "fixturenames", ())]
    if not needing:
        return
    try:
        application(config)
        if uses_db(config):
            session_dependency(config)
    except LoadError as error:
        where = os.path.relpath(__file__, config.rootpath)
        report = pytest.CollectReport(where, "failed", f"pytest-tuneup: {error}", [])
        config.hook.pytest_collectreport(report=report)
        config.hook.pytest_deselected(items=needing)
        left_out = set(needing)
        items[:] = [item for item in items if item not in left_out]


@pytest.fixture(scope="session")
def app(pytestconfig: pytest.Config) -> Any:
    """The application object, imported once for the session."""
    return application(pytestconfig)


@pytest.fixture
def tuneup_app_session(request: pytest.FixtureRequest) -> Any:
    """What the session dependency answers with: the test's db_session, or None.

    Asked for by name, so the client needs the database plugin only when it uses it.
    """
    return request.getfixturevalue("db_session") if uses_db(request.config) else None


def wants_lifespan(request: pytest.FixtureRequest) -> bool:
    marked = request.node.get_closest_marker(LIFESPAN_MARKER) is not None
    return marked or bool(request.config.getoption("tuneup_lifespan"))


@contextmanager
def overrides_restored(
    app: Any, config: pytest.Config, session: Any
) -> Iterator[dict[Callable[..., Any], Callable[..., Any]]]:
    """``app.dependency_overrides`` with the session dependency answered by ``session``
    (when there is one), put back exactly as they were when the block ends."""
    overrides: dict[Callable[..., Any], Callable[..., Any]] = app.dependency_overrides
    saved = dict(overrides)
    if uses_db(config):

        def test_session() -> Any:
            return session

        overrides[session_dependency(config)] = test_session
    try:
        yield overrides
    finally:
        overrides.clear()
        overrides.update(saved)
