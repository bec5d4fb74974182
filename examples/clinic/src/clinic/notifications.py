"""Messages to owners (booking confirmations, cancellations), sent in batches.

The SMS provider charges per request, not per message, so the notifier collects what the
API queues for ``batch_seconds`` and sends it as one request. It runs as a background
task for the application's lifetime (see ``clinic.api.lifespan``).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    to: str
    text: str


class Gateway(Protocol):
    async def send_batch(self, messages: list[Message]) -> None: ...


class LogGateway:
    """Writes messages to the log instead of sending them: development and tests."""

    def __init__(self) -> None:
        self.sent: list[Message] = []

    async def send_batch(self, messages: list[Message]) -> None:
        self.sent.extend(messages)
        for message in messages:
            log.info("sms to %s: %s", message.to, message.text)


class Notifier:
    def __init__(self, gateway: Gateway, batch_seconds: float) -> None:
        self.gateway = gateway
        self.batch_seconds = batch_seconds
        self._queue: asyncio.Queue[Message] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def queue(self, to: str | None, text: str) -> None:
        """Queue a message; owners without a phone number are skipped."""
        if to:
            self._queue.put_nowait(Message(to, text))

    async def start(self) -> None:
        if self.running:
            raise RuntimeError("the notifier is already running")
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="clinic-notifier")

    async def stop(self) -> None:
        """Send everything queued, then stop. Nothing queued is lost on shutdown."""
        if self._task is None:
            return
        self._stopping = True
        await self._task
        self._task = None

    async def _run(self) -> None:
        while True:
            batch = await self._collect()
            if batch:
                try:
                    await self.gateway.send_batch(batch)
                except Exception:  # the provider being down must not kill the worker
                    log.exception("sending %d messages failed", len(batch))
            if self._stopping and self._queue.empty():
                return

    async def _collect(self) -> list[Message]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.batch_seconds
        batch: list[Message] = []
        while (remaining := deadline - loop.time()) > 0:
            try:
                batch.append(await asyncio.wait_for(self._queue.get(), remaining))
            except TimeoutError:
                break
        return batch
