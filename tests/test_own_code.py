"""pytest-tuneup's own code meets the bar it sets: ruff-clean, formatted, strictly typed hooks."""

from __future__ import annotations

import subprocess
import sys

from tuneup_testing import REPO


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True)


def test_ruff_lint_and_format() -> None:
    lint = run("ruff", "check", "--no-cache", ".")
    assert lint.returncode == 0, lint.stdout
    formatted = run("ruff", "format", "--no-cache", "--check", ".")
    assert formatted.returncode == 0, formatted.stdout


def test_hooks_are_strictly_typed() -> None:
    typed = run("mypy", "--no-incremental", "--cache-dir=/dev/null")  # files and strictness: pyproject.toml
    assert typed.returncode == 0, typed.stdout
