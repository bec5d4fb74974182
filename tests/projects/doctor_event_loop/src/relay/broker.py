"""Topics and subscribers; messages are delivered in the order they were published.

Publishing talks to the broker as a client talks to a real message broker: over a
connection (one end of a socket pair; the broker's side answers on the other), one
connection per publish so that it works from whichever event loop the caller runs
on. The client writes a line and waits for the acknowledgement, which says how many
subscribers got the message.
"""

from __future__ import annotations

import asyncio
import socket
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
        client, server = socket.socketpair()
        reader, writer = await asyncio.open_connection(sock=client)
        serving = asyncio.create_task(self._serve(server))
        writer.write(f"{topic}\t{message}\n".encode())
        await writer.drain()
        acknowledgement = await reader.readline()
        writer.close()
        await writer.wait_closed()
        await serving
        return int(acknowledgement)

    async def _serve(self, sock: socket.socket) -> None:
        reader, writer = await asyncio.open_connection(sock=sock)
        while line := await reader.readline():
            topic, message = line.decode().rstrip("\n").split("\t", 1)
            inboxes = self.topics[topic]
            for inbox in inboxes:
                inbox.append(message)
            writer.write(f"{len(inboxes)}\n".encode())
            await writer.drain()
        writer.close()
        await writer.wait_closed()
