"""Warnings that go with figures: when they are not to be relied on, and why."""

from __future__ import annotations

from collections.abc import Mapping

from .results import Environment
from .stats import Summary

LABELS = (("wall", "wall time"), ("cpu", "CPU time"), ("rss_tree", "peak memory"))


def reliability(
    summary: Mapping[str, Summary], runs: int, load: float, cpus: int
) -> list[str]:
    """A busy machine, too few runs, outliers in the gated figures."""
    warnings = []
    if load > cpus / 2:
        warnings.append(
            f"the machine was busy before the runs (load average {load:.1f} on {cpus} "
            "CPUs): other programs' work stretches the times and their spread, and it "
            "comes and goes; compare figures measured on a quiet machine"
        )
    if runs < 3:
        warnings.append(
            f"{runs} runs are too few to spot outliers; use 5 or more for figures to "
            "rely on"
        )
    for key, label in LABELS:
        count = summary[key].outliers if key in summary else 0
        if count:
            are = "run is an outlier" if count == 1 else "runs are outliers"
            warnings.append(
                f"{count} of {runs} {are} in {label} (further than 10 robust standard "
                "deviations from the median): something else probably used the machine "
                "meanwhile. Run again on a quiet machine, or with more runs"
            )
    return warnings


def machine_warnings(base: Environment, new: Environment) -> list[str]:
    """A baseline from another machine or Python: its times do not compare."""
    warnings = []
    for key in ("cpu", "cpus", "memory", "os"):
        then, now = getattr(base.machine, key), getattr(new.machine, key)
        if then != now:
            warnings.append(
                f"the baseline was measured on another machine ({key}: {then} then, "
                f"{now} now); save one on this machine to compare times"
            )
            break
    if base.python != new.python:
        warnings.append(
            f"the baseline ran on Python {base.python}, this run on {new.python}"
        )
    return warnings
