"""SQLite test databases (``tuneup_database = sqlite``): a file per worker."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock
from sqlalchemy import URL, Engine, StaticPool, create_engine, event
from sqlalchemy.engine import make_url

from .. import settings
from . import SCHEMA_BUILT, SCHEMA_REUSED
from .schema import (
    build,
    fingerprint,
    group_suffix,
    groups,
    require_test_name,
    worker_name,
    wrong_backend,
)


def prepare_databases(
    config: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> list[URL]:
    """This worker's own SQLite files, one per schema group, copied from cached files.

    The cached files live in pytest's cache folder, named after the schema's
    fingerprint: while the models do not change, no run builds the schema again. A
    build is verified (and seeded) before it is renamed into the cache: an empty or
    partial one never is. The URL variable set to ``sqlite://`` asks for in-memory
    databases instead.
    """
    url_env = settings.read(config).db_url_env
    count = len(groups(config))
    raw = os.environ.get(url_env)
    if raw:
        url = make_url(raw)
        if url.get_backend_name() != "sqlite":
            wrong_backend(url_env, "sqlite")
        require_test_name(url, url_env)
        if in_memory(url):
            return [url.set(drivername="sqlite")] * count
    worker_dir = tmp_path_factory.getbasetemp()
    schema_id = fingerprint(config, create_engine("sqlite://"))
    # pytest's cache keeps the schema between runs (-p no:cacheprovider: this run only).
    cache = getattr(config, "cache", None)
    cache_dir = cache.mkdir("tuneup_db") if cache is not None else worker_dir
    names = [f"{group_suffix(index)}.sqlite3" for index in range(count)]
    cached = [cache_dir / f"schema-{schema_id}{name}" for name in names]
    with FileLock(cache_dir / "schema.lock"):
        missing = not all(path.exists() for path in cached)
        if missing or config.getoption("tuneup_rebuild_db"):
            build_files(config, cached)
        else:
            files = ", ".join(path.name for path in cached)
            config.stash[SCHEMA_REUSED] = (
                f"the cached schema {files} (models unchanged): no schema build"
            )
    targets = [worker_dir / f"test_{worker_name()}{name}" for name in names]
    for source, target in zip(cached, targets):
        shutil.copyfile(source, target)
    return [URL.create("sqlite", database=str(target)) for target in targets]


def build_files(config: pytest.Config, cached: list[Path]) -> None:
    """Build every group's file beside the cache; rename them in only once verified."""
    building = [path.with_suffix(".building") for path in cached]
    for path in building:
        path.unlink(missing_ok=True)
    engines = [
        create_engine(URL.create("sqlite", database=str(path))) for path in building
    ]
    try:
        build(config, engines, migrate=True)
    except BaseException:
        # pytest.exit with its one line, or the user's Ctrl-C: nothing is kept.
        for engine in engines:
            engine.dispose()
        for path in building:
            path.unlink(missing_ok=True)
        raise
    for engine in engines:
        engine.dispose()
    for path, target in zip(building, cached):
        path.replace(target)
    config.stash[SCHEMA_BUILT] = True


def in_memory(url: URL) -> bool:
    return url.database in (None, "", ":memory:")


def memory_options(url: URL) -> dict[str, Any]:
    """An in-memory database lives in one connection: share it across threads."""
    if not in_memory(url):
        return {}
    return {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}


def sync_engines(config: pytest.Config, urls: list[URL]) -> list[Engine]:
    engines = [create_engine(url, **memory_options(url)) for url in urls]
    for engine in engines:
        begin_like_a_database(engine, through_aiosqlite=False)
    if in_memory(urls[0]):
        # Each in-memory engine is a database of its own: build them here.
        build(config, engines, migrate=False)
    return engines


def release(url: URL) -> None:
    """Nothing to drop: the file goes with pytest's temporary folder."""


def begin_like_a_database(engine: Engine, through_aiosqlite: bool) -> None:
    """Make SQLite's driver emit BEGIN itself, so SAVEPOINTs really roll back.

    Python's sqlite3 module (and aiosqlite on top of it) starts transactions lazily
    and not before a SAVEPOINT: a "rolled back" savepoint then commits, and rows leak
    into the next test with no error. Taking over BEGIN fixes that on every Python
    version. For an AsyncEngine, pass its ``sync_engine``.
    """

    throwaway = not in_memory(engine.url)

    @event.listens_for(engine, "connect")
    def _autocommit_driver(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        if throwaway:
            keep_the_journal_in_memory(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _emit_begin(connection: Any) -> None:
        # Straight to the driver: exec_driver_sql would open and close a cursor around
        # it, a cost paid by every test (three trips to aiosqlite's thread, not one).
        driver = connection.connection.dbapi_connection
        if through_aiosqlite:
            driver.run_async(lambda raw: raw.execute("BEGIN"))
        else:
            driver.execute("BEGIN")


#: The worker's file is a copy made for this run and deleted with it: nothing in it
#: needs to survive a crash. In SQLite's default mode each test's first write creates
#: a rollback journal file beside it and its rollback deletes the file: about 50 µs a
#: test on this machine's disk, more when other processes use it. In memory, with no
#: syncs, the rollback restores the same pages. (A file in WAL mode stays in it.)
THROWAWAY_PRAGMAS = ("PRAGMA journal_mode=MEMORY", "PRAGMA synchronous=OFF")


def keep_the_journal_in_memory(dbapi_connection: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        for pragma in THROWAWAY_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()
