"""The two ways a benchmark stops early, each with its exit code (see ``cli``)."""

from __future__ import annotations


class UsageError(Exception):
    """Bad arguments or a missing baseline: one line, exit code 2."""


class SuiteFailed(Exception):
    """A run of the suite failed: pytest's summary, exit code 3, nothing recorded."""

    def __init__(self, where: str, exit_code: int, output: str) -> None:
        super().__init__(where)
        self.where, self.exit_code, self.output = where, exit_code, output
