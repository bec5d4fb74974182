"""The reports for a person at a terminal."""

from __future__ import annotations

import shlex

from .results import ABResult, RunResult
from .text import (
    MEAN_SD,
    SLOWDOWNS,
    ab_cells,
    columns,
    figures_table,
    header,
    ratio_line,
    seconds,
    slowdown_rows,
    verdict_line,
)


def terminal(result: RunResult, top: int) -> str:
    """A run: figures, warnings, then where the time goes."""
    suite = result.suite
    lines = [f"pytest-tuneup bench: {header(result)}", "  " + shlex.join(suite.command)]
    lines.append("")
    lines += columns(figures_table(result.summary), [False, True, True, True, True])
    for warning in result.warnings:
        lines += ["", f"warning: {warning}"]
    if suite.slowest:
        median_of = f"median of {result.runs} runs"
        lines += ["", f"slowest setups, calls and teardowns ({median_of})"]
        rows = [
            [seconds(item.seconds), item.phase, item.test]
            for item in suite.slowest[:top]
        ]
        lines += columns(rows, [True, False, False])
    if suite.fixtures:
        what = "own setup + teardown, all uses, median"
        lines += ["", f"fixtures that cost most in total ({what})"]
        rows = [
            [
                seconds(item.total),
                f"{item.count}x",
                item.fixture,
                f"{item.scope}, {item.module or '?'}",
                f"setup {seconds(item.setup)}, teardown {seconds(item.teardown)}",
            ]
            for item in suite.fixtures[:top]
        ]
        lines += columns(rows, [True, True, False, False, False])
    lines += imports_lines(result, top)
    duplicates = suite.duplicates
    lines += [
        "",
        f"modules loaded: {suite.modules}; files imported twice: {len(duplicates)}",
    ]
    for item in duplicates[:top]:
        lines.append(f"  {item.file}: as {', '.join(item.names)}")
    return "\n".join(lines)


def imports_lines(result: RunResult, top: int) -> list[str]:
    imports = result.suite.imports
    if imports is None:
        return []
    how = f"-X importtime, cumulative, top {top}"
    lines = ["", f"heaviest imports by your conftests and tests ({how})"]
    rows = [
        [
            seconds(item.cumulative),
            item.module,
            f"imported by {item.imported_by}" if item.imported_by else "",
        ]
        for item in imports.top[:top]
    ]
    if rows:
        lines += columns(rows, [True, False, False])
    else:
        lines.append("  none outside the standard library")
    lines.append(
        f"  all imports: {seconds(imports.collection)} by conftests and collection, "
        f"{seconds(imports.startup)} before them (pytest and its plugins)"
    )
    return lines


def verdict_lines(result: RunResult, top: int = 10) -> list[str]:
    """A check: what it compared with, a line per gated figure, the slower tests."""
    check = result.check
    if check is None:
        return []
    lines = [f"bench-check: {check.note}"] if check.note else []
    lines += [verdict_line(verdict) for verdict in check.verdicts]
    if check.mode != "commit":
        return lines
    rows = slowdown_rows(check)[:top]
    if rows:
        lines += ["", SLOWDOWNS]
        lines += columns(rows, [True, True, False, False])
    else:
        none = "no test is slower than at the baseline's commit beyond its spread"
        lines += ["", none]
    return lines


def ab_terminal(result: ABResult) -> str:
    rows = [["", "median", MEAN_SD, "min", "max", "peak RSS"]]
    rows.append(ab_cells(result, "a", f"A: {result.a.label}"))
    rows.append(ab_cells(result, "b", f"B: {result.b.label}"))
    rounds = f"{result.runs} interleaved rounds (A B A B ...)"
    lines = [f"pytest-tuneup bench A/B: {rounds}"]
    lines += columns(rows, [False, True, True, True, True, True])
    lines += ["", ratio_line(result)]
    lines += [f"warning: {warning}" for warning in result.warnings]
    return "\n".join(lines)
