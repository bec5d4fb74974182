"""A tiny pytest plugin for benchmarks/db_fixtures.py: what each test cost, as JSON.

Loaded with ``-p tuneup_bench_measure`` (the benchmarks folder on PYTHONPATH). For every
test it adds up the durations pytest itself measured for setup, call and teardown, in
the order the tests ran, and the CPU time this process (all its threads) spent in those
three phases; it also times the whole run loop. CPU time hardly changes when other
programs compete for the processors; it leaves out what a database server does. Session-scoped fixtures are
set up inside the first test's setup and torn down inside the last test's teardown, so
those two tests carry the one-off costs. At the end it writes everything to the file
named by ``TUNEUP_BENCH_OUT``.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Generator
from pathlib import Path

import pytest

OUT_ENV = "TUNEUP_BENCH_OUT"


class Recorder:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.durations: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.outcomes: dict[str, str] = {}
        self.loop_seconds = 0.0

    @pytest.hookimpl(wrapper=True)
    def pytest_runtestloop(self, session: pytest.Session) -> Generator[None, object, object]:
        start = time.perf_counter()
        try:
            return (yield)
        finally:
            self.loop_seconds = time.perf_counter() - start

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> Generator[None, None, None]:
        return (yield from self._cpu(item))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, None, None]:
        return (yield from self._cpu(item))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_teardown(self, item: pytest.Item) -> Generator[None, None, None]:
        return (yield from self._cpu(item))

    def _cpu(self, item: pytest.Item) -> Generator[None, None, None]:
        start = time.process_time()
        try:
            return (yield)
        finally:
            self.cpu[item.nodeid] = self.cpu.get(item.nodeid, 0.0) + time.process_time() - start

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # Dicts keep insertion order: the order the tests ran in.
        self.durations[report.nodeid] = self.durations.get(report.nodeid, 0.0) + report.duration
        previous = self.outcomes.get(report.nodeid, "passed")
        if report.failed:
            self.outcomes[report.nodeid] = "failed"
        elif report.skipped and previous != "failed":
            self.outcomes[report.nodeid] = "skipped"
        else:
            self.outcomes.setdefault(report.nodeid, previous)

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        target = os.environ.get(OUT_ENV)
        if not target:
            return
        counts: dict[str, int] = {}
        for outcome in self.outcomes.values():
            counts[outcome] = counts.get(outcome, 0) + 1
        plugins = self.config.pluginmanager
        data = {
            "exitstatus": int(exitstatus),
            "loop_seconds": self.loop_seconds,
            "tests": [
                {"nodeid": nodeid, "seconds": seconds, "cpu_seconds": self.cpu.get(nodeid, 0.0)}
                for nodeid, seconds in self.durations.items()
            ],
            "outcomes": counts,
            # Which database fixtures this run had: ours (the plugin) or none of them.
            "tuneup_db_loaded": plugins.has_plugin("pytest_tuneup.db"),
        }
        Path(target).write_text(json.dumps(data))


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(Recorder(config), "tuneup_bench_recorder")
