"""The project's Python source files, parsed with ``ast``: never imported, never executed."""

from __future__ import annotations

import ast
import warnings
from collections.abc import Iterator
from pathlib import Path

from .project import _SKIP_DIRS

#: Folders whose Python files are not the project's application code.
_NOT_CODE = frozenset({"migrations", "alembic", "node_modules"})


def python_files(folder: Path, project: Path, skip: frozenset[Path] = frozenset()) -> Iterator[Path]:
    """Python files under ``folder`` in a stable order, skipping virtualenvs, caches, build
    output, hidden folders and the folders in ``skip``."""
    if not folder.is_dir() or folder in skip:
        return
    try:
        children = sorted(folder.iterdir())
    except OSError:
        return
    for path in children:
        if path.is_dir():
            if path.name in _SKIP_DIRS or path.name.startswith(".") or (path / "pyvenv.cfg").exists():
                continue
            yield from python_files(path, project, skip)
        elif path.suffix == ".py" and path.is_file():
            yield path


def code_files(project: Path, skip: frozenset[Path]) -> Iterator[Path]:
    """The application's files: the project without its tests, migrations and scripts' venvs."""
    for path in python_files(project, project, skip):
        if not _NOT_CODE.intersection(path.relative_to(project).parts[:-1]):
            yield path


def parse(path: Path) -> ast.Module | None:
    """The file's syntax tree; None when it cannot be read or is not valid Python here."""
    try:
        source = path.read_bytes()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a user's invalid escape sequence is not our concern
            return ast.parse(source, filename=str(path))
    except (OSError, SyntaxError, ValueError):
        return None


def module_name(path: Path, project: Path) -> str | None:
    """``src/shop/models.py`` -> ``shop.models``; ``app/__init__.py`` -> ``app``.

    Relative to ``src/`` when the file is there, else to the project root; None when a
    part of the path is not an importable name.
    """
    relative = path.relative_to(project)
    parts = list(relative.parts)
    if parts and parts[0] == "src" and len(parts) > 1:
        parts = parts[1:]
    parts[-1] = parts[-1].removesuffix(".py")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    if not parts or not all(part.isidentifier() for part in parts):
        return None
    return ".".join(parts)
