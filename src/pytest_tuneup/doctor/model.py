"""A finding: where, what, what it costs, and the fix."""

from __future__ import annotations

from dataclasses import dataclass

NOT_MEASURED = "not measured"


@dataclass
class Finding:
    code: str  # the family, e.g. db-per-test
    path: str  # relative to the project root, with /
    line: int
    what: str
    fix: str
    # The fixture it is about, so a measured cost can be attached (by name and file).
    fixture: str | None = None
    cost: str = NOT_MEASURED

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"
