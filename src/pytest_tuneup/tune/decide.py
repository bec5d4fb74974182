"""The decision rule: a candidate is kept only when it wins by more than the spread.

Pure functions of samples (wall time; CPU time for candidates that do less work).
"Beats" is the benchmark's own verdict (``stats.compare``): the medians differ by
more than both standard deviations combined and by more than ``threshold`` percent.
The ratio to today's configuration is hyperfine's (ratio of the means, relative
deviations added in quadrature).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..bench.stats import Summary, compare, mean, median, ratio, summarize

# Below this many rounds a candidate is never called a clear loser.
MIN_ROUNDS = 2


def beats(
    base: Sequence[float],
    candidate: Sequence[float],
    threshold: float,
    base_cpu: Sequence[float] = (),
    candidate_cpu: Sequence[float] = (),
) -> bool:
    """``candidate`` is faster than ``base`` by more than the spread and threshold."""
    return bool(wins_by(base, candidate, threshold, base_cpu, candidate_cpu))


def wins_by(
    base: Sequence[float],
    candidate: Sequence[float],
    threshold: float,
    base_cpu: Sequence[float] = (),
    candidate_cpu: Sequence[float] = (),
) -> str:
    """ "wall time", "CPU time" or "" (no win): how ``candidate`` beats ``base``.

    In wall time; or in CPU time (user + sys of the process tree) while its wall
    time is no worse (median and mean: the ratio to today's is of the means).
    Other programs on a loaded machine stretch wall time far more than CPU time, so
    a candidate that only does less work (fewer plugins loaded) shows beyond the
    spread in CPU time long before it does in wall time. A
    candidate that trades CPU for wall time (xdist) must win in wall time.
    """
    if better(base, candidate, threshold):
        return "wall time"
    no_worse = median(candidate) <= median(base) and mean(candidate) <= mean(base)
    if better(base_cpu, candidate_cpu, threshold) and no_worse:
        return "CPU time"
    return ""


def better(base: Sequence[float], candidate: Sequence[float], threshold: float) -> bool:
    if len(base) < 2 or len(candidate) < 2:
        return False
    verdict = compare("time", summarize(base), summarize(candidate), threshold)
    return verdict.status == "better"


def clear_loser(base: Sequence[float], candidate: Sequence[float]) -> bool:
    """After MIN_ROUNDS rounds its fastest run is slower than the base's slowest."""
    if len(base) < MIN_ROUNDS or len(candidate) < MIN_ROUNDS:
        return False
    return min(candidate) > max(base)


def pick(
    base: str,
    samples: Mapping[str, Sequence[float]],
    threshold: float,
    cpu: Mapping[str, Sequence[float]] | None = None,
) -> str:
    """The fastest candidate (by median) among those that beat ``base``; else base."""
    cpu = cpu or {}
    winners = [
        label
        for label, values in samples.items()
        if label != base
        and beats(
            samples[base], values, threshold, cpu.get(base, ()), cpu.get(label, ())
        )
    ]
    if not winners:
        return base
    return min(winners, key=lambda label: summarize(samples[label]).median)


@dataclass(frozen=True)
class Speedup:
    """How many times faster than today's configuration, with its range."""

    value: float
    low: float
    high: float

    def text(self) -> str:
        if self.low == self.high:
            return f"{self.value:.2f}x"
        return f"{self.value:.2f}x ({self.low:.2f}-{self.high:.2f})"


def speedup(today: Sequence[float], candidate: Sequence[float]) -> Speedup:
    slow, fast = summarize(today), summarize(candidate)
    value, sigma = ratio(slow, fast)
    return Speedup(value, max(value - sigma, 0.0), value + sigma)


def spread_text(summary: Summary) -> str:
    return f"{summary.median:.2f} s ± {summary.stdev:.2f}"
