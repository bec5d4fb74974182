"""Copier task: fit pytest-tuneup's settings and make targets into the project.

Usage (copier runs this from the project folder)::

    python hooks/configure.py --operation copy --answers '{"tests_dir": "tests", ...}'

Prints a short summary. On any failure, whatever its cause, prints one line, leaves the
project as it was (a copy's rendered files removed again) and exits 1.

    python hooks/configure.py --check-conflicts

runs as copier's post-update migration: copier merges the user's edits into the rendered
files only after the tasks ran, so this is the first moment conflict markers can be seen.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tuneup_hooks.adopt import prepare
from tuneup_hooks.answers import Answers
from tuneup_hooks.apply import is_temporary_copy, run
from tuneup_hooks.ci import ci_notes
from tuneup_hooks.errors import HookError
from tuneup_hooks.rollback import undo_copy

CONFLICT_MARKER = "<<<<<<< "


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--operation", default="copy", help="copier's _copier_operation: copy, update or recopy")
    parser.add_argument("--answers", help="the template's answers as a JSON object")
    parser.add_argument("--project", type=Path, default=Path.cwd(), help="project folder (default: here)")
    parser.add_argument(
        "--check-conflicts", action="store_true", help="after copier update: fail when conflict markers were left"
    )
    args = parser.parse_args(argv)
    project = args.project.resolve()
    if args.check_conflicts:
        return check_conflicts(project)
    if args.answers is None:
        parser.error("--answers is required")
    tests_dir = "tests"
    ci = "none"  # which CI files this copy rendered, for undo_copy
    lines: list[str] = []
    try:
        raw = json.loads(args.answers)
        if not isinstance(raw, dict):
            raise HookError("--answers must be a JSON object")
        ci = str(raw.get("ci", "none"))
        if is_temporary_copy(project, args.operation):
            return 0  # copier's scratch copy during an update: nothing of the user's is there
        given = Answers.from_mapping(raw)
        tests_dir = given.tests_dir
        prepared = prepare(project, raw, given)
        lines += prepared.lines()
        report = run(project, prepared.answers, args.operation, prepared.env)
        notes = ci_notes(project, prepared.answers, args.operation)
    except (Exception, KeyboardInterrupt) as error:
        # Whatever went wrong, nothing stays half done: run() writes all files or none,
        # and a copy's rendered files go again.
        if isinstance(error, (HookError, json.JSONDecodeError)):
            message = str(error)
        else:
            text = " ".join(str(error).split())
            message = f"unexpected {type(error).__name__}: {text} (a bug in pytest-tuneup: please report this)"
        if args.operation == "copy":
            undo_copy(project, tests_dir, ci)
            print(f"pytest-tuneup: {message}; nothing was changed", file=sys.stderr)
        else:
            print(f"pytest-tuneup: {message}; your own files are unchanged", file=sys.stderr)
        return 1
    for line in [*lines, *report.lines(), *notes]:
        print(line)
    return 0


def check_conflicts(project: Path) -> int:
    """One line and exit 1 when the update left conflict markers; 0 otherwise."""
    if is_temporary_copy(project, "update"):
        return 0
    conflicted = files_with_conflicts(project)
    if not conflicted:
        return 0
    print(
        f"pytest-tuneup: the update left conflict markers ({CONFLICT_MARKER.strip()}) in {', '.join(conflicted)};"
        " merge each by hand, then commit",
        file=sys.stderr,
    )
    return 1


def files_with_conflicts(project: Path) -> list[str]:
    """Files changed since the last commit that hold a line starting with ``<<<<<<< ``.

    ``copier update`` needs a clean repository, so every changed file is one copier touched.
    """
    status = subprocess.run(
        ["git", "status", "--porcelain", "-z", "--untracked-files=all"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    names = [entry[3:] for entry in status.split("\0") if len(entry) > 3 and entry[0] != "D" and entry[1] != "D"]
    found = []
    for name in names:
        path = project / name
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue  # a folder, a binary file: copier writes no markers there
        if any(line.startswith(CONFLICT_MARKER) for line in lines):
            found.append(name)
    return sorted(found)


if __name__ == "__main__":
    sys.exit(main())
