"""relay: live notifications over WebSockets, with a push fallback."""

from relay.hub import WebSocketHub
from relay.pool import ConnectionPool
from relay.push import PushGateway
from relay.service import Notification, NotificationService, create_service

__all__ = [
    "ConnectionPool",
    "Notification",
    "NotificationService",
    "PushGateway",
    "WebSocketHub",
    "create_service",
]
__version__ = "1.4.0"
