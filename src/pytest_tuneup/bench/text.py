"""Numbers as people read them; the lines the terminal and Markdown reports share."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .results import FIGURES, ABResult, Check, RunResult
from .stats import Summary, Verdict

MIB = 1024 * 1024
MEAN_SD = "mean \u00b1 \u03c3"  # mean ± sigma, spelled so that linters see plain ASCII
OUTCOMES = (
    "passed",
    "failed",
    "error",
    "skipped",
    "xfailed",
    "xpassed",
    "deselected",
    "warnings",
)


def seconds(value: float) -> str:
    """Three significant digits: 12.3 s, 1.23 s, 123 ms, 12.3 ms, 1.23 ms."""
    if abs(value) >= 10:
        return f"{value:.1f} s"
    if abs(value) >= 1:
        return f"{value:.2f} s"
    milliseconds = value * 1000
    if abs(milliseconds) >= 100:
        return f"{milliseconds:.0f} ms"
    if abs(milliseconds) >= 10:
        return f"{milliseconds:.1f} ms"
    return f"{milliseconds:.2f} ms"


def size(value: float) -> str:
    return f"{value / MIB:.1f} MiB"


def amount(value: float, unit: str) -> str:
    return seconds(value) if unit == "s" else size(value)


def mean_sd(summary: Summary, unit: str) -> str:
    """Mean and standard deviation in one unit: "2.31 ± 0.04 s"."""
    mean, sigma = summary.mean, summary.stdev
    if unit == "B":
        return f"{mean / MIB:.1f} \u00b1 {sigma / MIB:.1f} MiB"
    if abs(mean) >= 1:
        return f"{mean:.2f} \u00b1 {sigma:.2f} s"
    return f"{mean * 1000:.0f} \u00b1 {sigma * 1000:.0f} ms"


def outcome_text(outcomes: Mapping[str, int]) -> str:
    parts = []
    for name in OUTCOMES:
        count = outcomes.get(name)
        if count:
            singular = name == "warnings" and count == 1
            parts.append(f"{count} {name[:-1] if singular else name}")
    return ", ".join(parts) or "no tests"


def figures_table(summary: Mapping[str, Summary]) -> list[list[str]]:
    rows = [["", "median", MEAN_SD, "min", "max"]]
    for key, label, unit in FIGURES:
        item = summary.get(key)
        if item is not None:
            rows.append(
                [
                    label,
                    amount(item.median, unit),
                    mean_sd(item, unit),
                    amount(item.min, unit),
                    amount(item.max, unit),
                ]
            )
    return rows


def columns(rows: Sequence[Sequence[str]], right: Sequence[bool]) -> list[str]:
    """Rows as aligned columns, two spaces in, three between."""
    widths = [max(len(row[index]) for row in rows) for index in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(width) if align else cell.ljust(width)
            for cell, width, align in zip(row, widths, right)
        ]
        lines.append("  " + "   ".join(cells).rstrip())
    return lines


def header(result: RunResult) -> str:
    plural = "s" if result.warmup != 1 else ""
    outcomes = outcome_text(result.suite.outcomes)
    text = f"{result.runs} runs after {result.warmup} warm-up{plural}, {outcomes}"
    if result.suite.processes > 1:
        text += f", {result.suite.processes} processes"
    return text


LABELS = {"wall": "wall time", "cpu": "CPU time", "rss_tree": "peak memory"}


def verdict_line(verdict: Verdict, bold: bool = False) -> str:
    """One line per figure: "ok", "better" or "WORSE", then the numbers behind it."""
    unit = "B" if verdict.figure == "rss_tree" else "s"
    label = LABELS.get(verdict.figure, verdict.figure)
    status = {"worse": "WORSE", "better": "better", "same": "ok"}[verdict.status]
    status = f"**{status}**" if bold else f"{status:6}"
    change = verdict.change
    sign = "+" if change >= 0 else "-"
    start = (
        f"{status} {label}: {amount(verdict.base, unit)} -> {amount(verdict.new, unit)}"
    )
    if verdict.low is not None and verdict.high is not None:
        # Paired rounds: the median of the ratios B / A decides, not the medians.
        ratio = 1 + verdict.percent / 100
        sure = f"{100 * (verdict.confidence or 0):.0f}%"
        limit = 1 + verdict.threshold / 100
        return (
            f"{start} (ratio x{ratio:.2f}, {sure} bounds x{verdict.low:.2f} to "
            f"x{verdict.high:.2f}; fails when the lower bound is above x{limit:.2f})"
        )
    return (
        f"{start} ({sign}{abs(verdict.percent):.1f}%, "
        f"{sign}{amount(abs(change), unit)}; "
        f"fails above +{verdict.threshold:g}% and beyond the spread of "
        f"{amount(verdict.spread, unit)})"
    )


def slowdown_rows(check: Check) -> list[list[str]]:
    """The tests slower than at the baseline's commit, largest slowdown first."""
    return [
        [
            f"+{seconds(item.new - item.base)}",
            f"{seconds(item.base)} -> {seconds(item.new)}",
            f"x{item.ratio:.2f} (at least x{item.low:.2f})",
            item.test,
        ]
        for item in check.slowdowns
    ]


SLOWDOWNS = (
    "tests slower than at the baseline's commit beyond their spread "
    "(setup + call + teardown, median of the rounds)"
)


def ratio_line(result: ABResult) -> str:
    speed = result.ratio
    a, b = result.a.label, result.b.label
    times = f"{speed.value:.2f} \u00b1 {speed.stdev:.2f} times faster"
    if speed.faster == "b":
        return f"B is {times} than A ({b} vs {a})"
    return f"A is {times} than B ({a} vs {b})"


def ab_cells(result: ABResult, side: str, label: str) -> list[str]:
    """One side's row of the A/B table: wall time and the process tree's peak RSS."""
    summary = (result.a if side == "a" else result.b).summary
    wall, rss = summary["wall"], summary["rss_tree"]
    return [
        label,
        seconds(wall.median),
        mean_sd(wall, "s"),
        seconds(wall.min),
        seconds(wall.max),
        size(rss.median),
    ]
