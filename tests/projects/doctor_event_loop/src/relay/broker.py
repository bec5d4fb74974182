"""Topics and subscribers; messages are delivered in the order they were published."""

from __future__ import annotations

import asyncio
from collections import defaultdict


class Closed(Exception):
    pass


class Broker:
    def __init__(self) -> None:
        self.topics: dict[str, list[list[str]]] = defaultdict(list)
        self.open = False

    async def connect(self) -> None:
        await asyncio.sleep(0)
        self.open = True

    async def close(self) -> None:
        self.open = False

    def subscribe(self, topic: str) -> list[str]:
        inbox: list[str] = []
        self.topics[topic].append(inbox)
        return inbox

    async def publish(self, topic: str, message: str) -> int:
        if not self.open:
            raise Closed(topic)
        for inbox in self.topics[topic]:
            inbox.append(message)
            await asyncio.sleep(0)
        return len(self.topics[topic])
