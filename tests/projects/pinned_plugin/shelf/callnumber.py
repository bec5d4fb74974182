"""Dewey-style call numbers: a class number and the author's cutter, e.g. ``523.1 HAW``."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PATTERN = re.compile(r"^(?P<number>\d{3}(?:\.\d+)?)\s+(?P<cutter>[A-Z]{3})$")


@dataclass(frozen=True, order=True)
class CallNumber:
    number: float
    cutter: str

    @classmethod
    def parse(cls, text: str) -> CallNumber:
        match = _PATTERN.match(text.strip())
        if not match:
            raise ValueError(f"not a call number: {text!r}")
        return cls(float(match["number"]), match["cutter"])

    @property
    def hundreds(self) -> int:
        return int(self.number // 100) * 100
