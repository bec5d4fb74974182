"""``make test-changed``: say what changed and why, then run pytest on the selection.

    python -m pytest_tuneup.changed --tests tests --pytest 'python -m pytest'
        [--base REF] [--workers N] --pytest-args ARGS...

Exit status: pytest's; 0 without anything to run; 4 with one line when git cannot
say what changed.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from . import schema
from .changes import GitError, changed_files
from .select import Selection, select

PREFIX = "test-changed:"
#: Shown per changed file before "and N more".
SHOWN = 10


def parser() -> argparse.ArgumentParser:
    parse = argparse.ArgumentParser(
        prog="python -m pytest_tuneup.changed",
        description="Run only the tests the working tree's changes affect.",
    )
    parse.add_argument("--tests", default="tests", help="the tests folder")
    parse.add_argument("--pytest", default=f"{sys.executable} -m pytest")
    parse.add_argument("--base", default="", help="compare with this ref, not HEAD")
    parse.add_argument("--workers", default="", help="run on pytest-xdist workers")
    parse.add_argument(
        "--dry-run", action="store_true", help="say what would run; run nothing"
    )
    parse.add_argument("--pytest-args", nargs=argparse.REMAINDER, default=[])
    return parse


def explain(selection: Selection) -> list[str]:
    """What changed and why these tests run, one line each."""
    changed = selection.changes.files
    against = selection.changes.against
    if not changed:
        return [f"{PREFIX} no change against {against}: nothing to run"]
    lines = [f"{PREFIX} {len(changed)} changed against {against}: {_some(changed)}"]
    if selection.whole:
        lines.append(f"{PREFIX} the whole suite, because:")
        lines += [f"  - {reason}" for reason in selection.whole]
        return lines
    if selection.schema_unchanged:
        unchanged = _some(selection.schema_unchanged)
        lines.append(f"{PREFIX} the schema's fingerprint is unchanged by {unchanged}")
    for path, tests in sorted(selection.because.items()):
        lines.append(f"{PREFIX} {path} -> {_some(tests)}")
    if selection.unreached:
        lines.append(f"{PREFIX} no test imports {_some(selection.unreached)}")
    count = len(selection.tests)
    if not count:
        lines.append(f"{PREFIX} no test is affected: nothing to run")
    else:
        lines.append(f"{PREFIX} {count} test module{'s' if count != 1 else ''}")
    return lines


def _some(items: Sequence[str]) -> str:
    shown = ", ".join(items[:SHOWN])
    return shown + (f" and {len(items) - SHOWN} more" if len(items) > SHOWN else "")


def command(options: argparse.Namespace, selection: Selection) -> list[str]:
    workers = ["-n", options.workers] if options.workers.strip() else []
    chosen = [] if selection.whole else selection.tests
    return [
        *shlex.split(options.pytest),
        "-p",
        "pytest_tuneup.changed.report",
        *workers,
        *options.pytest_args,
        *chosen,
    ]


def main(argv: Sequence[str] | None = None, cwd: Path | None = None) -> int:
    options = parser().parse_args(argv)
    root = cwd or Path.cwd()
    try:
        changes = changed_files(root, options.base or "HEAD")
    except GitError as error:
        print(f"{PREFIX} cannot tell what changed: {error}", file=sys.stderr)
        return 4
    selection = select(
        root,
        changes,
        options.tests,
        lambda: schema.changed(root, changes.base, options.pytest),
    )
    for line in explain(selection):
        print(line, flush=True)
    if not selection.whole and not selection.tests:
        return 0
    run = command(options, selection)
    print(f"{PREFIX} {shlex.join(run)}", flush=True)
    if options.dry_run:
        return 0
    return subprocess.run(run, cwd=root, check=False).returncode
