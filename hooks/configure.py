"""Copier task: fit pytest-tuneup's settings and make targets into the project.

Usage (copier runs this from the project folder)::

    python hooks/configure.py --operation copy --answers '{"tests_dir": "tests", ...}'

Prints a short summary; on bad input prints one line, changes nothing, exits 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tuneup_hooks.answers import Answers
from tuneup_hooks.apply import run
from tuneup_hooks.errors import HookError
from tuneup_hooks.rollback import undo_copy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--operation", default="copy", help="copier's _copier_operation: copy, update or recopy")
    parser.add_argument("--answers", required=True, help="the template's answers as a JSON object")
    parser.add_argument("--project", type=Path, default=Path.cwd(), help="project folder (default: here)")
    args = parser.parse_args(argv)
    project = args.project.resolve()
    tests_dir = "tests"
    try:
        answers = Answers.from_mapping(json.loads(args.answers))
        tests_dir = answers.tests_dir
        report = run(project, answers, args.operation)
    except (HookError, ValueError) as error:  # ValueError: the answers are not JSON
        if args.operation == "copy":
            undo_copy(project, tests_dir)
            print(f"pytest-tuneup: {error}; nothing was changed", file=sys.stderr)
        else:
            print(f"pytest-tuneup: {error}; your own files are unchanged", file=sys.stderr)
        return 1
    for line in report.lines():
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
