"""Settings from the environment (CLINIC_*), read once at start-up."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo


def _float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


@dataclass(frozen=True)
class Settings:
    database_url: str = field(
        default_factory=lambda: os.environ.get("CLINIC_DATABASE_URL", "sqlite+aiosqlite:///./clinic.db")
    )
    timezone: ZoneInfo = field(
        default_factory=lambda: ZoneInfo(os.environ.get("CLINIC_TIMEZONE", "Europe/London"))
    )
    #: How long the notifier collects messages before it sends them as one batch.
    notify_batch_seconds: float = field(default_factory=lambda: _float("CLINIC_NOTIFY_BATCH_SECONDS", 2.0))
    #: Cancelling less than this long before the start costs a late-cancellation fee.
    late_cancellation: dt.timedelta = dt.timedelta(hours=24)
    #: How far ahead the front desk may book.
    booking_horizon: dt.timedelta = dt.timedelta(days=90)


def get_settings() -> Settings:
    return Settings()
