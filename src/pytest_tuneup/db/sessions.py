"""The sessions the database fixtures hand out: which class, and how they are made.

``db_session`` and ``db_sessionmaker`` (sync and async) come from here, so every
session a test gets is of the class the project's code expects and joins the test's
connection through a SAVEPOINT:

- ``tuneup_session_class`` (module:Class) names it, for a project with its own
  Session subclass; it must derive from SQLAlchemy's Session (AsyncSession for
  ``tuneup_db_api = async``).
- Otherwise, models on ``SQLModel.metadata`` get SQLModel's Session (or its
  AsyncSession), whose ``exec()`` the project's code and routes call.
- Otherwise SQLAlchemy's own.

In Flask-SQLAlchemy mode (``tuneup_flask_app``), ``db_session`` is the application's own
``db.session``, bound to the test's connection (see ``flask.py``).

A test marked ``tuneup_reset_sequences`` gets its sequences restarted first (see
``sequences.py``).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker

from .. import settings
from . import sequences
from .schema import load_metadata

if TYPE_CHECKING:
    # sqlalchemy.ext.asyncio is imported only for tuneup_db_api = async.
    from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

#: The class chosen for this run, decided on first use.
SESSION_CLASS = pytest.StashKey[type]()
#: Where SQLModel keeps its sessions, by API.
SQLMODEL_SESSIONS = {
    "sync": ("sqlmodel", "Session"),
    "async": ("sqlmodel.ext.asyncio.session", "AsyncSession"),
}
#: Every session of a test joins its connection so that commit() and rollback() work
#: on a SAVEPOINT of the test's transaction, which is rolled back after it. Async
#: sessions also keep their objects loaded after commit(): async code cannot load an
#: expired attribute implicitly.
JOIN = "create_savepoint"


def check(config: pytest.Config) -> None:
    """Stop at start, with one line, when ``tuneup_session_class`` cannot be used."""
    path = settings.read(config).session_class
    if path:
        config.stash[SESSION_CLASS] = named_class(path, settings.read(config).db_api)


def base_class(api: str) -> type:
    if api == "async":
        from sqlalchemy.ext.asyncio import AsyncSession

        return AsyncSession
    return Session


def named_class(path: str, api: str) -> type:
    base = base_class(api)
    try:
        target: Any = settings.import_object(path)
    except Exception as error:
        raise pytest.UsageError(
            f"tuneup_session_class: cannot import {path}:"
            f" {type(error).__name__}: {error}"
        ) from error
    if not (isinstance(target, type) and issubclass(target, base)):
        raise pytest.UsageError(
            f"tuneup_session_class: {path} is not a subclass of"
            f" {base.__module__}.{base.__name__} (tuneup_db_api = {api})"
        )
    return target


def session_class(config: pytest.Config) -> type:
    """The class of every session a test gets, decided once per run."""
    if SESSION_CLASS not in config.stash:
        api = settings.read(config).db_api
        chosen = base_class(api)
        if uses_sqlmodel(config):
            module_name, name = SQLMODEL_SESSIONS[api]
            chosen = getattr(importlib.import_module(module_name), name)
        config.stash[SESSION_CLASS] = chosen
    return config.stash[SESSION_CLASS]


def uses_sqlmodel(config: pytest.Config) -> bool:
    """Whether a schema of the models is SQLModel's: only then is sqlmodel imported.

    The models are imported first; a project on SQLModel has imported it by then.
    """
    metadata = load_metadata(config)
    sqlmodel = sys.modules.get("sqlmodel")
    if sqlmodel is None:
        return False
    return any(each is sqlmodel.SQLModel.metadata for each in metadata)


def flask_mode(config: pytest.Config) -> bool:
    return bool(settings.read(config).flask_app)


@contextmanager
def opened(
    config: pytest.Config, bind: Connection, binds: Any = None
) -> Iterator[Session]:
    """The test's Session on ``bind`` (``binds``: per-mapper binds), closed after."""
    if sequences.requested(config, bind):
        sequences.reset(bind)
    if flask_mode(config):
        with importlib.import_module(f"{__package__}.flask").bound(
            config, bind
        ) as session:
            yield session
        return
    session = session_class(config)(bind=bind, binds=binds, join_transaction_mode=JOIN)
    try:
        yield session
    finally:
        session.close()


@asynccontextmanager
async def opened_async(
    config: pytest.Config, bind: AsyncConnection, binds: Any = None
) -> AsyncIterator[AsyncSession]:
    """The test's AsyncSession on ``bind``, closed after the test."""
    if sequences.requested(config, bind):
        await bind.run_sync(sequences.reset)
    session = session_class(config)(
        bind=bind, binds=binds, join_transaction_mode=JOIN, expire_on_commit=False
    )
    try:
        yield session
    finally:
        await session.close()


def maker(
    config: pytest.Config, bind: Connection, binds: Any = None
) -> sessionmaker[Any]:
    """A sessionmaker whose sessions join the test's connection, each on a SAVEPOINT."""
    if sequences.requested(config, bind):
        sequences.reset(bind)
    cls = Session if flask_mode(config) else session_class(config)
    return sessionmaker(bind=bind, binds=binds, class_=cls, join_transaction_mode=JOIN)


async def maker_async(
    config: pytest.Config, bind: AsyncConnection, binds: Any = None
) -> async_sessionmaker[Any]:
    """An async_sessionmaker whose sessions join the test's connection."""
    if sequences.requested(config, bind):
        await bind.run_sync(sequences.reset)
    from sqlalchemy.ext.asyncio import async_sessionmaker

    cls = session_class(config)
    return async_sessionmaker(
        bind=bind,
        binds=binds,
        class_=cls,
        join_transaction_mode=JOIN,
        expire_on_commit=False,
    )
