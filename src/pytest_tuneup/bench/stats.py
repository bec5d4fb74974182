"""Summaries of samples, hyperfine's outlier rule, baseline verdicts and A/B ratios.

Pure functions of numbers: unit-tested against values worked out by hand.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# hyperfine's rule (src/outlier_detection.rs): a sample is an outlier when its distance
# from the median, in units of the median absolute deviation (MAD), exceeds 1.4826 * 10.
# 1.4826 * MAD estimates the standard deviation of normal data, so that is "further
# than ten standard deviations", judged by statistics that outliers do not move.
OUTLIER_THRESHOLD = 1.4826 * 10.0
# A MAD of 0 (most samples equal) counts as the smallest float step, so that anything
# off the median is an outlier instead of a division by zero.
EPSILON = 2.220446049250313e-16


@dataclass(frozen=True)
class Summary:
    """Median, mean, sample standard deviation, extremes and outliers of samples."""

    count: int
    median: float
    mean: float
    stdev: float
    min: float
    max: float
    outliers: int

    def as_dict(self) -> dict[str, float]:
        return {
            "count": self.count,
            "median": self.median,
            "mean": self.mean,
            "stdev": self.stdev,
            "min": self.min,
            "max": self.max,
            "outliers": self.outliers,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, float]) -> Summary:
        return cls(
            count=int(data["count"]),
            median=float(data["median"]),
            mean=float(data["mean"]),
            stdev=float(data["stdev"]),
            min=float(data["min"]),
            max=float(data["max"]),
            outliers=int(data["outliers"]),
        )


def median(values: Sequence[float]) -> float:
    if not values:
        raise ValueError("median of no values")
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def mean(values: Sequence[float]) -> float:
    if not values:
        raise ValueError("mean of no values")
    return math.fsum(values) / len(values)


def stdev(values: Sequence[float]) -> float:
    """Sample standard deviation (n - 1 in the denominator); 0 for fewer than two."""
    if len(values) < 2:
        return 0.0
    centre = mean(values)
    squares = math.fsum((value - centre) ** 2 for value in values)
    return math.sqrt(squares / (len(values) - 1))


def mad(values: Sequence[float]) -> float:
    """Median absolute deviation from the median (unscaled)."""
    centre = median(values)
    return median([abs(value - centre) for value in values])


def modified_zscores(values: Sequence[float]) -> list[float]:
    """(x - median) / MAD for each value."""
    centre = median(values)
    spread = mad(values) or EPSILON
    return [(value - centre) / spread for value in values]


def outliers(values: Sequence[float]) -> list[int]:
    """Indexes of the values hyperfine would call outliers; none among fewer than 3."""
    if len(values) < 3:
        return []
    scores = modified_zscores(values)
    return [
        index for index, score in enumerate(scores) if abs(score) > OUTLIER_THRESHOLD
    ]


def summarize(values: Sequence[float]) -> Summary:
    return Summary(
        count=len(values),
        median=median(values),
        mean=mean(values),
        stdev=stdev(values),
        min=min(values),
        max=max(values),
        outliers=len(outliers(values)),
    )


def summaries(samples: Mapping[str, Sequence[float]]) -> dict[str, Summary]:
    return {key: summarize(values) for key, values in samples.items() if values}


@dataclass(frozen=True)
class Verdict:
    """How one figure of a new run compares with the baseline's.

    ``status`` is "worse", "better" or "same". A change counts only when it is larger
    than the threshold (percent of the baseline's median) *and* larger than the runs'
    spread, the two standard deviations combined: noise alone moves the median by less.
    Against the baseline's commit run interleaved (``gate``), ``low`` and ``high``
    bound the median of the paired ratios at ``confidence`` and decide instead.
    """

    figure: str
    base: float
    new: float
    change: float  # new - base
    percent: float  # change in percent of base
    spread: float
    threshold: float
    status: str
    low: float | None = None
    high: float | None = None
    confidence: float | None = None

    def as_dict(self) -> dict[str, object]:
        paired = {"low": self.low, "high": self.high, "confidence": self.confidence}
        return {
            "figure": self.figure,
            "base": self.base,
            "new": self.new,
            "change": self.change,
            "percent": self.percent,
            "spread": self.spread,
            "threshold": self.threshold,
            "status": self.status,
            **({} if self.low is None else paired),
        }


def compare(figure: str, base: Summary, new: Summary, threshold: float) -> Verdict:
    change = new.median - base.median
    percent = 100.0 * change / base.median if base.median else 0.0
    spread = math.hypot(base.stdev, new.stdev)
    status = "same"
    if abs(change) > spread and abs(percent) > threshold:
        status = "worse" if change > 0 else "better"
    return Verdict(
        figure, base.median, new.median, change, percent, spread, threshold, status
    )


def ratio(slow: Summary, fast: Summary) -> tuple[float, float]:
    """How many times faster ``fast`` is than ``slow``, with its standard deviation.

    hyperfine's formula: the ratio of the means, its relative uncertainty the relative
    standard deviations of both added in quadrature.
    """
    if fast.mean <= 0 or slow.mean <= 0:
        raise ValueError("ratio of non-positive means")
    value = slow.mean / fast.mean
    relative = math.hypot(slow.stdev / slow.mean, fast.stdev / fast.mean)
    return value, value * relative
