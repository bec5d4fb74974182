"""Database fixtures from pytest-tuneup, loaded by ``-p pytest_tuneup.db``.

One engine per test session (and per pytest-xdist worker), the schema built once, and
every test inside an outer transaction that is rolled back: SQLAlchemy's recipe
"Joining a Session into an External Transaction". Code under test may call
``commit()`` and ``rollback()``; they work on a SAVEPOINT and nothing outlives the test.

Fixtures:
    db_engine       session scope: the Engine (or AsyncEngine), schema ready,
                    disposed at the end
    db_engines      session scope: an engine per database of the schema (one,
                    unless the models entries' table names clash)
    db_connection   per test: a connection inside an outer transaction, rolled back
                    after the test
    db_connections  per test: each models entry's connection (db_connection, or one
                    per database when table names clash), each rolled back
    db_session      per test: a Session (or AsyncSession) joined to db_connection
                    through a SAVEPOINT, each table bound to its database; of the
                    class the project expects (SQLModel's for SQLModel models,
                    ``tuneup_session_class``, or in Flask mode the application's
                    ``db.session``): see sessions.py
    db_sessionmaker per test: a sessionmaker (async_sessionmaker) whose sessions
                    join db_connection the same way, for code that makes its own
    flask_app       session scope, with ``tuneup_flask_app``: the Flask application,
                    built once, its context pushed (see flask.py)

A test marked ``tuneup_reset_sequences`` starts with the sequences restarted
(sequences.py).

What it does comes from the ``tuneup_*`` settings: ``tuneup_database`` (sqlite or
postgresql), ``tuneup_db_api`` (sync or async), ``tuneup_models``, ``tuneup_schema``
(metadata or alembic), ``tuneup_db_url_env`` and ``tuneup_seed``. The fixtures of the
chosen API are registered at start; the libraries of the other choices are never
imported.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from .. import settings

#: Set when this run had to build the schema, for the summary line.
SCHEMA_BUILT = pytest.StashKey[bool]()
#: What this run used instead of building the schema, for the summary line.
SCHEMA_REUSED = pytest.StashKey[str]()
#: The key of both in an xdist worker's output, for the controller's summary.
WORKER_OUTPUT = "tuneup_db_schema"


def pytest_addoption(parser: pytest.Parser) -> None:
    settings.add_ini_keys(parser)
    parser.getgroup("tuneup").addoption(
        "--tuneup-rebuild-db",
        action="store_true",
        help="Build the test database schema again, even if the models did not change.",
    )


def libraries(found: settings.Settings) -> list[str]:
    """The modules the chosen database, API and schema need."""
    needed = ["sqlalchemy", "filelock"]
    if found.database == "postgresql":
        needed.append("psycopg")
    if found.db_api == "async":
        needed += ["pytest_asyncio", "greenlet"]
        needed.append("asyncpg" if found.database == "postgresql" else "aiosqlite")
    if found.schema == "alembic":
        needed.append("alembic")
    return needed


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    backend("run").started(config)
    found = settings.read(config)
    settings.require(config, "pytest_tuneup.db", "tuneup_database", "tuneup_models")
    what = f"pytest_tuneup.db ({found.database}, {found.db_api}, {found.schema})"
    settings.require_modules(what, *libraries(found))
    if found.database == "postgresql":
        # Its hooks start a throwaway server when no URL is set.
        config.pluginmanager.register(backend("postgresql"), "tuneup_db_postgresql")
    if found.schema == "alembic":
        settings.part(f"{__name__}.migrations", "tuneup_schema = alembic")
    configure_sessions(config, found)
    fixtures = settings.part(
        f"{__name__}.{found.db_api}_fixtures", f"tuneup_db_api = {found.db_api}"
    )
    config.pluginmanager.register(fixtures, "tuneup_db_fixtures")


def configure_sessions(config: pytest.Config, found: settings.Settings) -> None:
    """The session class and Flask mode, checked at start; the sequences' marker."""
    config.addinivalue_line("markers", backend("sequences").MARKER_HELP)
    if found.database == "postgresql":
        backend("sequences").follow_marked_tests(config)
    if found.flask_app:
        if found.db_api == "async":
            raise pytest.UsageError(
                "tuneup_flask_app: Flask-SQLAlchemy's db.session is synchronous; set"
                " tuneup_db_api = sync"
            )
        settings.require_modules("tuneup_flask_app", "flask", "flask_sqlalchemy")
        config.pluginmanager.register(backend("flask"), "tuneup_db_flask")
    backend("sessions").check(config)


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """Load and check the models (and the seed function) once, before any test.

    A wrong entry stops the run here with one line, before pytest-xdist starts its
    workers (tryfirst) and before any database or cache is touched. Not in
    pytest_configure: the project's conftest.py and settings (tuneup_env) are in
    place only once every plugin is configured.
    """
    if session.config.option.help:
        return
    from . import models, schema, seed

    if settings.read(session.config).flask_app:
        # An app factory may register models (a plugin's): build the app first.
        # A wrong setting is one UsageError line here, like a wrong models entry (an
        # Exit raised in sessionstart is printed twice).
        try:
            backend("flask").application(session.config)
        except pytest.exit.Exception as stop:
            raise pytest.UsageError(stop.msg) from None
    models.entries(session.config)
    seed.function(session.config)
    schema.groups(session.config)


def pytest_unconfigure(config: pytest.Config) -> None:
    backend("run").finished(config)


def backend(name: str) -> Any:
    return importlib.import_module(f"{__name__}.{name}")


def pytest_report_header(config: pytest.Config) -> str:
    found = settings.read(config)
    models = ", ".join(found.models)
    source = found.db_url_env
    if found.database == "postgresql":
        source = backend("postgresql").url_and_source(config)[1]
    return (
        f"tuneup_db: {found.database} ({found.db_api}), models {models},"
        f" URL from {source}"
    )


def pytest_sessionfinish(session: pytest.Session) -> None:
    """An xdist worker hands what its schema step did to the controller's summary."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        built = session.config.stash.get(SCHEMA_BUILT, False)
        output[WORKER_OUTPUT] = [built, session.config.stash.get(SCHEMA_REUSED, "")]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    built, reused = getattr(node, "workeroutput", {}).get(WORKER_OUTPUT, [False, ""])
    if built:
        node.config.stash[SCHEMA_BUILT] = True
    if reused:
        node.config.stash[SCHEMA_REUSED] = reused


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    # One worker builds, the others then reuse its build: a build is what to report.
    if config.stash.get(SCHEMA_BUILT, False):
        terminalreporter.write_line(
            "tuneup_db: built the test database schema (new models)"
        )
    elif config.stash.get(SCHEMA_REUSED, ""):
        reused = config.stash[SCHEMA_REUSED]
        terminalreporter.write_line(f"tuneup_db: reused {reused}")
