"""Configuration from the environment, read once at import like the rest of our services."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field

#: production, staging or test; decides which broker and push service we talk to.
ENVIRONMENT = os.environ.get("RELAY_ENV", "production")


@dataclass(frozen=True)
class Settings:
    broker_url: str = field(
        default_factory=lambda: os.environ.get("RELAY_BROKER_URL", "amqp://relay@broker.internal:5672/")
    )
    push_url: str = field(
        default_factory=lambda: os.environ.get("RELAY_PUSH_URL", "https://push.example.com/v1")
    )
    pool_size: int = field(default_factory=lambda: int(os.environ.get("RELAY_POOL_SIZE", "4")))
    heartbeat: float = 15.0
    runtime_dir: str = field(
        default_factory=lambda: os.environ.get("RELAY_RUNTIME_DIR", tempfile.gettempdir())
    )
