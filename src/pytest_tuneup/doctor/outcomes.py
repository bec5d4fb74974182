"""The outcome of every test, by node id: the pytest plugin ``make doctor-fix`` runs
the suite with (``-p pytest_tuneup.doctor.outcomes``) before and after its rewrite.

It does nothing unless ``TUNEUP_DOCTOR_OUTCOMES`` names a file; then it writes
``{node id: [outcome, message]}`` there at the end of the session. Outcomes: passed,
failed, skipped, xfailed, xpassed, error (a setup or teardown that failed).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

OUTCOMES_ENV = "TUNEUP_DOCTOR_OUTCOMES"


class Outcomes:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.seen: dict[str, list[str]] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        outcome = self.outcome(report)
        if outcome is None:
            return
        current = self.seen.get(report.nodeid)
        # A failed teardown after a passed call is an error; the first failure counts.
        if current is None or (current[0] == "passed" and outcome != "passed"):
            self.seen[report.nodeid] = [outcome, message(report)]

    @staticmethod
    def outcome(report: pytest.TestReport) -> str | None:
        if hasattr(report, "wasxfail"):
            return "xfailed" if report.skipped else "xpassed"
        if report.when == "call":
            return str(report.outcome)
        if report.failed:
            return "error"
        if report.skipped:
            return "skipped"
        return None  # a passed setup or teardown says nothing yet

    def pytest_sessionfinish(self) -> None:
        self.out.write_text(json.dumps(self.seen, indent=1, sort_keys=True))


def message(report: pytest.TestReport) -> str:
    """The line that says why: the exception's, or the skip reason."""
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        return str(crash.message).splitlines()[0] if crash.message else ""
    if isinstance(report.longrepr, tuple) and len(report.longrepr) == 3:
        return str(report.longrepr[2])
    text = report.longreprtext.strip().splitlines()
    return text[-1] if text else ""


def pytest_configure(config: pytest.Config) -> None:
    out = os.environ.get(OUTCOMES_ENV)
    if out and not hasattr(config, "workerinput"):
        config.pluginmanager.register(Outcomes(Path(out)), "tuneup-doctor-outcomes")
