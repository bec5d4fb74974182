"""The table make tune prints: median ± spread, CPU, the ratio to today's, verdict."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..bench.stats import median, stdev
from .decide import Speedup


@dataclass(frozen=True)
class Row:
    label: str
    wall: Sequence[float]
    cpu: Sequence[float]
    ratio: Speedup | None  # today's time / this one's
    verdict: str


def seconds(values: Sequence[float], spread: bool) -> str:
    if not values:
        return "-"
    text = f"{median(values):.2f} s"
    return f"{text} ± {stdev(values):.2f}" if spread else text


def table(rows: Sequence[Row]) -> str:
    head = ("configuration", "wall (median ± sd)", "CPU", "vs today", "")
    cells = [
        (
            row.label,
            seconds(row.wall, spread=True),
            seconds(row.cpu, spread=False),
            row.ratio.text() if row.ratio else "-",
            row.verdict,
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in [head, *cells]) for i in range(4)]
    lines = []
    for line in [head, *cells]:
        padded = [text.ljust(widths[i]) for i, text in enumerate(line[:4])]
        lines.append(("  " + "  ".join(padded) + "  " + line[4]).rstrip())
    return "\n".join(lines)
