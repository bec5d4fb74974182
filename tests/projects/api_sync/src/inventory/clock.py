"""The time movements are stamped with; a dependency, so tests can fix it."""

from __future__ import annotations

from datetime import UTC, datetime


def get_clock() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
