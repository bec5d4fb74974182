"""The suite's node ids (a --collect-only run), and the durations file's update."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..bench.errors import SuiteFailed
from ..bench.suite import PACKAGE_PARENT, no_coverage
from . import durations
from .protocol import OUT_ENV, PLUGIN


def collect(pytest: Sequence[str], extra: Sequence[str]) -> list[str]:
    """The node ids pytest selects with ``extra``; SuiteFailed if collection fails."""
    with tempfile.TemporaryDirectory(prefix="tuneup-shards-") as scratch:
        out = Path(scratch) / "collected.txt"
        # The plugin must be importable whatever the project's pythonpath says.
        parts = [str(PACKAGE_PARENT), os.environ.get("PYTHONPATH", "")]
        env = {
            **os.environ,
            OUT_ENV: str(out),
            "PYTHONPATH": os.pathsep.join(filter(None, parts)),
        }
        options = ["--collect-only", "-q", "-p", PLUGIN, *no_coverage()]
        done = subprocess.run(
            [*pytest, *options, *extra],
            env=env,
            capture_output=True,
            text=True,
            errors="replace",
            check=False,
        )
        # 5: no tests collected, an empty suite (or selection), not a failure.
        if done.returncode not in (0, 5) or not out.exists():
            raise SuiteFailed("collection", done.returncode, done.stdout + done.stderr)
        return out.read_text().splitlines()


def update(path: Path, measured: Mapping[str, float], pytest: Sequence[str]) -> str:
    """Merge a measurement into the durations file; the line that says what changed.

    The suite is what pytest collects with no arguments (the project's testpaths): a
    measurement of a selection (``-k``) keeps the other tests' entries.
    """
    old = durations.load(path)
    merged = durations.merge(old, measured, set(collect(pytest, [])))
    durations.write(path, merged.durations)
    return (
        f"durations: wrote {path}: {len(merged.durations)} tests ({merged.added} new,"
        f" {merged.updated} measured again, {merged.kept} kept from before,"
        f" {merged.dropped} no longer in the suite dropped)"
    )
