"""Tests for pytest_tuneup.leaks.kept_by: which threads a wider fixture's value keeps.

The threads are real and parked on an Event; the pooled engine is a real SQLAlchemy
AsyncEngine on aiosqlite over a SQLite file, whose pooled connection runs on its own
thread. The end-to-end check (a generated project under ``--tuneup-leaks``) is in
tests/test_leaks_pool.py.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pytest_tuneup.leaks import kept_by

#: A thread only a module global refers to: reachable from anything that reaches the
#: module, which is why modules are not searched.
PARKED: list[threading.Thread] = []


@pytest.fixture
def parked() -> Iterator[threading.Thread]:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, name="parked", daemon=True)
    thread.start()
    yield thread
    stop.set()
    thread.join()


class Service:
    def __init__(self, worker: threading.Thread) -> None:
        self.workers = {"mail": [worker]}


def test_a_thread_an_object_keeps_in_its_attributes_is_found(
    parked: threading.Thread,
) -> None:
    assert kept_by([Service(parked)], [parked]) == [parked]
    assert kept_by([("tuple", {"nested": [parked]})], [parked]) == [parked]


def test_a_thread_reached_only_through_a_module_or_a_function_is_not(
    parked: threading.Thread,
) -> None:
    PARKED.append(parked)
    try:

        def closure() -> threading.Thread:
            return parked

        module = sys.modules[__name__]
        assert kept_by([module, closure, Service, threading], [parked]) == []
    finally:
        PARKED.clear()


def test_pytests_own_objects_are_not_searched(
    parked: threading.Thread, pytestconfig: pytest.Config
) -> None:
    pytestconfig.stash[pytest.StashKey[threading.Thread]()] = parked
    assert kept_by([pytestconfig], [parked]) == []


def test_an_executors_worker_is_the_executors() -> None:
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pool") as executor:
        executor.submit(lambda: None).result()
        [worker] = [t for t in threading.enumerate() if t.name.startswith("pool")]
        assert kept_by([executor], [worker]) == [worker]
        assert kept_by([object()], [worker]) == []


def test_a_pooled_aiosqlite_connection_thread_is_the_engines(tmp_path: Path) -> None:
    """The false report of 0.2: the pool keeps the connection, and its thread, after
    the test that opened it."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    async def scenario() -> None:
        engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'pool.sqlite3'}")
        before = set(threading.enumerate())
        async with engine.connect() as connection:
            assert await connection.scalar(text("select 1")) == 1
        [thread] = [t for t in threading.enumerate() if t not in before]
        assert thread.is_alive(), "back in the pool, the connection's thread runs on"
        assert kept_by([engine], [thread]) == [thread]
        assert kept_by([create_async_engine("sqlite+aiosqlite://")], [thread]) == []
        await engine.dispose()

    asyncio.run(scenario())
