"""pytest-split's durations file: read, merged with a new measurement, written.

The format is pytest-split's own (``--store-durations`` writes the same): one JSON
object mapping each test's node id to its seconds, setup + call + teardown. pytest-split
0.8 and older wrote a list of ``[node id, seconds]`` pairs; it still reads them, so do
we.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..bench.baseline import write_atomically
from ..bench.errors import UsageError

Durations = dict[str, float]


class DurationsError(UsageError):
    """A durations file that cannot be used; printed as one line (exit code 2)."""


def load(path: Path) -> Durations:
    """The file's durations; an empty mapping when it does not exist."""
    try:
        text = path.read_text()
    except FileNotFoundError:
        return {}
    try:
        data = json.loads(text)
        pairs = data.items() if isinstance(data, dict) else data
        return {str(test): float(seconds) for test, seconds in pairs}
    except (ValueError, TypeError) as error:
        raise DurationsError(
            f"{path} is not a durations file (a JSON object of node id to seconds):"
            f" {error}"
        ) from None


def dump(durations: Mapping[str, float]) -> str:
    """The file's text as pytest-split writes it: sorted keys, 4-space indent."""
    rounded = {test: round(seconds, 4) for test, seconds in durations.items()}
    return json.dumps(rounded, sort_keys=True, indent=4) + "\n"


@dataclass(frozen=True)
class Merge:
    durations: Durations
    added: int  # measured now, not in the file before
    updated: int  # in the file before, measured again
    kept: int  # in the file and in the suite, not measured this time
    dropped: int  # in the file, no longer in the suite


def merge(
    old: Mapping[str, float], measured: Mapping[str, float], suite: Collection[str]
) -> Merge:
    """The new file: this measurement, and the old entries of tests still in the suite.

    ``suite`` is every test the project collects today; a test measured now counts as
    in it. An old entry of a test the suite no longer has (deleted, renamed,
    re-parametrized) is dropped, so the file never grows stale names.
    """
    kept = {
        test: seconds
        for test, seconds in old.items()
        if test not in measured and test in suite
    }
    return Merge(
        durations={**kept, **measured},
        added=sum(1 for test in measured if test not in old),
        updated=sum(1 for test in measured if test in old),
        kept=len(kept),
        dropped=sum(1 for test in old if test not in measured and test not in suite),
    )


def write(path: Path, durations: Mapping[str, float]) -> None:
    write_atomically(path, dump(durations))


@dataclass(frozen=True)
class Coverage:
    selected: int
    missing: list[str]  # selected tests the file has no duration for
    stale: int  # entries for tests the selection does not have

    @property
    def missing_percent(self) -> float:
        return 100.0 * len(self.missing) / self.selected if self.selected else 0.0


def coverage(durations: Mapping[str, float], selected: Iterable[str]) -> Coverage:
    """How many of the selected tests the file covers.

    pytest-split gives a test it has no duration for the mean of the known ones: a few
    are harmless, many make the shards uneven.
    """
    chosen = list(dict.fromkeys(selected))
    chosen_set = set(chosen)
    return Coverage(
        selected=len(chosen),
        missing=[test for test in chosen if test not in durations],
        stale=sum(1 for test in durations if test not in chosen_set),
    )
