"""Broker connections, opened ahead of time and kept alive by a background thread."""

from __future__ import annotations

import socket
import threading
import time
from urllib.parse import urlsplit

from relay.journal import record_start

WARM_UP_SECONDS = 0.2


class ConnectionPool:
    """Keeps up to ``size`` broker connections; a keep-alive thread pings them."""

    def __init__(self, url: str, size: int = 4, runtime_dir: str | None = None) -> None:
        parts = urlsplit(url)
        self.host = parts.hostname or "localhost"
        self.port = parts.port or 5672
        self.size = size
        self._idle: list[socket.socket] = []
        self._stop = threading.Event()
        self._keepalive = threading.Thread(
            target=self._ping_forever, name="relay-pool-keepalive", daemon=True
        )
        self._keepalive.start()
        time.sleep(WARM_UP_SECONDS)  # TLS contexts and DNS caches, as in production
        if runtime_dir is not None:
            record_start(runtime_dir, "pool")

    def acquire(self) -> socket.socket:
        if self._idle:
            return self._idle.pop()
        return socket.create_connection((self.host, self.port), timeout=3)

    def release(self, connection: socket.socket) -> None:
        if len(self._idle) < self.size:
            self._idle.append(connection)
        else:
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._keepalive.join()
        for connection in self._idle:
            connection.close()
        self._idle.clear()

    def _ping_forever(self) -> None:
        while not self._stop.wait(1.0):
            for connection in list(self._idle):
                connection.sendall(b"\x08")
