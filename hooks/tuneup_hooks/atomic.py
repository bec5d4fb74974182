"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path


def read_text(path: Path) -> str:
    """Read a file keeping its line endings exactly (CRLF stays CRLF)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` through a temporary file and ``os.replace``.

    The file's permission bits survive; line endings are written as given.
    """
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def write_all(writes: Sequence[tuple[Path, str]]) -> None:
    """Write every file or none: when one write fails, the files written before it go back.

    Each file is replaced atomically; a file that did not exist before is removed again.
    """
    done: list[tuple[Path, str | None]] = []
    try:
        for path, text in writes:
            before = read_text(path) if path.is_file() else None
            write_atomic(path, text)
            done.append((path, before))
    except BaseException:
        for path, before in reversed(done):
            if before is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, before)
        raise
