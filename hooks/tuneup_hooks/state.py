"""What the hook applied last time, so a later run can tell the user's edits from its own.

Kept in ``.pytest-tuneup.json`` at the project root, committed with the project: a
``copier update`` on another machine needs it too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import HookError

STATE_FILE = ".pytest-tuneup.json"
_VERSION = 1
_NOTE = (
    "Written by pytest-tuneup's copier task: the pytest settings it applied last, so that"
    " `copier update` changes only what you did not edit. Commit it; do not edit it."
)


def load_state(project: Path) -> dict[str, Any]:
    path = project / STATE_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise HookError(f"{STATE_FILE} is unreadable ({error}); delete it and run again") from None
    return data if isinstance(data, dict) and data.get("version") == _VERSION else {}


def render_state(config_file: str, applied: dict[str, Any]) -> str:
    data = {"version": _VERSION, "note": _NOTE, "config": config_file, "applied": applied}
    return json.dumps(data, indent=2) + "\n"
