"""SQLite test databases (``tuneup_database = sqlite``): a file per worker."""

from __future__ import annotations

import os
import shutil
from typing import Any

import pytest
from filelock import FileLock
from sqlalchemy import URL, Engine, StaticPool, create_engine, event
from sqlalchemy.engine import make_url

from .. import settings
from . import SCHEMA_BUILT
from .schema import (
    create_all,
    create_schema,
    fingerprint,
    load_metadata,
    require_test_name,
    worker_name,
    wrong_backend,
)


def prepare_database(
    config: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> URL:
    """This worker's own SQLite file, copied from a cached file that holds the schema.

    The cached file lives in pytest's cache folder, named after the schema's
    fingerprint: while the models do not change, no run builds the schema again. The
    URL variable set to ``sqlite://`` asks for an in-memory database instead.
    """
    url_env = settings.read(config).db_url_env
    raw = os.environ.get(url_env)
    if raw:
        url = make_url(raw)
        if url.get_backend_name() != "sqlite":
            wrong_backend(url_env, "sqlite")
        require_test_name(url, url_env)
        if in_memory(url):
            return url.set(drivername="sqlite")
    worker_dir = tmp_path_factory.getbasetemp()
    target = worker_dir / f"test_{worker_name()}.sqlite3"
    schema_id = fingerprint(config, create_engine("sqlite://"))
    # pytest's cache keeps the schema between runs (-p no:cacheprovider: this run only).
    cache = getattr(config, "cache", None)
    cache_dir = cache.mkdir("tuneup_db") if cache is not None else worker_dir
    cached = cache_dir / f"schema-{schema_id}.sqlite3"
    with FileLock(cache_dir / "schema.lock"):
        if not cached.exists() or config.getoption("tuneup_rebuild_db"):
            building = cached.with_suffix(".building")
            if building.exists():
                building.unlink()
            create_schema(config, URL.create("sqlite", database=str(building)))
            building.replace(cached)
            config.stash[SCHEMA_BUILT] = True
    shutil.copyfile(cached, target)
    return URL.create("sqlite", database=str(target))


def in_memory(url: URL) -> bool:
    return url.database in (None, "", ":memory:")


def memory_options(url: URL) -> dict[str, Any]:
    """An in-memory database lives in one connection: share it across threads."""
    if not in_memory(url):
        return {}
    return {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}


def sync_engine(config: pytest.Config, url: URL) -> Engine:
    engine = create_engine(url, **memory_options(url))
    begin_like_a_database(engine, through_aiosqlite=False)
    if in_memory(url):
        create_all(load_metadata(config), engine)
    return engine


def release(url: URL) -> None:
    """Nothing to drop: the file goes with pytest's temporary folder."""


def begin_like_a_database(engine: Engine, through_aiosqlite: bool) -> None:
    """Make SQLite's driver emit BEGIN itself, so SAVEPOINTs really roll back.

    Python's sqlite3 module (and aiosqlite on top of it) starts transactions lazily
    and not before a SAVEPOINT: a "rolled back" savepoint then commits, and rows leak
    into the next test with no error. Taking over BEGIN fixes that on every Python
    version. For an AsyncEngine, pass its ``sync_engine``.
    """

    @event.listens_for(engine, "connect")
    def _autocommit_driver(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _emit_begin(connection: Any) -> None:
        # Straight to the driver: exec_driver_sql would open and close a cursor around
        # it, a cost paid by every test (three trips to aiosqlite's thread, not one).
        driver = connection.connection.dbapi_connection
        if through_aiosqlite:
            driver.run_async(lambda raw: raw.execute("BEGIN"))
        else:
            driver.execute("BEGIN")
