"""Measured costs: what the benchmark's probe recorded, per fixture, import and
duplicate file, attached to the findings.

Two sources: one run of the suite now with the probe (``--measure``, plus a
``--collect-only`` run under ``-X importtime``), or the JSON of an earlier benchmark
(``make bench-save`` writes ``.tuneup-bench/baseline.json``; ``make bench
BENCH_ARGS="--json FILE"`` any file). The probe keys a fixture by name, scope and
module (``conftest``, ``tests.conftest``, ``test_orders``): a finding is matched by
its fixture's name and its file's module name.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..bench.importtime import Imports
from ..bench.results import imports_from_json
from .model import NOT_MEASURED, Finding


class MeasureError(Exception):
    """The measuring run did not produce data; printed as one line."""


@dataclass
class FixtureMeasure:
    count: int = 0
    setup: float = 0.0
    teardown: float = 0.0


@dataclass
class Measured:
    source: str  # where the figures come from, for the report's header
    fixtures: dict[tuple[str, str], FixtureMeasure] = field(default_factory=dict)
    imports: Imports | None = None
    duplicates: list[list[str]] = field(default_factory=list)

    def add(
        self, name: str, module: str, count: float, setup: float, down: float
    ) -> None:
        entry = self.fixtures.setdefault((name, module), FixtureMeasure())
        entry.count += int(count)
        entry.setup += setup
        entry.teardown += down


def from_bench_json(path: Path) -> Measured:
    """The figures of a benchmark JSON (a run, a check or the saved baseline)."""
    try:
        data: dict[str, Any] = json.loads(path.read_text())
        measured = Measured(f"the benchmark in {path}")
        for item in data.get("fixtures", []):
            measured.add(
                str(item["fixture"]),
                str(item["module"]),
                item["count"],
                float(item["setup"]),
                float(item["teardown"]),
            )
        if "imports" in data:
            measured.imports = imports_from_json(data["imports"])
        measured.duplicates = [
            [str(item["file"]), *item["names"]] for item in data.get("duplicates", [])
        ]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise MeasureError(f"{path} is not a benchmark result: {error}") from None
    return measured


def measure_now(
    pytest: Sequence[str],
    extra: Sequence[str],
    cwd: Path,
    progress: Callable[[str], None],
) -> Measured:
    """One run of the suite with the probe, one collection under -X importtime."""
    # Imported here: the measuring code needs psutil, the static checks do not.
    from ..bench.suite import child_env, import_times, pytest_command, read_probe

    with tempfile.TemporaryDirectory(prefix="tuneup-doctor-") as folder:
        scratch = Path(folder)
        probe = scratch / "probe.json"
        command = pytest_command(pytest, ["-q", *extra], probe=True)
        progress("one run of the suite with the benchmark's probe")
        done = subprocess.run(
            command,
            check=False,
            cwd=cwd,
            env=child_env(probe),
            capture_output=True,
            text=True,
        )
        data = read_probe(probe)
        if data is None:
            tail = (done.stdout + done.stderr).strip().splitlines()[-3:]
            raise MeasureError(
                f"the suite did not run (exit {done.returncode}): {' / '.join(tail)}"
            )
        measured = Measured("one run of the suite now (make doctor MEASURE=1)")
        for (name, _scope, module), (count, setup, down) in data.fixtures.items():
            measured.add(name, module, count, setup, down)
        measured.duplicates = data.duplicates
        measured.imports = import_times(pytest, list(extra), 50, cwd, scratch, progress)
    return measured


def module_matches(module: str, rel: str) -> bool:
    """Does the probe's module name (tests.conftest, conftest) name this file?"""
    parts = PurePosixPath(rel).with_suffix("").parts
    names = module.split(".")
    return len(names) <= len(parts) and list(parts[-len(names) :]) == names


def describe(entry: FixtureMeasure) -> str:
    total = entry.setup + entry.teardown
    each = total / entry.count if entry.count else 0.0
    return (
        f"measured: {total:.2f} s in setup and teardown over {entry.count}"
        f" set-ups ({each * 1000:.1f} ms each)"
    )


def attach(findings: list[Finding], measured: Measured) -> None:
    for finding in findings:
        if finding.fixture is None or finding.cost != NOT_MEASURED:
            continue
        total = FixtureMeasure()
        for (name, module), entry in measured.fixtures.items():
            if name == finding.fixture and module_matches(module, finding.path):
                total.count += entry.count
                total.setup += entry.setup
                total.teardown += entry.teardown
        if total.count:
            finding.cost = describe(total)
        else:
            finding.cost = "measured: not set up in the measured run"
