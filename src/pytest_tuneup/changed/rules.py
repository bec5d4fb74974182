"""The changes that can affect every test: then the whole suite runs.

One rule per kind of file, each with the reason it prints. A file no rule names is
either documentation (ignored), Python (the import graph decides) or something no
import reaches, such as a data file or the Makefile (the whole suite: nothing tells
which tests read it).
"""

from __future__ import annotations

import fnmatch
import sys
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest itself depends on tomli below 3.11
    import tomli as tomllib

#: pytest's configuration files, and ones that hold install requirements.
CONFIG_FILES = frozenset(
    {"pytest.ini", ".pytest.ini", "pytest.toml", ".pytest.toml", "tox.ini", "setup.cfg"}
)
#: What pins or declares the environment the tests run in.
LOCK_PATTERNS = (
    "uv.lock",
    "poetry.lock",
    "pdm.lock",
    "Pipfile",
    "Pipfile.lock",
    "pylock.toml",
    "pylock.*.toml",
    "requirements*.txt",
    "requirements/*.txt",
    "requirements*.in",
    "constraints*.txt",
    "setup.py",
)
#: Files that never change what a test does.
DOC_SUFFIXES = frozenset({".md", ".rst", ".adoc", ".png", ".jpg", ".svg"})
DOC_NAMES = frozenset(
    {"LICENSE", "LICENSE.txt", "COPYING", "AUTHORS", ".gitignore", ".editorconfig"}
)
DOC_FOLDERS = ("docs/", ".github/")
#: pyproject.toml tables that do not reach the tests (formatters, linters, metadata).
PYPROJECT_HARMLESS = frozenset(
    {
        "project.version",
        "project.description",
        "project.readme",
        "project.authors",
        "project.maintainers",
        "project.urls",
        "project.keywords",
        "project.classifiers",
        "project.license",
        "tool.ruff",
        "tool.black",
        "tool.isort",
        "tool.mypy",
        "tool.pyright",
        "tool.pylint",
        "tool.codespell",
        "tool.bumpversion",
        "tool.commitizen",
        "tool.towncrier",
        "tool.repo-review",
    }
)


def is_doc(path: str) -> bool:
    pure = PurePosixPath(path)
    return (
        pure.suffix.lower() in DOC_SUFFIXES
        or pure.name in DOC_NAMES
        or path.startswith(DOC_FOLDERS)
        or pure.name.startswith(".copier-answers")
    )


def whole_suite_reason(path: str, tuneup_dir: str) -> str | None:
    """Why a change to ``path`` alone forces the whole suite (None: it does not)."""
    pure = PurePosixPath(path)
    if pure.name == "conftest.py":
        return f"{path} is a conftest: its fixtures and hooks reach every test below it"
    if path.startswith(tuneup_dir.rstrip("/") + "/"):
        return f"{path} is pytest-tuneup's own plugin code: it runs in every test"
    if pure.name in CONFIG_FILES:
        return f"{path} holds pytest's configuration or the install requirements"
    if any(fnmatch.fnmatch(path, pattern) for pattern in LOCK_PATTERNS):
        return f"{path} pins the test environment's packages"
    return None


def pyproject_reason(old: str | None, new: str | None) -> str | None:
    """Why a change to pyproject.toml forces the whole suite: any table but the
    harmless ones changed (the pytest configuration, the dependencies, ...)."""
    before, after = _toml(old), _toml(new)
    if before is None or after is None:
        return "pyproject.toml was added, removed or does not parse"
    changed = sorted(set(_differences(before, after)) - PYPROJECT_HARMLESS)
    if not changed:
        return None
    return f"pyproject.toml changed [{', '.join(changed)}]"


def _toml(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


def _differences(before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterable[str]:
    """The tables that differ, named to the second level (``tool.pytest``,
    ``project.dependencies``)."""
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if (
            key in ("tool", "project")
            and isinstance(old, dict)
            and isinstance(new, dict)
        ):
            for sub in sorted(set(old) | set(new)):
                if old.get(sub) != new.get(sub):
                    yield f"{key}.{sub}"
        else:
            yield key
