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


#: Issue 10: "no module in the package is longer than about 400 lines". A module that
#: grows past it is split by concern (as deps/ was: requirements, the project's files,
#: the environment and command line).
LONGEST_MODULE = 400


def test_no_module_of_the_package_is_longer_than_the_limit() -> None:
    package = REPO / "src" / "pytest_tuneup"
    modules = [path for path in package.rglob("*.py") if not path.name.startswith("test_")]
    assert len(modules) > 50  # the package, not an empty folder
    lengths = {path.relative_to(package).as_posix(): len(path.read_text().splitlines()) for path in modules}
    assert {name: lines for name, lines in lengths.items() if lines > LONGEST_MODULE} == {}
