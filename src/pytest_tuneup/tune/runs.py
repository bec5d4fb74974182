"""Running a stage: its candidates interleaved, round after round, on this machine.

Each round runs every candidate still in the race once, in an order that rotates from
round to round, so that the machine's drift (other programs, the CPU's clock) hits all
of them alike. A candidate is dropped when it is clearly slower than the stage's base
(``decide.clear_loser``) or when the suite does not pass the same way under it: a
plugin switched off that the suite needed shows there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..bench.measure import measure
from ..bench.suite import QUIET, no_coverage
from .candidates import Candidate
from .decide import clear_loser

# pytest's closing line: "==== 3 passed, 1 skipped in 0.12s ====".
SUMMARY = re.compile(r"=+ (?P<counts>.*?) in [\d.]+s")
COUNT = re.compile(r"(\d+) (passed|failed|skipped|xfailed|xpassed|errors?)\b")


@dataclass
class Samples:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + sys of the process tree
    dropped: str = ""  # why it left the race early


def outcomes(output: str) -> dict[str, int]:
    """The counts of pytest's last summary line (errors counted as error)."""
    for line in reversed(output.splitlines()):
        found = SUMMARY.search(line)
        if found:
            counts = COUNT.findall(found.group("counts"))
            return {
                kind.rstrip("s") if kind == "errors" else kind: int(n)
                for n, kind in counts
            }
    return {}


def command(
    pytest: Sequence[str], candidate: Candidate, extra: Sequence[str]
) -> list[str]:
    """Today's command (the benchmark's quiet options) plus the candidate's."""
    coverage = list(candidate.coverage) if candidate.coverage else no_coverage()
    return [*pytest, *QUIET, *coverage, *candidate.words, *extra]


def run_stage(
    candidates: Sequence[Candidate],
    rounds: int,
    pytest: Sequence[str],
    extra: Sequence[str],
    cwd: Path,
    env: Mapping[str, str],
    expected: Mapping[str, int],
    scratch: Path,
    progress: Callable[[str], None],
) -> dict[str, Samples]:
    """Samples of each candidate; ``candidates[0]`` is the base losers are judged by."""
    results = {candidate.label: Samples() for candidate in candidates}
    base = candidates[0].label
    for round_ in range(rounds):
        shift = round_ % len(candidates)
        order = [*candidates[shift:], *candidates[:shift]]
        for candidate in order:
            samples = results[candidate.label]
            if samples.dropped:
                continue
            log = scratch / f"tune-{abs(hash(candidate.label))}-{round_}.log"
            result = measure(
                command(pytest, candidate, extra),
                cwd,
                {**env, **dict(candidate.env)},
                log,
            )
            text = log.read_text(errors="replace")
            got = outcomes(text)
            progress(
                f"round {round_ + 1}/{rounds} {candidate.label}: {result.wall:.2f} s"
            )
            if result.exit_code != 0 or (expected and got != expected):
                samples.dropped = failure(result.exit_code, got, expected)
                if candidate.label == base:
                    return results
                continue
            samples.wall.append(result.wall)
            samples.cpu.append(result.user + result.sys)
        for candidate in candidates[1:]:
            samples = results[candidate.label]
            if not samples.dropped and clear_loser(results[base].wall, samples.wall):
                samples.dropped = (
                    f"dropped after {len(samples.wall)} rounds: slower in every run"
                )
    return results


def failure(code: int, got: Mapping[str, int], expected: Mapping[str, int]) -> str:
    if code != 0:
        return f"the suite fails with it (exit code {code})"
    said = ", ".join(f"{n} {kind}" for kind, n in got.items()) or "no summary"
    return f"the suite runs differently with it ({said})"
