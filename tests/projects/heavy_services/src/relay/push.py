"""The mobile push service's HTTP API."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit


class PushError(Exception):
    pass


class PushGateway:
    def __init__(self, base_url: str, timeout: float = 5.0) -> None:
        parts = urlsplit(base_url)
        self.secure = parts.scheme == "https"
        self.host = parts.hostname or ""
        self.port = parts.port
        self.path = parts.path.rstrip("/")
        self.timeout = timeout

    def send(self, user_id: int, text: str) -> int:
        """POST one notification; returns the HTTP status."""
        connection_type = http.client.HTTPSConnection if self.secure else http.client.HTTPConnection
        connection = connection_type(self.host, self.port, timeout=self.timeout)
        try:
            body = json.dumps({"user": user_id, "text": text})
            connection.request(
                "POST", f"{self.path}/send", body, {"Content-Type": "application/json"}
            )
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        if response.status >= 400:
            raise PushError(f"push service answered {response.status}")
        return response.status
