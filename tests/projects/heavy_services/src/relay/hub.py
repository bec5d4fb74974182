"""Browser WebSocket connections by channel, with a heartbeat thread."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable

from relay.journal import record_start

Send = Callable[[str], None]


class WebSocketHub:
    """Routes messages to the sockets subscribed to a channel."""

    def __init__(self, heartbeat: float = 15.0, runtime_dir: str | None = None) -> None:
        self.heartbeat = heartbeat
        self._channels: defaultdict[str, list[Send]] = defaultdict(list)
        self._stop = threading.Event()
        self._beat = threading.Thread(target=self._beat_forever, name="relay-hub-heartbeat", daemon=True)
        self._beat.start()
        if runtime_dir is not None:
            record_start(runtime_dir, "hub")

    def subscribe(self, channel: str, send: Send) -> None:
        self._channels[channel].append(send)

    def publish(self, channel: str, message: str) -> int:
        """Send ``message`` to every socket on ``channel``; returns how many got it."""
        receivers = list(self._channels.get(channel, ()))
        for send in receivers:
            send(message)
        return len(receivers)

    def close(self) -> None:
        self._stop.set()
        self._beat.join()

    def _beat_forever(self) -> None:
        while not self._stop.wait(self.heartbeat):
            for channel in list(self._channels):
                self.publish(channel, "\u2665")
