"""The findings in the terminal, and as JSON."""

from __future__ import annotations

import textwrap
from typing import Any

from .model import Finding

WIDTH = 88


def wrapped(label: str, text: str) -> list[str]:
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=f"    {label:<5} ",
        subsequent_indent=" " * 10,
        break_on_hyphens=False,
    )


def terminal(findings: list[Finding], costs: str) -> str:
    if not findings:
        return f"doctor: nothing found that makes the suite slow (costs: {costs})."
    lines = [f"doctor: {len(findings)} finding(s); costs: {costs}", ""]
    for finding in findings:
        lines.append(f"{finding.where}: [{finding.code}]")
        lines += wrapped("what", finding.what)
        lines += wrapped("cost", finding.cost)
        lines += wrapped("fix", finding.fix)
        lines.append("")
    return "\n".join(lines).rstrip()


def as_json(findings: list[Finding]) -> list[dict[str, Any]]:
    return [
        {
            "code": item.code,
            "path": item.path,
            "line": item.line,
            "what": item.what,
            "cost": item.cost,
            "fix": item.fix,
            "fixture": item.fixture,
        }
        for item in findings
    ]
