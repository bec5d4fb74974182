"""Leak checks from pytest-tuneup, loaded by ``-p pytest_tuneup.leaks``.

Off unless asked for: ``pytest --tuneup-leaks`` or ``make test-leaks`` (the template's
answer leak_checks puts ``--tuneup-leaks`` in addopts, for every run). Each test that
leaves something behind then fails at teardown, with a line that says what it left:

- asyncio tasks still pending: on the test's own event loop, just before that loop
  closes, or on an event loop several tests share (a module or session loop) after
  teardown;
- threads it started that are still running after its teardown;
- the process's memory (RSS) grown by more than ``tuneup_leak_memory_mb`` (default 50).

What a fixture of a wider scope (class, module, session) starts while it is set up for
the test is that fixture's, not the test's. So is a thread that an object of such a
fixture keeps, even when a test started it: a pool's connection thread (aiosqlite runs
one per pooled connection, opened by the first test that needed it and kept for the
next), an executor's worker, an event loop's default executor. The checks cost a
garbage collection per test: they find where a slow, growing suite leaks, rather than
run every time.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import threading
import time
import types
import weakref
from collections.abc import Generator, Iterable
from typing import Any

import pytest

from . import settings

MEGABYTE = 1024 * 1024
#: How long threads a test started get to finish on their own after its teardown.
THREAD_GRACE_SECONDS = 0.2
#: How many objects the search for a thread's owner looks at, at most: it runs only
#: when a test left a thread, and a thread not found by then is reported.
OWNER_SEARCH_LIMIT = 200_000
#: Not searched through: from a module, a class or a function (its globals) every
#: object is reachable, ``threading._active`` and so every thread included.
OPAQUE = (
    types.ModuleType,
    type,
    types.FunctionType,
    types.BuiltinFunctionType,
    types.CodeType,
    types.FrameType,
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("tuneup").addoption(
        "--tuneup-leaks",
        action="store_true",
        help="Fail each test that leaves asyncio tasks pending, threads running or"
        " memory grown.",
    )
    settings.add_ini_keys(parser)


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("tuneup_leaks"):
        limit = settings.read(config).leak_memory_mb
        settings.require_modules("--tuneup-leaks", "psutil")
        config.pluginmanager.register(LeakCheck(limit), "tuneup_leak_check")


class LeakCheck:
    """What each test leaves behind, from its setup to the end of its teardown."""

    def __init__(self, limit_mb: int) -> None:
        import psutil

        self.process = psutil.Process()
        self.limit_mb = limit_mb
        self.shared_loops: weakref.WeakSet[asyncio.AbstractEventLoop] = (
            weakref.WeakSet()
        )
        self.found: dict[str, list[str]] = {}
        self.current = ""
        self.tasks_before: set[asyncio.Task[Any]] = set()
        self.threads_before: set[threading.Thread] = set()
        self.rss_before = 0
        self.shared_growth = 0
        self.shared_depth = 0
        #: The values of the wider-scoped fixtures set up now, by FixtureDef.
        self.shared_values: dict[int, object] = {}

    def pytest_report_header(self) -> str:
        return (
            "tuneup_leaks: on (asyncio tasks, threads, memory growth over"
            f" {self.limit_mb} MB per test)"
        )

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> Generator[None, None, None]:
        self.current = item.nodeid
        self.tasks_before = self.pending_on_shared_loops()
        self.threads_before = set(threading.enumerate())
        self.shared_growth = 0
        self.rss_before = self.rss()
        return (yield)

    @pytest.hookimpl(wrapper=True)
    def pytest_fixture_setup(
        self, fixturedef: pytest.FixtureDef[Any]
    ) -> Generator[None, Any, Any]:
        shared = fixturedef.scope != "function"
        outermost = shared and self.shared_depth == 0
        rss = self.rss() if outermost else 0
        self.shared_depth += 1 if shared else 0
        try:
            result = yield
        finally:
            self.shared_depth -= 1 if shared else 0
        if outermost:
            # What a wider-scoped fixture starts is its own, not the test's.
            self.shared_growth += self.rss() - rss
            self.tasks_before |= self.pending_on_shared_loops()
            self.threads_before |= set(threading.enumerate())
        if shared:
            # A thread its value keeps is its own, whoever started it (threads_left).
            key = id(fixturedef)
            self.shared_values[key] = result
            forget = functools.partial(self.shared_values.pop, key, None)
            fixturedef.addfinalizer(forget)
        loop = event_loop_of(result)
        if loop is not None:
            if shared:
                self.shared_loops.add(loop)
            # Runs before the fixture's own teardown closes the loop (finalizers run
            # last in, first out), after the fixtures that use the loop are torn down.
            fixturedef.addfinalizer(functools.partial(self.check_closing_loop, loop))
        return result

    def check_closing_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        """Tasks pending on a loop about to close belong to the test tearing it down."""
        pending = {task for task in asyncio.all_tasks(loop) if not task.done()}
        pending -= self.tasks_before
        if pending:
            self.found.setdefault(self.current, []).append(describe_tasks(pending))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_teardown(self, item: pytest.Item) -> Generator[None, None, None]:
        result = yield
        found = self.found.pop(item.nodeid, [])
        tasks = self.pending_on_shared_loops() - self.tasks_before
        if tasks:
            found.append(
                describe_tasks(tasks)
            )  # on loops that stay open for the next test
        threads = self.threads_left()
        if threads:
            names = ", ".join(sorted(thread.name for thread in threads))
            found.append(f"{len(threads)} thread(s) running: {names}")
        gc.collect()
        grown_mb = (self.rss() - self.rss_before - self.shared_growth) / MEGABYTE
        if grown_mb > self.limit_mb:
            limit = f"limit {self.limit_mb} MB, tuneup_leak_memory_mb"
            found.append(f"memory grown by {grown_mb:.0f} MB ({limit})")
        if found:
            pytest.fail(
                f"tuneup_leaks: the test left {'; '.join(found)}", pytrace=False
            )
        return result

    def pending_on_shared_loops(self) -> set[asyncio.Task[Any]]:
        return {
            task
            for loop in list(self.shared_loops)
            if not loop.is_closed()
            for task in asyncio.all_tasks(loop)
            if not task.done()
        }

    def threads_left(self) -> list[threading.Thread]:
        started = [
            thread
            for thread in threading.enumerate()
            if thread not in self.threads_before
        ]
        deadline = time.monotonic() + THREAD_GRACE_SECONDS
        for thread in started:
            thread.join(max(0.0, deadline - time.monotonic()))
        running = [thread for thread in started if thread.is_alive()]
        if not running:
            return []
        kept = kept_by(list(self.shared_values.values()), running)
        return [thread for thread in running if thread not in kept]

    def rss(self) -> int:
        rss: int = self.process.memory_info().rss
        return rss


def kept_by(
    roots: list[object], wanted: list[threading.Thread]
) -> list[threading.Thread]:
    """The threads of ``wanted`` that the objects ``roots`` reach, through their
    attributes and containers (not through modules, classes or functions)."""
    targets = {id(thread): thread for thread in wanted}
    found: dict[int, threading.Thread] = {}
    seen: set[int] = set()
    pending = list(roots)
    while pending and len(seen) < OWNER_SEARCH_LIMIT and len(found) < len(targets):
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if id(current) in targets:
            found[id(current)] = targets[id(current)]
        elif not isinstance(current, OPAQUE) and not is_pytest_own(current):
            pending.extend(gc.get_referents(current))
    return list(found.values())


def is_pytest_own(value: object) -> bool:
    """pytest's own objects (the config, a request, the temp path factory), which reach
    every plugin: a session fixture such as ``pytestconfig`` owns no test's thread."""
    module = getattr(type(value), "__module__", "") or ""
    return module.startswith(("_pytest.", "pluggy.", "pytest."))


def event_loop_of(value: object) -> asyncio.AbstractEventLoop | None:
    """The event loop a fixture provides: pytest-asyncio's runner, or a loop itself."""
    runner = getattr(asyncio, "Runner", None)  # Python 3.11+
    if runner is not None and isinstance(value, runner):
        try:
            loop: asyncio.AbstractEventLoop = value.get_loop()
            return loop
        except RuntimeError:  # a closed runner
            return None
    return value if isinstance(value, asyncio.AbstractEventLoop) else None


def describe_tasks(tasks: Iterable[asyncio.Task[Any]]) -> str:
    names = sorted(f"{task.get_name()} ({coroutine_name(task)})" for task in tasks)
    return f"{len(names)} asyncio task(s) pending: {', '.join(names)}"


def coroutine_name(task: asyncio.Task[Any]) -> str:
    coroutine = task.get_coro()
    return str(getattr(coroutine, "__qualname__", coroutine))
