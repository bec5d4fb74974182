"""A summary for a CI job page ($GITHUB_STEP_SUMMARY) or a pull request comment."""

from __future__ import annotations

from .results import ABResult, RunResult
from .text import (
    MEAN_SD,
    SLOWDOWNS,
    ab_cells,
    figures_table,
    header,
    ratio_line,
    seconds,
    slowdown_rows,
)
from .text import verdict_line as verdict_text


def md(text: str) -> str:
    """Text for a Markdown table cell."""
    return text.replace("|", "\\|")


def ab_markdown(result: ABResult) -> str:
    lines = ["### pytest-tuneup bench: A/B", "", f"**{md(ratio_line(result))}**", ""]
    lines += [
        f"| | median | {MEAN_SD} | min | max | peak RSS |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for side, data in (("a", result.a), ("b", result.b)):
        label = f"{side.upper()}: `{md(data.label)}`"
        lines.append("| " + " | ".join(ab_cells(result, side, label)) + " |")
    lines += ["", f"{result.runs} interleaved rounds after a warm-up of each."]
    lines += [f"> **Warning:** {md(warning)}" for warning in result.warnings]
    return "\n".join(lines) + "\n"


def run_markdown(result: RunResult, top: int) -> str:
    environment = result.environment
    commit = (environment.commit or "no commit")[:12]
    lines = ["### pytest-tuneup bench", ""]
    check = result.check
    if check is not None:
        outcome = "Passed" if check.passed else "Failed"
        base_commit = (check.baseline_commit or "?")[:12]
        lines += [
            (
                f"**{outcome}**: compared with the baseline of "
                f"{check.baseline_created[:10]} (commit {base_commit})"
            ),
            "",
        ]
        if check.note:
            lines += [md(check.note[:1].upper() + check.note[1:]) + ".", ""]
        lines += [f"- {md(verdict_text(item, bold=True))}" for item in check.verdicts]
        rows = slowdown_rows(check)[:top]
        if rows:
            slow = ["| slower by | time | ratio | test |", "|---:|---:|---|---|"]
            slow += [
                f"| {md(slower)} | {md(times)} | {md(ratio)} | `{md(test)}` |"
                for slower, times, ratio, test in rows
            ]
            lines += details(SLOWDOWNS[:1].upper() + SLOWDOWNS[1:], slow)
        lines.append("")
    python = environment.python
    lines += [f"{header(result)} \u00b7 commit `{commit}` \u00b7 Python {python}", ""]
    table = figures_table(result.summary)
    lines += [f"| | median | {MEAN_SD} | min | max |", "|---|---:|---:|---:|---:|"]
    lines += ["| " + " | ".join(md(cell) for cell in row) + " |" for row in table[1:]]
    lines += [f"\n> **Warning:** {md(warning)}" for warning in result.warnings]
    lines += where_the_time_goes(result, top)
    return "\n".join(lines) + "\n"


def details(summary: str, table: list[str]) -> list[str]:
    return ["", f"<details><summary>{summary}</summary>", "", *table, "", "</details>"]


def where_the_time_goes(result: RunResult, top: int) -> list[str]:
    suite = result.suite
    lines: list[str] = []
    if suite.slowest:
        rows = ["| time | phase | test |", "|---:|---|---|"]
        rows += [
            f"| {seconds(item.seconds)} | {item.phase} | `{md(item.test)}` |"
            for item in suite.slowest[:top]
        ]
        lines += details("Slowest setups, calls and teardowns", rows)
    if suite.fixtures:
        rows = [
            "| total | uses | fixture | scope | setup | teardown |",
            "|---:|---:|---|---|---:|---:|",
        ]
        rows += [
            f"| {seconds(item.total)} | {item.count} | `{md(item.fixture)}` "
            f"| {item.scope} | {seconds(item.setup)} | {seconds(item.teardown)} |"
            for item in suite.fixtures[:top]
        ]
        lines += details("Fixtures that cost most in total", rows)
    if suite.imports is not None and suite.imports.top:
        rows = ["| cumulative | module | imported by |", "|---:|---|---|"]
        rows += [
            f"| {seconds(item.cumulative)} | `{md(item.module)}` "
            f"| {md(item.imported_by or '')} |"
            for item in suite.imports.top[:top]
        ]
        lines += details("Heaviest imports by your conftests and tests", rows)
    if suite.duplicates:
        lines += ["", f"**Files imported twice:** {len(suite.duplicates)}", ""]
        lines += [
            f"- `{md(item.file)}` as {', '.join(item.names)}"
            for item in suite.duplicates[:top]
        ]
    return lines
