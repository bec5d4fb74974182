"""Dependencies the routes share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from clinic.config import Settings
from clinic.db import get_session
from clinic.notifications import Notifier

Clock = Callable[[], dt.datetime]


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_clock(settings: Annotated[Settings, Depends(get_settings)]) -> Clock:
    """The clinic's local time, naive, like every time in the database."""
    return lambda: dt.datetime.now(settings.timezone).replace(tzinfo=None, microsecond=0)


def get_notifier(request: Request) -> Notifier:
    notifier: Notifier = request.app.state.notifier
    return notifier


SessionDep = Annotated[AsyncSession, Depends(get_session)]
ClockDep = Annotated[Clock, Depends(get_clock)]
NotifierDep = Annotated[Notifier, Depends(get_notifier)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
