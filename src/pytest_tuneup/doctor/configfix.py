"""doctor-fix's edits of the pytest configuration: the event loop settings.

Line edits of the one file pytest reads, so every other byte stays: the fixture loop
scope becomes the session's where the plugin's async ``db_session`` lives on the
session's loop (what the hook suggested at adoption and left to the user), and
``asyncio_debug = true`` is switched off with a comment saying how to switch it on
for a debugging run. The suite's proof decides whether they stay.
"""

from __future__ import annotations

import re

from .config import Config

DEBUG_OFF = (
    "# asyncio_debug: off in normal runs; a debugging run: pytest -o asyncio_debug=true"
)


def loop_scope_applies(config: Config) -> bool:
    """The plugin's async database fixtures, and async fixtures on per-test loops."""
    return (
        str(config.get("tuneup_db_api") or "") == "async"
        and str(config.get("asyncio_default_fixture_loop_scope") or "") == "function"
    )


def debug_on(config: Config) -> bool:
    return str(config.get("asyncio_debug")).strip().lower() in ("true", "1", "yes")


def edited(config: Config) -> str | None:
    """The configuration file's new text; None when there is nothing to change."""
    if config.path is None:
        return None
    lines = config.text.splitlines(keepends=True)
    changed = False
    if loop_scope_applies(config):
        index = config.line_of("asyncio_default_fixture_loop_scope") - 1
        new = re.sub(r"\bfunction\b", "session", lines[index], count=1)
        changed = changed or new != lines[index]
        lines[index] = new
    if debug_on(config):
        index = config.line_of("asyncio_debug") - 1
        if re.match(r"^\s*asyncio_debug\s*[=:]", lines[index]):
            ending = "\n" if lines[index].endswith("\n") else ""
            lines[index] = DEBUG_OFF + ending
            changed = True
    return "".join(lines) if changed else None
