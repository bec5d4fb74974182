"""Notifications: validated, recorded, and published on the user's channel."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime

from relay.hub import WebSocketHub
from relay.pool import ConnectionPool
from relay.settings import Settings

MAX_LENGTH = 280


class InvalidNotification(ValueError):
    pass


@dataclass(frozen=True)
class Notification:
    user_id: int
    text: str
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def channel(self) -> str:
        return f"user:{self.user_id}"


class NotificationService:
    def __init__(self, pool: ConnectionPool, hub: WebSocketHub) -> None:
        self.pool = pool
        self.hub = hub
        self.outbox: list[Notification] = []

    def notify(self, user_id: int, text: str) -> Notification:
        text = " ".join(text.split())
        if not text:
            raise InvalidNotification("a notification needs some text")
        if len(text) > MAX_LENGTH:
            raise InvalidNotification(f"{len(text)} characters; at most {MAX_LENGTH} fit")
        notification = Notification(user_id, text)
        self.outbox.append(notification)
        self.hub.publish(notification.channel, notification.text)
        return notification

    def pending_for(self, user_id: int) -> list[Notification]:
        return [n for n in self.outbox if n.user_id == user_id]

    async def deliver_later(self, notification: Notification, delay: float) -> asyncio.Task[None]:
        """Publish ``notification`` again after ``delay`` seconds, as a reminder."""
        return asyncio.get_running_loop().create_task(
            self._remind(notification, delay), name=f"remind-user-{notification.user_id}"
        )

    async def _remind(self, notification: Notification, delay: float) -> None:
        await asyncio.sleep(delay)
        self.hub.publish(notification.channel, f"Reminder: {notification.text}")

    def close(self) -> None:
        self.hub.close()
        self.pool.close()


def create_service(settings: Settings | None = None) -> NotificationService:
    settings = settings or Settings()
    pool = ConnectionPool(settings.broker_url, settings.pool_size, settings.runtime_dir)
    hub = WebSocketHub(settings.heartbeat, settings.runtime_dir)
    return NotificationService(pool, hub)
