"""The start journal: one line per started component, read by our restart alerts."""

from __future__ import annotations

import os
import time
from pathlib import Path

JOURNAL = "relay.starts"


def record_start(runtime_dir: str, component: str) -> None:
    with (Path(runtime_dir) / JOURNAL).open("a") as journal:
        journal.write(f"{component} pid={os.getpid()} at={time.time():.3f}\n")
