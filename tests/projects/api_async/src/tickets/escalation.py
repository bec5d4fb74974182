"""Raise the priority of tickets that stay open, in the background."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tickets.models import Ticket

log = logging.getLogger(__name__)

TASK_NAME = "ticket-escalator"


class Escalator:
    """Every ``every`` seconds, open tickets of normal priority become high priority."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], every: float = 900.0) -> None:
        self.sessions = sessions
        self.every = every
        self.task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done()

    def start(self) -> None:
        self.task = asyncio.get_running_loop().create_task(self._run(), name=TASK_NAME)

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            try:
                await self.task
            except asyncio.CancelledError:
                pass
            self.task = None

    async def escalate_once(self) -> int:
        async with self.sessions() as session:
            result = await session.execute(
                update(Ticket)
                .where(Ticket.closed.is_(False), Ticket.priority == "normal")
                .values(priority="high")
            )
            await session.commit()
            return result.rowcount

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.every)
            log.info("escalated %d tickets", await self.escalate_once())
