"""Facts read from the user's project: layout, import package, how its tests import helpers."""

from __future__ import annotations

import configparser
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_SKIP_DIRS = frozenset(
    {".git", ".hg", ".venv", "venv", "env", ".tox", ".nox", "node_modules", "build", "dist", "__pycache__",
     ".mypy_cache", ".ruff_cache", ".pytest_cache", "site-packages", "docs", "examples"}
)  # fmt: skip
#: The folder inside the tests folder that holds pytest-tuneup's generated plugins.
OWN_FOLDER = "tuneup"
_IMPORT = re.compile(r"^\s*(?:from|import)\s+([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)


@dataclass(frozen=True)
class ProjectFacts:
    src_layout: bool  # the code lives under src/
    flat_packages: tuple[str, ...]  # import packages at the project root
    packages: tuple[str, ...]  # what coverage measures; empty when it cannot be told
    sibling_imports: bool  # test modules import helpers by bare module name
    async_tests: bool  # the suite has `async def test_...`
    tests_elsewhere: tuple[str, ...]  # test files that `testpaths` would leave out


def read_facts(project: Path, tests_dir: str, packages: tuple[str, ...]) -> ProjectFacts:
    flat = _packages_in(project, exclude={tests_dir.split("/")[0]})
    src = _packages_in(project / "src", exclude=set())
    tests = project / tests_dir
    return ProjectFacts(
        src_layout=bool(src),
        flat_packages=flat,
        packages=packages or detect_packages(project, src, flat),
        sibling_imports=_imports_siblings(tests),
        async_tests=any("async def test_" in _text(path) for path in _python_files(tests)),
        tests_elsewhere=tuple(
            str(path.relative_to(project))
            for path in _python_files(project)
            if re.fullmatch(r"test_.*\.py|.*_test\.py", path.name) and not path.is_relative_to(tests)
        )[:5],
    )


def detect_packages(project: Path, src: tuple[str, ...], flat: tuple[str, ...]) -> tuple[str, ...]:
    """The package to measure: the distribution's name, else the only package there is."""
    candidates = src + flat
    for name in (_pyproject_name(project / "pyproject.toml"), _setup_cfg_name(project / "setup.cfg")):
        if name:
            import_name = re.sub(r"[-.]+", "_", name).lower()
            if import_name in candidates:
                return (import_name,)
    if len(src) == 1:
        return src
    if not src and len(flat) == 1:
        return flat
    return ()


def _packages_in(folder: Path, exclude: set[str]) -> tuple[str, ...]:
    if not folder.is_dir():
        return ()
    return tuple(
        sorted(
            child.name
            for child in folder.iterdir()
            if child.is_dir()
            and (child / "__init__.py").is_file()
            and child.name.isidentifier()
            and child.name not in exclude
            and child.name not in _SKIP_DIRS
        )
    )


def _pyproject_name(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            name = tomllib.load(handle).get("project", {}).get("name")
    except (OSError, tomllib.TOMLDecodeError):
        return None
    return name if isinstance(name, str) else None


def _setup_cfg_name(path: Path) -> str | None:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read(path, encoding="utf-8")
    except configparser.Error:
        return None
    return parser.get("metadata", "name", fallback=None)


def _imports_siblings(tests: Path) -> bool:
    """True when a test module imports another module of the tests folder by its bare name.

    Works under pytest's default ``prepend`` import mode, which puts the test's folder on
    ``sys.path``; ``importlib`` mode does not, so the folder goes on ``pythonpath``.
    """
    # Our own plugins in tests/tuneup are on ``pythonpath`` already: they do not count.
    files = [path for path in _python_files(tests) if path.relative_to(tests).parts[0] != OWN_FOLDER]
    local = {path.stem for path in files if not path.stem.startswith("test_")} - {"__init__"}
    return any(name in local for path in files for name in _IMPORT.findall(_text(path)))


def _python_files(folder: Path) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        if path.is_dir() and path.name not in _SKIP_DIRS and not path.name.startswith("."):
            yield from _python_files(path)
        elif path.suffix == ".py":
            yield path


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
