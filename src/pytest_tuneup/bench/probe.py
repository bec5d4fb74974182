"""Where a run's time goes: the pytest plugin the benchmark loads with
``-p pytest_tuneup.bench.probe``.

It does nothing unless ``TUNEUP_BENCH_PROBE`` names a file. Then each pytest process
(the main one, and every pytest-xdist worker, which writes ``<file>.<worker>``) records
collection time, the duration of every setup, call and teardown, the time spent in each
fixture's own setup and teardown, the modules loaded and files imported under two module
names, and writes them as JSON at the end of the session (read by ``suite``).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Generator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from .protocol import COLLECT_END, COLLECT_START, PROBE_ENV


class Probe:
    def __init__(self, out: Path, worker: str | None) -> None:
        self.out = out
        self.worker = worker
        self.collection = 0.0
        self.phases: list[tuple[str, str, float]] = []
        # (fixture, scope, module) -> [times set up, setup seconds, teardown seconds]
        self.fixtures: dict[tuple[str, str, str], list[float]] = {}
        self.teardown_started: dict[int, float] = {}
        self.marks = bool(os.environ.get("PYTHONPROFILEIMPORTTIME"))

    @pytest.hookimpl(wrapper=True)
    def pytest_collection(
        self, session: pytest.Session
    ) -> Generator[None, object, object]:
        if self.marks:
            print(COLLECT_START, file=sys.stderr, flush=True)
        start = time.perf_counter()
        try:
            return (yield)
        finally:
            self.collection = time.perf_counter() - start
            if self.marks:
                print(COLLECT_END, file=sys.stderr, flush=True)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # Under xdist the workers' reports reach the main process too: count them there.
        if self.worker is None:
            self.phases.append((report.nodeid, report.when or "", report.duration))

    @pytest.hookimpl(wrapper=True)
    def pytest_fixture_setup(
        self, fixturedef: pytest.FixtureDef[Any], request: pytest.FixtureRequest
    ) -> Generator[None, object, object]:
        start = time.perf_counter()
        try:
            return (yield)
        finally:
            # Values of @pytest.mark.parametrize arrive as pseudo-fixtures: no cost.
            if fixturedef.func.__name__ != "get_direct_param_fixture_func":
                self.setup_done(fixturedef, time.perf_counter() - start)

    def setup_done(self, fixturedef: pytest.FixtureDef[Any], seconds: float) -> None:
        cost = self.fixtures.setdefault(self.key(fixturedef), [0.0, 0.0, 0.0])
        cost[0] += 1
        cost[1] += seconds
        # Finalizers run last-in first-out: this one runs just before the fixture's own
        # teardown, and pytest_fixture_post_finalizer right after it.
        fixturedef.addfinalizer(lambda: self.start_teardown(fixturedef))

    def start_teardown(self, fixturedef: pytest.FixtureDef[Any]) -> None:
        self.teardown_started[id(fixturedef)] = time.perf_counter()

    def pytest_fixture_post_finalizer(
        self, fixturedef: pytest.FixtureDef[Any], request: pytest.FixtureRequest
    ) -> None:
        start = self.teardown_started.pop(id(fixturedef), None)
        if start is not None:
            cost = self.fixtures.setdefault(self.key(fixturedef), [0.0, 0.0, 0.0])
            cost[2] += time.perf_counter() - start

    @staticmethod
    def key(fixturedef: pytest.FixtureDef[Any]) -> tuple[str, str, str]:
        module = str(getattr(fixturedef.func, "__module__", "") or "")
        return fixturedef.argname, str(fixturedef.scope), module

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        stats: dict[str, list[object]] = getattr(reporter, "stats", {})
        outcomes = {name: len(items) for name, items in stats.items() if name and items}
        data = {
            "worker": self.worker,
            "collection": self.collection,
            "phases": self.phases,
            "fixtures": [[*key, *cost] for key, cost in self.fixtures.items()],
            "modules": len(sys.modules),
            "duplicates": duplicated_modules(sys.modules, session.config.rootpath),
            "outcomes": outcomes if self.worker is None else {},
        }
        target = self.out
        if self.worker is not None:
            target = self.out.with_name(f"{self.out.name}.{self.worker}")
        target.write_text(json.dumps(data))


def duplicated_modules(
    modules: Mapping[str, ModuleType], root: Path
) -> list[list[str]]:
    """Files imported as two or more distinct module objects: their code ran twice.

    That happens with ``--import-mode=prepend`` when a file is reachable under two names
    (``helpers`` and ``tests.helpers``): twice the import time, twice the memory, and
    two copies of every global. Files under ``root`` are named relative to it.

    Only a module registered under its own name counts. An alias is a second entry for
    code that ran once: pylib's ``py.test`` is an apipkg proxy whose ``__name__`` and
    ``__file__`` are pytest's, six's ``moves`` and any ``sys.modules[x] = other`` the
    same. Counting them reported pytest itself as "imported twice".
    """
    names: dict[str, dict[int, str]] = {}
    for name, module in list(modules.items()):
        filename = imported_file(name, module)
        if filename is not None:
            names.setdefault(os.path.realpath(filename), {}).setdefault(
                id(module), name
            )
    return [
        [relative(filename, root), *sorted(objects.values())]
        for filename, objects in sorted(names.items())
        if len(objects) > 1
    ]


# What a lazy module proxy raises when its module cannot be imported: apipkg's an
# ImportError or AttributeError, others a RuntimeError or an OSError of their own.
LOAD_ERRORS = (ImportError, AttributeError, RuntimeError, OSError, LookupError)


def imported_file(name: str, module: ModuleType) -> str | None:
    """The file ``module`` was imported from under ``name``; None for an alias."""
    if name == "__main__":
        return None
    try:
        filename = getattr(module, "__file__", None)
        own_name = getattr(module, "__name__", None)
    except LOAD_ERRORS:  # a lazy proxy whose module fails to load
        return None
    if own_name != name or not isinstance(filename, str):
        return None
    return filename


def relative(filename: str, root: Path) -> str:
    path, root = Path(filename), root.resolve()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else filename


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests() -> None:
    # The project's own conftest.py files load here, before collection starts: what they
    # import (the application, its libraries) is the project's cost, not pytest's.
    if os.environ.get("PYTHONPROFILEIMPORTTIME") and os.environ.get(PROBE_ENV):
        print(COLLECT_START, file=sys.stderr, flush=True)


def pytest_configure(config: pytest.Config) -> None:
    out = os.environ.get(PROBE_ENV)
    if out:
        # An xdist worker has workerinput (it may inherit the environment: not that).
        workerinput: dict[str, Any] | None = getattr(config, "workerinput", None)
        worker = str(workerinput["workerid"]) if workerinput else None
        config.pluginmanager.register(Probe(Path(out), worker), "tuneup-bench-probe")
