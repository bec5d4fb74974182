"""Flask-SQLAlchemy mode (``tuneup_flask_app``): the application's ``db.session`` is the
test's session.

Flask-SQLAlchemy code reaches the database through the global ``db.session``, whose
``get_bind()`` asks the application's engine mapping (``db.engines``) and ignores any
``bind=``: a session made by the fixtures would never be the one the code uses. So:

- ``flask_app`` (session scope, autouse): the application, imported or built by its
  factory ONCE, with an application context pushed for the whole session. It runs
  before ``db_engine``, so tables that only ``create_app()`` registers (a plugin's
  models) are in ``db.metadata`` when the schema is built. ``db.session`` is set to join
  connections through a SAVEPOINT.
- Per test, ``db_session`` points every entry of ``db.engines`` at the test's
  connection and hands out ``db.session()``; afterwards the session is removed and the
  engines are put back. Requests made with ``app.test_client()`` reuse the pushed
  application context, so routes get the very same session: each sees what the other
  wrote, and the test's rollback takes all of it away.

Loaded by ``pytest_tuneup.db`` when ``tuneup_flask_app`` is set; flask and
flask_sqlalchemy are imported only then.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Connection, create_engine

from .. import settings

#: The application and its Flask-SQLAlchemy extension, once built.
APPLICATION = pytest.StashKey[tuple[Any, Any]]()


def load(path: str) -> tuple[Any, Any]:
    """The application at ``path`` (built when it is a factory) and its ``db``."""
    flask = importlib.import_module("flask")
    extension_class = importlib.import_module("flask_sqlalchemy").SQLAlchemy
    try:
        target: Any = settings.import_object(path)
        if not isinstance(target, flask.Flask) and callable(target):
            target = target()  # an application factory, such as create_app
    except Exception as error:
        reason = f"{type(error).__name__}: {error}"
        raise LoadError(f"cannot build the application {path}: {reason}") from error
    if not isinstance(target, flask.Flask):
        kind = type(target).__name__
        raise LoadError(f"{path} is not a Flask application (found {kind})")
    db = target.extensions.get("sqlalchemy")
    if not isinstance(db, extension_class):
        raise LoadError(f"{path} has no Flask-SQLAlchemy db (no db.init_app(app))")
    return target, db


class LoadError(Exception):
    """A tuneup_flask_app that does not give a Flask application with its db."""


def application(config: pytest.Config) -> tuple[Any, Any]:
    """The application and its db, built once; a wrong setting stops the run."""
    if APPLICATION not in config.stash:
        try:
            config.stash[APPLICATION] = load(settings.read(config).flask_app)
        except LoadError as error:
            pytest.exit(
                f"pytest-tuneup: tuneup_flask_app: {error}",
                returncode=pytest.ExitCode.USAGE_ERROR,
            )
    return config.stash[APPLICATION]


class OutsideDbSession(RuntimeError):
    """db.session used by a test that did not ask for db_session."""


def refuse() -> Any:
    raise OutsideDbSession(
        "pytest-tuneup: db.session was used by a test without db_session; ask for"
        " db_session (in the test, or in the fixture that makes its client) so it runs"
        " on the test database"
    )


@pytest.fixture(scope="session", autouse=True)
def flask_app(pytestconfig: pytest.Config) -> Iterator[Any]:
    """The Flask application, built once, its application context pushed.

    Outside ``db_session`` the application's engines are replaced by one that refuses
    to connect: a test that reaches ``db.session`` without ``db_session`` fails with a
    line saying so, instead of writing to the database the application is configured
    for (the development database, typically).
    """
    app, db = application(pytestconfig)
    with app.app_context():
        engines: dict[Any, Any] = db.engines
        saved = dict(engines)
        refusing = create_engine("sqlite://", creator=refuse)
        for key in {None, *saved}:
            engines[key] = refusing
        db.session.remove()
        db.session.configure(join_transaction_mode="create_savepoint")
        try:
            yield app
        finally:
            db.session.remove()
            engines.clear()
            engines.update(saved)
            refusing.dispose()


@contextmanager
def bound(config: pytest.Config, connection: Connection) -> Iterator[Any]:
    """``db.session()`` on the test's connection; the engines put back afterwards."""
    _app, db = application(config)
    engines: dict[Any, Any] = db.engines  # the application's own mapping
    saved = dict(engines)
    for key in {None, *saved}:
        engines[key] = connection
    db.session.remove()
    try:
        yield db.session()
    finally:
        db.session.remove()
        engines.clear()
        engines.update(saved)
