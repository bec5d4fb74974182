"""The baseline in ``.tuneup-bench/``: save, check against it, and its history."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from .caveats import machine_warnings
from .errors import UsageError
from .gate import (
    ALPHA,
    confidence,
    lower_rank,
    paired_verdict,
    slowdown_floor,
    slowdowns,
)
from .results import (
    GATED,
    SCHEMA,
    VERSION,
    Baseline,
    Check,
    HistoryEntry,
    RunResult,
    baseline_from_json,
    history_entry_from_json,
    history_entry_json,
    run_json,
)
from .stats import compare
from .svg import history_svg

BASELINE = "baseline.json"


class Collected(Protocol):
    """What a side's runs recorded (``suite.Collector``): figures and test times."""

    @property
    def samples(self) -> Mapping[str, Sequence[float]]: ...

    @property
    def tests(self) -> Sequence[Mapping[str, float]]: ...


HISTORY = "history.jsonl"
CHART = "history.svg"


def load_baseline(path: Path) -> Baseline:
    if not path.is_file():
        raise UsageError(
            f"no baseline at {path}: save one first with `make bench-save`"
        )
    try:
        data = json.loads(path.read_text())
        if data.get("schema") != SCHEMA or data.get("version") != VERSION:
            raise ValueError(data.get("version"))
        return baseline_from_json(data)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise UsageError(
            f"{path} is not a version {VERSION} baseline; save a new one with "
            "`make bench-save`"
        ) from None


def check(
    result: RunResult, baseline: Baseline, threshold: float, note: str = ""
) -> RunResult:
    """``result`` compared with the figures saved in ``baseline``; ``note`` says why
    not with its commit."""
    verdicts = [
        compare(key, baseline.summary[key], result.summary[key], threshold)
        for key in GATED
        if key in baseline.summary and key in result.summary
    ]
    commit = baseline.environment.commit
    result.check = Check(baseline.created, commit, verdicts, "saved", note)
    result.warnings = result.warnings + machine_warnings(
        baseline.environment, result.environment
    )
    return result


def check_paired(
    result: RunResult,
    baseline: Baseline,
    base: Collected,
    work: Collected,
    threshold: float,
) -> RunResult:
    """``result`` (the working tree's runs) compared round by round with the runs of
    the baseline's commit interleaved with them: ``gate``'s rule."""
    verdicts = [
        paired_verdict(key, base.samples[key], work.samples[key], threshold)
        for key in GATED
        if base.samples.get(key) and work.samples.get(key)
    ]
    rounds = len(work.samples["wall"])
    commit = baseline.environment.commit or ""
    note = (
        f"compared with the baseline's commit {commit[:7]} (A), run interleaved with "
        f"the working tree (B) on this machine: {rounds} rounds, A B then B A"
    )
    if baseline.environment.dirty:
        note += "; the baseline was saved with uncommitted changes, not compared"
    sure = confidence(rounds, lower_rank(rounds))
    if sure < 1 - ALPHA:
        held = f"{100 * sure:.0f}%"
        note += f"; with {rounds} rounds each bound holds at {held}: use 5 or more"
    floor = slowdown_floor(base.samples["wall"])
    found = slowdowns(base.tests, work.tests, threshold, floor)
    result.check = Check(
        baseline.created, commit, verdicts, "commit", note, rounds, found
    )
    return result


def write_atomically(path: Path, text: str) -> None:
    """Write to a file beside ``path``, then rename it: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def history_entry(result: RunResult) -> HistoryEntry:
    environment = result.environment
    label = (environment.commit or "")[:7] + ("+" if environment.dirty else "")
    return HistoryEntry(
        created=result.created,
        commit=environment.commit,
        label=label or result.created[:10],
        python=environment.python,
        runs=result.runs,
        figures={key: result.summary[key] for key in GATED if key in result.summary},
    )


def save(result: RunResult, folder: Path) -> Path:
    """The result as the baseline, one more line of history, the chart drawn again."""
    target = folder / BASELINE
    write_atomically(target, json.dumps(run_json(result, "baseline"), indent=2) + "\n")
    with (folder / HISTORY).open("a") as history:
        history.write(json.dumps(history_entry_json(history_entry(result))) + "\n")
    chart(folder)
    return target


def read_history(folder: Path) -> list[HistoryEntry]:
    path = folder / HISTORY
    if not path.is_file():
        return []
    lines = path.read_text().splitlines()
    return [history_entry_from_json(json.loads(line)) for line in lines if line.strip()]


def chart(folder: Path) -> Path:
    target = folder / CHART
    write_atomically(target, history_svg(read_history(folder)))
    return target
