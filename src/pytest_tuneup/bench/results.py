"""The benchmark's results as types, and their JSON form (schema version 1).

The JSON is the same as the single-file benchmark of 0.1 wrote, so baselines saved
then still load: ``kind`` "run", "check", "baseline" or "ab"; every sample and summary;
the slowest phases, fixtures, imports and files imported twice; the environment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .gate import Slowdown
from .importtime import ImportRow, Imports
from .stats import Summary, Verdict, summarize

SCHEMA = "pytest-tuneup-bench"
VERSION = 1
# The figures of a run, in report order: (key, label, unit); "s" seconds, "B" bytes.
FIGURES = (
    ("wall", "wall time", "s"),
    ("user", "CPU user", "s"),
    ("sys", "CPU sys", "s"),
    ("cpu", "CPU user + sys", "s"),
    ("rss_peak", "peak RSS, largest process", "B"),
    ("rss_tree", "peak RSS, process tree", "B"),
    ("collection", "collection", "s"),
)
# What bench-check gates on: wall time, CPU time (user + sys, waited-for descendants
# included) and the peak memory of the process tree (the single pytest process, or
# pytest with its xdist workers added up).
GATED = ("wall", "cpu", "rss_tree")
Json = dict[str, Any]


@dataclass(frozen=True)
class SlowPhase:
    test: str
    phase: str  # setup, call or teardown
    seconds: float  # median over the runs


@dataclass(frozen=True)
class FixtureCost:
    fixture: str
    scope: str
    module: str
    count: int  # times set up in one run
    setup: float  # seconds, median over the runs of the sum over its uses
    teardown: float
    total: float


@dataclass(frozen=True)
class Duplicate:
    file: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Machine:
    os: str
    arch: str
    cpu: str
    cpus: int | None
    memory: int


@dataclass(frozen=True)
class Environment:
    """What a baseline depends on: code, interpreter, packages, machine."""

    commit: str | None
    dirty: bool
    python: str
    implementation: str
    packages: dict[str, str]
    machine: Machine


@dataclass
class SuiteRun:
    """The measured runs of the suite and what the probe recorded in them."""

    command: list[str]
    load: float  # load average before the runs
    samples: dict[str, list[float]]
    processes: int
    outcomes: dict[str, int]
    slowest: list[SlowPhase]
    fixtures: list[FixtureCost]
    modules: int
    duplicates: list[Duplicate]
    imports: Imports | None = None
    # Every test's setup + call + teardown seconds (median over the runs): the
    # durations file's input (make durations, make bench-save). Not in the JSON.
    tests: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Check:
    """A run compared with the baseline: its commit run interleaved ("commit"), or
    the figures saved with it ("saved"), with ``note`` saying why."""

    baseline_created: str
    baseline_commit: str | None
    verdicts: list[Verdict]
    mode: str = "saved"
    note: str = ""
    rounds: int = 0
    slowdowns: list[Slowdown] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not any(verdict.status == "worse" for verdict in self.verdicts)


@dataclass
class RunResult:
    created: str
    runs: int
    warmup: int
    suite: SuiteRun
    summary: dict[str, Summary]
    warnings: list[str]
    environment: Environment
    check: Check | None = None

    @property
    def kind(self) -> str:
        return "run" if self.check is None else "check"


@dataclass(frozen=True)
class Baseline:
    """The parts of a saved baseline a check compares with."""

    created: str
    summary: dict[str, Summary]
    environment: Environment


@dataclass(frozen=True)
class HistoryEntry:
    """One line of history.jsonl: a saved baseline's gated figures."""

    created: str
    commit: str | None
    label: str
    python: str
    runs: int
    figures: dict[str, Summary] = field(default_factory=dict)  # GATED keys


@dataclass(frozen=True)
class ABSide:
    label: str
    command: list[str]
    samples: dict[str, list[float]]
    summary: dict[str, Summary]


@dataclass(frozen=True)
class Ratio:
    value: float  # how many times faster the faster side is
    stdev: float
    faster: str  # "a" or "b"


@dataclass
class ABResult:
    created: str
    mode: str  # "refs" or "commands"
    runs: int
    warmup: int
    a: ABSide
    b: ABSide
    ratio: Ratio
    warnings: list[str]
    environment: Environment


# ---- JSON ---------------------------------------------------------------------------


def environment_json(environment: Environment) -> Json:
    machine = environment.machine
    return {
        "commit": environment.commit,
        "dirty": environment.dirty,
        "python": environment.python,
        "implementation": environment.implementation,
        "packages": dict(environment.packages),
        "machine": {
            "os": machine.os,
            "arch": machine.arch,
            "cpu": machine.cpu,
            "cpus": machine.cpus,
            "memory": machine.memory,
        },
    }


def environment_from_json(data: Json) -> Environment:
    machine = data.get("machine") or {}
    return Environment(
        commit=data.get("commit"),
        dirty=bool(data.get("dirty")),
        python=str(data.get("python", "")),
        implementation=str(data.get("implementation", "")),
        packages={str(k): str(v) for k, v in (data.get("packages") or {}).items()},
        machine=Machine(
            os=str(machine.get("os", "")),
            arch=str(machine.get("arch", "")),
            cpu=str(machine.get("cpu", "")),
            cpus=machine.get("cpus"),
            memory=int(machine.get("memory", 0)),
        ),
    )


def imports_json(imports: Imports) -> Json:
    return {
        "startup": imports.startup,
        "collection": imports.collection,
        "top": [
            {
                "module": row.module,
                "cumulative": row.cumulative,
                "self": row.own,
                "imported_by": row.imported_by,
            }
            for row in imports.top
        ],
    }


def imports_from_json(data: Json) -> Imports:
    rows = [
        ImportRow(row["module"], row["cumulative"], row["self"], row["imported_by"])
        for row in data.get("top", [])
    ]
    return Imports(float(data["startup"]), float(data["collection"]), rows)


def summaries_json(summary: dict[str, Summary]) -> Json:
    return {key: item.as_dict() for key, item in summary.items()}


def summaries_from_json(data: Json) -> dict[str, Summary]:
    return {key: Summary.from_dict(item) for key, item in data.items()}


def run_json(result: RunResult, kind: str | None = None) -> Json:
    """A run, a check or (``kind="baseline"``) a saved baseline as JSON."""
    suite = result.suite
    data: Json = {
        "schema": SCHEMA,
        "version": VERSION,
        "kind": kind or result.kind,
        "created": result.created,
        "runs": result.runs,
        "warmup": result.warmup,
        "command": suite.command,
        "load": suite.load,
        "samples": suite.samples,
        "processes": suite.processes,
        "outcomes": suite.outcomes,
        "slowest": [vars(item).copy() for item in suite.slowest],
        "fixtures": [vars(item).copy() for item in suite.fixtures],
        "modules": suite.modules,
        "duplicates": [
            {"file": item.file, "names": list(item.names)} for item in suite.duplicates
        ],
    }
    if suite.imports is not None:
        data["imports"] = imports_json(suite.imports)
    data["summary"] = summaries_json(result.summary)
    data["warnings"] = result.warnings
    data["environment"] = environment_json(result.environment)
    if result.check is not None:
        data["baseline"] = {
            "created": result.check.baseline_created,
            "commit": result.check.baseline_commit,
        }
        data["comparison"] = {
            "mode": result.check.mode,
            "note": result.check.note,
            "rounds": result.check.rounds,
        }
        data["verdicts"] = [verdict.as_dict() for verdict in result.check.verdicts]
        data["slowdowns"] = [vars(item).copy() for item in result.check.slowdowns]
        data["result"] = "pass" if result.check.passed else "fail"
    return data


def baseline_from_json(data: Json) -> Baseline:
    summary = summaries_from_json(data["summary"])
    samples = data.get("samples") or {}
    if "cpu" not in summary and samples.get("user") and samples.get("sys"):
        # Saved before CPU time was gated: its runs' user and sys, added up.
        pairs = zip(samples["user"], samples["sys"])
        summary["cpu"] = summarize([float(user) + float(sys) for user, sys in pairs])
    return Baseline(
        created=str(data["created"]),
        summary=summary,
        environment=environment_from_json(data["environment"]),
    )


def history_entry_json(entry: HistoryEntry) -> Json:
    data: Json = {
        "created": entry.created,
        "commit": entry.commit,
        "label": entry.label,
        "python": entry.python,
        "runs": entry.runs,
    }
    data.update(summaries_json(entry.figures))
    return data


def history_entry_from_json(data: Json) -> HistoryEntry:
    return HistoryEntry(
        created=str(data.get("created", "")),
        commit=data.get("commit"),
        label=str(data.get("label", "")),
        python=str(data.get("python", "")),
        runs=int(data.get("runs", 0)),
        figures={key: Summary.from_dict(data[key]) for key in GATED if key in data},
    )


def ab_side_json(side: ABSide) -> Json:
    return {
        "label": side.label,
        "command": side.command,
        "samples": side.samples,
        "summary": summaries_json(side.summary),
    }


def ab_json(result: ABResult) -> Json:
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "kind": "ab",
        "created": result.created,
        "mode": result.mode,
        "runs": result.runs,
        "warmup": result.warmup,
        "a": ab_side_json(result.a),
        "b": ab_side_json(result.b),
        "ratio": {
            "value": result.ratio.value,
            "stdev": result.ratio.stdev,
            "faster": result.ratio.faster,
        },
        "warnings": result.warnings,
        "environment": environment_json(result.environment),
    }
