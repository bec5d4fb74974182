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
The routes that use the dependency may be in included routers or mounted applications
(``routes.py``); a mounted FastAPI application's own overrides are set and restored too.

A fixture named ``app`` in the project wins: ``tuneup_app`` is then not imported for
the tests it covers. Importing the application is one collection error when it fails.

The application's lifespan (startup and shutdown) does not run: connection pools,
background tasks and warm-up calls are what tests should not start. A test marked
``@pytest.mark.tuneup_lifespan`` runs it around its client; ``--tuneup-lifespan``
runs it for every test.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from .. import settings
from . import routes

#: The host the client sends requests to, as Starlette's TestClient does.
BASE_URL = "http://testserver"
#: The marker that runs the application's lifespan around a test's client.
LIFESPAN_MARKER = "tuneup_lifespan"
#: Where the application and the dependency are kept once imported.
APPLICATION = pytest.StashKey[Any]()
DEPENDENCY = pytest.StashKey[Callable[..., Any]]()
#: For each application object, what holds the overrides its routes read.
PROVIDERS = pytest.StashKey["weakref.WeakKeyDictionary[Any, list[Any]]"]()


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


#: What importing or calling the project's code may raise besides Exception: pytest's
#: own outcomes (``pytest.fail`` / ``pytest.skip`` at import, a fixture called
#: directly) and ``sys.exit`` from a settings check. Each is one error line, never a
#: crash of the run (KeyboardInterrupt and ``pytest.exit`` still stop it).
IMPORT_FAILURES = (Exception, SystemExit, pytest.fail.Exception, pytest.skip.Exception)


def import_path(path: str, what: str) -> object:
    try:
        target: object = settings.import_object(path)
    except IMPORT_FAILURES as error:
        kind = type(error).__name__
        raise LoadError(f"cannot import {what} {path}: {kind}: {error}") from error
    return target


def is_fixture(target: object) -> bool:
    """Whether ``target`` is a pytest fixture function (pytest 8.4+, or before)."""
    return type(target).__name__ == "FixtureFunctionDefinition" or hasattr(
        target, "_pytestfixturefunction"
    )


def load_application(path: str) -> Any:
    from fastapi import FastAPI

    target = import_path(path, "the application")
    if is_fixture(target):
        # Calling it would raise pytest's "Fixture called directly" (a BaseException).
        raise LoadError(
            f"{path} is a pytest fixture, not the application: point tuneup_app (answer"
            " app) at the application or its factory; a fixture named app in your"
            " conftest.py is used by client as it is"
        )
    if not isinstance(target, FastAPI) and callable(target):
        # An application factory, such as create_app.
        try:
            target = target()
        except IMPORT_FAILURES as error:
            raise LoadError(
                f"{path}() failed: {type(error).__name__}: {error}"
            ) from error
    if not isinstance(target, FastAPI):
        found = type(target).__name__
        raise LoadError(f"{path} is not a FastAPI application (found {found})")
    return target


def load_dependency(config: pytest.Config) -> Callable[..., Any]:
    found = settings.read(config)
    target = import_path(found.session_dependency, "the session dependency")
    if not callable(target):
        kind = type(target).__name__
        raise LoadError(f"{found.session_dependency} is not callable (found {kind})")
    return target


def depends_on(app: Any, dependency: Callable[..., Any]) -> bool:
    """Whether a route of the application uses the dependency, directly or not."""
    return bool(routes.providers_using(app, dependency))


def application(config: pytest.Config) -> Any:
    """The application, imported once per session."""
    if APPLICATION not in config.stash:
        config.stash[APPLICATION] = load_application(settings.read(config).app)
    return config.stash[APPLICATION]


def session_dependency(config: pytest.Config) -> Callable[..., Any]:
    """The session dependency, imported once per session."""
    if DEPENDENCY not in config.stash:
        config.stash[DEPENDENCY] = load_dependency(config)
    return config.stash[DEPENDENCY]


def overridden_by(config: pytest.Config, app: Any, name: str) -> list[Any]:
    """What holds the overrides the routes that use the session dependency read: the
    application, and any FastAPI application mounted in it that uses it too.

    Checked once per application object; ``name`` says which one in the error line.
    """
    found = config.stash.setdefault(PROVIDERS, weakref.WeakKeyDictionary())
    if app not in found:
        providers = routes.providers_using(app, session_dependency(config))
        if not providers:
            # Overriding it would change nothing: the routes would reach their own
            # database.
            dependency = settings.read(config).session_dependency
            raise LoadError(
                f"no route of {name} depends on {dependency}; point"
                " tuneup_session_dependency (answer session_dependency) at the"
                " dependency the routes get their session from"
            )
        found[app] = providers
    return found[app]


def uses_our_app(item: pytest.Item) -> bool:
    """Whether the test's ``app`` is this plugin's: a project's own fixture named
    ``app`` wins, and then ``tuneup_app`` is never imported (unless that fixture asks
    for ours)."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:  # not a pytest Function: assume it may
        return "app" in getattr(item, "fixturenames", ())
    definitions = list(info.name2fixturedefs.get("app", ()))
    while definitions:
        definition = definitions.pop()
        if getattr(definition.func, "__module__", None) == __name__:
            return True
        if "app" not in definition.argnames:
            return False
    return False


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Import the application before the first test, when a selected test needs it.

    A wrong ``tuneup_app`` is one collection error naming this file, not a traceback in
    every test. Under pytest-xdist a collection error does not stop the workers, so the
    tests that need the application are left out too.
    """
    ours = [item for item in items if uses_our_app(item)]
    with_db = uses_db(config)
    overriding = [
        item
        for item in items
        if with_db and "tuneup_app_session" in getattr(item, "fixturenames", ())
    ]
    # The tests each import needs: a project's own app fixture spares its tests ours.
    left_out: list[pytest.Item] = []
    try:
        if overriding:
            left_out = overriding + ours
            session_dependency(config)
        if ours:
            left_out = ours
            app = application(config)
            if with_db:
                overridden_by(config, app, settings.read(config).app)
    except LoadError as error:
        where = os.path.relpath(__file__, config.rootpath)
        report = pytest.CollectReport(where, "failed", f"pytest-tuneup: {error}", [])
        config.hook.pytest_collectreport(report=report)
        unique = set(left_out)
        config.hook.pytest_deselected(items=[item for item in items if item in unique])
        items[:] = [item for item in items if item not in unique]


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
    (when there is one), put back exactly as they were when the block ends.

    A FastAPI application mounted in ``app`` reads its own overrides: those of the
    mounted applications whose routes use the dependency are set and restored too.
    """
    holders = override_holders(app, config)
    saved = [(holder, dict(holder.dependency_overrides)) for holder in holders]
    if uses_db(config):

        def test_session() -> Any:
            return session

        for holder in holders:
            holder.dependency_overrides[session_dependency(config)] = test_session
    try:
        yield app.dependency_overrides
    finally:
        for holder, before in saved:
            holder.dependency_overrides.clear()
            holder.dependency_overrides.update(before)


def override_holders(app: Any, config: pytest.Config) -> list[Any]:
    """``app``, and the FastAPI applications mounted in it whose routes use the session
    dependency: each reads its own ``dependency_overrides``."""
    if not uses_db(config):
        return [app]
    try:
        found = overridden_by(config, app, "the application of your app fixture")
    except LoadError as error:
        # A project's own app fixture, known only now: one line for each test.
        pytest.fail(f"pytest-tuneup: {error}", pytrace=False)
    return [app, *(other for other in found if other is not app)]
