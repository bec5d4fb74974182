"""The measured runs of the suite, and what the probe recorded in them."""

from __future__ import annotations

import importlib.util
import json
import os
import shlex
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import SuiteFailed
from .importtime import Imports, parse_importtime
from .measure import Measurement, measure
from .protocol import PROBE_ENV, PROBE_PLUGIN
from .results import Duplicate, FixtureCost, SlowPhase, SuiteRun
from .stats import median

# Plugins whose effect on timing differs from run to run: random test order (and the
# reseeding it does), and the cache, which --lf/--ff and stepwise read.
QUIET = ("-p", "no:randomly", "-p", "no:random_order", "-p", "no:cacheprovider")
PROBE = ("-p", PROBE_PLUGIN)
# Where the time goes: at least this many slowest phases and fixtures are kept.
KEEP = 25
# The folder that holds the pytest_tuneup package (vendored: <tests_dir>/tuneup).
PACKAGE_PARENT = Path(__file__).resolve().parents[2]

FixtureKey = tuple[str, str, str]  # fixture, scope, module


# pytest-cov warns that --no-cov overrides a --cov; under filterwarnings = error that
# warning alone fails the run. A -W option outranks the ini's filters.
NO_COV_WARNING = "ignore:Coverage disabled via --no-cov switch"


def no_coverage() -> list[str]:
    """``--no-cov`` where pytest-cov is installed: no coverage work, and no gate.

    pytest-cov applies the project's ``fail_under`` to every run that measures, a
    benchmark of one file included, and its tracing is not the suite's own time.
    ``-p no:pytest_cov`` would make a ``--cov`` in the project's addopts an error.
    Asked of this interpreter: the runs use it too (see ``interpreter``).
    """
    if importlib.util.find_spec("pytest_cov") is None:
        return []
    return ["--no-cov", "-W", NO_COV_WARNING]


def pytest_command(
    pytest: Sequence[str], extra: Sequence[str], probe: bool
) -> list[str]:
    return [*pytest, *QUIET, *no_coverage(), *(PROBE if probe else ()), *extra]


def child_env(
    probe: Path | None, package: Path = PACKAGE_PARENT, **extra: str
) -> dict[str, str]:
    env = dict(os.environ)
    if probe is not None:
        # The probe must be importable whatever the project's pythonpath says.
        parts = [str(package), env.get("PYTHONPATH", "")]
        env["PYTHONPATH"] = os.pathsep.join(filter(None, parts))
        env[PROBE_ENV] = str(probe)
    return {**env, **extra}


def pytest_summary(output: str, lines: int = 40) -> str:
    """pytest's closing summary: from "short test summary info" on, or the end."""
    text = output.rstrip().splitlines()
    start = next(
        (i for i, line in enumerate(text) if "short test summary info" in line), None
    )
    tail = text[start:] if start is not None else text[-15:]
    return "\n".join(tail[-lines:])


@dataclass
class ProbeData:
    """What the probe wrote in one run, the main process's and the workers' merged."""

    collection: float
    phases: list[tuple[str, str, float]]
    fixtures: dict[FixtureKey, list[float]]  # [count, setup, teardown]
    modules: int
    duplicates: list[list[str]]
    outcomes: dict[str, int]


def read_probe(path: Path) -> ProbeData | None:
    if not path.is_file():
        return None
    main = json.loads(path.read_text())
    workers = [
        json.loads(part.read_text())
        for part in sorted(path.parent.glob(path.name + ".*"))
    ]
    fixtures: dict[FixtureKey, list[float]] = {}
    for part in [main, *workers]:
        for name, scope, module, count, setup, teardown in part["fixtures"]:
            cost = fixtures.setdefault((name, scope, module), [0, 0.0, 0.0])
            cost[0] += count
            cost[1] += setup
            cost[2] += teardown
    duplicates: list[list[str]] = main["duplicates"] or next(
        (worker["duplicates"] for worker in workers if worker["duplicates"]), []
    )
    return ProbeData(
        collection=max(part["collection"] for part in [main, *workers]),
        phases=[(test, phase, seconds) for test, phase, seconds in main["phases"]],
        fixtures=fixtures,
        modules=int(main["modules"]),
        duplicates=duplicates,
        outcomes={str(k): int(v) for k, v in main["outcomes"].items()},
    )


# The figures of one run, from its measurement; "cpu" is user + sys of the process and
# every descendant it waited for (xdist workers too): what a busy machine stretches
# least.
MEASURED = ("wall", "user", "sys", "cpu", "rss_peak", "rss_tree")


class Collector:
    """Samples and probe data of the measured runs, summarized at the end."""

    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = {key: [] for key in MEASURED}
        self.samples["collection"] = []
        self.phases: dict[tuple[str, str], list[float]] = {}
        self.fixtures: dict[FixtureKey, list[list[float]]] = {}
        # Per run, each test's setup + call + teardown: paired by round in bench-check.
        self.tests: list[dict[str, float]] = []
        self.processes = 1
        self.last: ProbeData | None = None

    def record(self, result: Measurement, data: ProbeData | None) -> None:
        """One measured run: its figures, and what its probe wrote."""
        for key in MEASURED:
            value = result.user + result.sys if key == "cpu" else getattr(result, key)
            self.samples[key].append(float(value))
        self.processes = max(self.processes, result.processes)
        if data is not None:
            self.add(data)

    def add(self, data: ProbeData) -> None:
        self.last = data
        self.samples["collection"].append(data.collection)
        totals: dict[str, float] = {}
        for test, phase, seconds in data.phases:
            self.phases.setdefault((test, phase), []).append(seconds)
            totals[test] = totals.get(test, 0.0) + seconds
        self.tests.append(totals)
        for key, cost in data.fixtures.items():
            self.fixtures.setdefault(key, []).append(cost)

    def slowest(self, keep: int) -> list[SlowPhase]:
        rows = [
            SlowPhase(test, phase, median(values))
            for (test, phase), values in self.phases.items()
        ]
        rows.sort(key=lambda row: -row.seconds)
        return rows[:keep]

    def per_test(self) -> dict[str, float]:
        """Each test's setup + call + teardown, each phase's median over the runs."""
        totals: dict[str, float] = {}
        for (test, _phase), values in self.phases.items():
            totals[test] = totals.get(test, 0.0) + max(median(values), 0.0)
        return totals

    def costs(self, keep: int) -> list[FixtureCost]:
        rows = []
        for (name, scope, module), runs in self.fixtures.items():
            rows.append(
                FixtureCost(
                    fixture=name,
                    scope=scope,
                    module=module,
                    count=int(max(run[0] for run in runs)),
                    setup=median([run[1] for run in runs]),
                    teardown=median([run[2] for run in runs]),
                    total=median([run[1] + run[2] for run in runs]),
                )
            )
        rows.sort(key=lambda row: -row.total)
        return rows[:keep]


def run_once(
    command: Sequence[str],
    cwd: Path,
    env: dict[str, str],
    probe: Path,
    log: Path,
    where: str,
    progress: Callable[[str], None],
) -> tuple[Measurement, ProbeData | None]:
    """One run with the probe writing to ``probe``; SuiteFailed when it fails."""
    result = measure(command, cwd, {**env, PROBE_ENV: str(probe)}, log)
    mib = result.rss_tree / 2**20
    progress(f"{where}: {result.wall:.2f} s, {mib:.0f} MiB, exit {result.exit_code}")
    if result.exit_code != 0:
        raise SuiteFailed(where, result.exit_code, log.read_text(errors="replace"))
    return result, read_probe(probe)


def suite_run(
    command: list[str], load: float, collected: Collector, top: int
) -> SuiteRun:
    last = collected.last
    return SuiteRun(
        command=command,
        load=load,
        samples={key: values for key, values in collected.samples.items() if values},
        processes=collected.processes,
        outcomes=last.outcomes if last else {},
        slowest=collected.slowest(max(top, KEEP)),
        fixtures=collected.costs(max(top, KEEP)),
        modules=last.modules if last else 0,
        duplicates=[
            Duplicate(item[0], tuple(item[1:]))
            for item in (last.duplicates if last else [])
        ],
        tests=collected.per_test(),
    )


def bench_suite(
    pytest: Sequence[str],
    extra: Sequence[str],
    runs: int,
    warmup: int,
    top: int,
    cwd: Path,
    scratch: Path,
    progress: Callable[[str], None],
) -> SuiteRun:
    """Warm-up and measured runs of the suite; SuiteFailed on the first failing run."""
    command = pytest_command(pytest, extra, probe=True)
    load = os.getloadavg()[0]  # before our runs add to it
    progress(f"{runs} runs after {warmup} warm-up: {shlex.join(command)}")
    collected = Collector()
    env = child_env(scratch)  # the probe's file is set per run
    for index in range(warmup + runs):
        warm = index < warmup
        where = (
            f"warm-up run {index + 1}/{warmup}"
            if warm
            else f"run {index - warmup + 1}/{runs}"
        )
        probe, log = scratch / f"probe-{index}.json", scratch / f"run-{index}.log"
        result, data = run_once(command, cwd, env, probe, log, where, progress)
        if not warm:
            collected.record(result, data)
    return suite_run(command, load, collected, top)


def import_times(
    pytest: Sequence[str],
    extra: Sequence[str],
    top: int,
    cwd: Path,
    scratch: Path,
    progress: Callable[[str], None],
) -> Imports:
    """A --collect-only run under -X importtime: the heaviest imports of collection."""
    options = ["--collect-only", "-q", "-s", *extra]
    command = pytest_command(pytest, options, probe=True)
    env = child_env(scratch / "probe-imports.json", PYTHONPROFILEIMPORTTIME="1")
    progress("collection under -X importtime")
    done = subprocess.run(
        command,
        check=False,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        errors="replace",
    )
    return parse_importtime(done.stderr, top)


def default_pytest() -> str:
    return shlex.join([sys.executable, "-m", "pytest"])
