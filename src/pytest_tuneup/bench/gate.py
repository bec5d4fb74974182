"""The regression gate's rule, on interleaved rounds (docs/decisions/bench-gate.md).

bench-check runs the baseline's commit (A) and the working tree (B) in rounds, both in
each round. Each round gives one paired ratio B / A per figure: whatever the machine
did during that round stretched both sides. The gate looks at the ratios' median and
at a distribution-free lower confidence bound on it: the k-th smallest ratio, k chosen
so that all of k or more ratios fall below the true median by chance with a
probability of at most ``ALPHA`` (the sign test's binomial). A regression fails the
gate only when even that lower bound is above 1 + threshold: larger than the threshold
and larger than the spread of the rounds. A noisy round only ever moves the largest
ratios, which the bound does not look at.

Pure functions of numbers: unit-tested on made-up samples.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .stats import Verdict, median

# One-sided: at most a 5 % chance that noise alone puts the bound above the true ratio.
ALPHA = 0.05
# A test's slowdown is listed only from this many seconds on, and from this share of the
# whole run's wall time: below them, timer resolution and the scheduler decide. On a
# loaded machine a test that runs after a CPU-heavy one can wait longer for a core in
# every round (seen: a 1 ms test listed behind a test that burnt 2 s more), so a few
# milliseconds of a short test are no evidence.
SLOWDOWN_FLOOR = 0.01
SLOWDOWN_SHARE = 0.01


def lower_rank(count: int, alpha: float = ALPHA) -> int:
    """The rank (1 = smallest) of the ratio that bounds their median from below.

    The largest k with P(Binomial(count, 1/2) < k) <= alpha: the chance that k or more
    of ``count`` independent ratios lie below the true median. Never below 1: with fewer
    than 5 rounds even the smallest ratio holds at less than 95 % (``confidence``).
    """
    rank, below = 0, 0.0
    while rank < count:
        below += math.comb(count, rank) / (1 << count)
        if below > alpha:
            break
        rank += 1
    return max(rank, 1)


def confidence(count: int, rank: int) -> float:
    """How sure the rank-th smallest of ``count`` ratios is below the true median."""
    below = sum(math.comb(count, index) for index in range(rank)) / (1 << count)
    return 1.0 - below


@dataclass(frozen=True)
class Bounds:
    """The median of paired ratios and its two-sided order-statistic interval."""

    ratio: float
    low: float
    high: float
    confidence: float  # of each one-sided bound
    rounds: int


def paired_ratios(a: Sequence[float], b: Sequence[float]) -> list[float]:
    """B / A of each round; rounds where A measured nothing are left out."""
    return [new / old for old, new in zip(a, b) if old > 0]


def bounds(a: Sequence[float], b: Sequence[float]) -> Bounds:
    ratios = sorted(paired_ratios(a, b))
    if not ratios:
        raise ValueError("no rounds with a positive A side")
    count = len(ratios)
    rank = lower_rank(count)
    return Bounds(
        ratio=median(ratios),
        low=ratios[rank - 1],
        high=ratios[count - rank],
        confidence=confidence(count, rank),
        rounds=count,
    )


def paired_verdict(
    figure: str, a: Sequence[float], b: Sequence[float], threshold: float
) -> Verdict:
    """Worse when the lower bound is above 1 + threshold, better when the upper bound
    is below 1 / (1 + threshold), the same otherwise."""
    found = bounds(a, b)
    limit = 1.0 + threshold / 100.0
    status = "same"
    if found.low > limit:
        status = "worse"
    elif found.high < 1.0 / limit:
        status = "better"
    base, new = median(a), median(b)
    return Verdict(
        figure=figure,
        base=base,
        new=new,
        change=new - base,
        percent=100.0 * (found.ratio - 1.0),
        spread=base * (found.high - found.low) / 2.0,
        threshold=threshold,
        status=status,
        low=found.low,
        high=found.high,
        confidence=found.confidence,
    )


@dataclass(frozen=True)
class Slowdown:
    """A test that took longer in the working tree in every sense the gate uses."""

    test: str
    base: float  # seconds, median over the rounds, setup + call + teardown
    new: float
    ratio: float  # median of the paired ratios
    low: float  # their lower bound


def slowdown_floor(base_wall: Sequence[float]) -> float:
    """How much slower a test must be to be listed, in runs of ``base_wall`` s."""
    return max(SLOWDOWN_FLOOR, SLOWDOWN_SHARE * median(base_wall))


def slowdowns(
    a_runs: Sequence[Mapping[str, float]],
    b_runs: Sequence[Mapping[str, float]],
    threshold: float,
    floor: float = SLOWDOWN_FLOOR,
) -> list[Slowdown]:
    """Tests slower beyond the spread: the gate's rule on each test's own time, and
    at least ``floor`` seconds slower in every round. Tests missing from a run are
    left out. Largest slowdown first."""
    limit = 1.0 + threshold / 100.0
    rounds = list(zip(a_runs, b_runs))
    if not rounds:
        return []
    common = set(rounds[0][0]).intersection(*(set(a) & set(b) for a, b in rounds))
    found = []
    for test in common:
        a = [old[test] for old, _ in rounds]
        b = [new[test] for _, new in rounds]
        if not any(value > 0 for value in a):
            continue
        paired = bounds(a, b)
        slower = min(new - old for old, new in zip(a, b))
        if paired.low > limit and slower >= floor:
            found.append(Slowdown(test, median(a), median(b), paired.ratio, paired.low))
    found.sort(key=lambda item: (item.base - item.new, item.test))
    return found
