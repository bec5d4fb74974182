"""What the project's own files say about its dependencies: runner, Python floor, pins.

Read-only and tolerant: a file that is missing or does not parse says nothing (the hook
that edits the config reports malformed files; the preflight only reads).
"""

from __future__ import annotations

import ast
import configparser
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .environment import normalize
from .versions import Version, padded, parse_specifier

# A requirement line: "name[extra] <specifier> ; marker" (PEP 508, what pins and
# declarations use; URLs and editable lines are skipped).
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*\(?([^;#@()]*)\)?")


@dataclass(frozen=True)
class Pins:
    """Exact versions from lock files and ``==`` requirements, and the pytest range each
    locked package declares (poetry.lock and pdm.lock record it)."""

    versions: dict[str, str] = field(default_factory=dict)
    requires_pytest: dict[str, str] = field(default_factory=dict)
    sources: tuple[str, ...] = ()


def runner_from_files(project: Path) -> tuple[str, str] | None:
    """``("uv", "uv.lock")``: the runner a lock file or a tool table names; None: none does."""
    for lock, runner in (("uv.lock", "uv"), ("poetry.lock", "poetry"), ("pdm.lock", "pdm")):
        if (project / lock).is_file():
            return runner, lock
    if (project / "hatch.toml").is_file():
        return "hatch", "hatch.toml"
    if value_at(read_toml(project / "pyproject.toml"), "tool", "hatch", "envs") is not None:
        return "hatch", "[tool.hatch.envs] in pyproject.toml"
    return None


def python_floor(project: Path) -> tuple[Version | None, str]:
    """The oldest Python the project declares, and where it says so."""
    pyproject = read_toml(project / "pyproject.toml")
    sources: list[tuple[str, Any]] = [
        ("requires-python in pyproject.toml", value_at(pyproject, "project", "requires-python")),
        ("python in [tool.poetry.dependencies]", value_at(pyproject, "tool", "poetry", "dependencies", "python")),
        (
            "python_requires in setup.cfg",
            _setup_cfg(project / "setup.cfg").get("options", "python_requires", fallback=None),
        ),
        ("python_requires in setup.py", _setup_py_python_requires(project / "setup.py")),
    ]
    for evidence, text in sources:
        if isinstance(text, str):
            bounds = parse_specifier(text)
            if bounds is not None and padded(bounds[0]) > (0, 0, 0):
                return bounds[0][:2], evidence
    return None, ""


def read_pins(project: Path) -> Pins:
    versions: dict[str, str] = {}
    requires: dict[str, str] = {}
    sources: list[str] = []
    for name in ("uv.lock", "poetry.lock", "pdm.lock"):
        packages = _list(value_at(read_toml(project / name), "package"))
        if not packages:
            continue
        sources.append(name)
        for package in packages:
            if not isinstance(package, dict) or not isinstance(package.get("name"), str):
                continue
            key = normalize(package["name"])
            if isinstance(package.get("version"), str):
                versions.setdefault(key, package["version"])
            cap = _locked_pytest_range(package)
            if cap:
                requires.setdefault(key, cap)
    for path in _requirement_files(project):
        found = False
        for line in _lines(path):
            match = re.match(
                r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*==\s*([^\s;,#\\]+)\s*(?:[;#\\]|$)", line
            )
            if match:
                versions.setdefault(normalize(match.group(1)), match.group(2))
                found = True
        if found:
            sources.append(str(path.relative_to(project)))
    return Pins(versions, requires, tuple(sources))


def declared_constraints(project: Path) -> dict[str, str]:
    """The specifiers the project's pyproject declares for each dependency, all groups
    together: ``{"pytest": "<8"}``. Not pins: ranges the project promises to stay in."""
    pyproject = read_toml(project / "pyproject.toml")
    strings: list[Any] = _list(value_at(pyproject, "project", "dependencies"))
    strings += _list(value_at(pyproject, "tool", "uv", "dev-dependencies"))
    for groups in (
        value_at(pyproject, "project", "optional-dependencies"),
        value_at(pyproject, "dependency-groups"),
        value_at(pyproject, "tool", "pdm", "dev-dependencies"),
    ):
        for group in groups.values() if isinstance(groups, dict) else ():
            strings += _list(group)
    out: dict[str, str] = {}
    for text in strings:
        if isinstance(text, str):
            match = _REQUIREMENT.match(text)
            if match and match.group(2).strip():
                out.setdefault(normalize(match.group(1)), match.group(2).strip())
    tables = [
        value_at(pyproject, "tool", "poetry", "dependencies"),
        value_at(pyproject, "tool", "poetry", "dev-dependencies"),
    ]
    groups = value_at(pyproject, "tool", "poetry", "group")
    tables += [value_at(group, "dependencies") for group in groups.values()] if isinstance(groups, dict) else []
    for table in tables:
        for name, spec in table.items() if isinstance(table, dict) else ():
            text = spec.get("version") if isinstance(spec, dict) else spec
            if name != "python" and isinstance(text, str) and text.strip() not in ("", "*"):
                out.setdefault(normalize(name), text.strip())
    return out


def value_at(data: Any, *keys: str) -> Any:
    """``data[k1][k2]...`` or None: a user's TOML may hold anything where we expect a table."""
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def _locked_pytest_range(package: dict[str, Any]) -> str | None:
    """The pytest range a locked package declares, from poetry.lock's
    ``[package.dependencies]`` or pdm.lock's ``dependencies`` list."""
    dependencies = package.get("dependencies")
    if isinstance(dependencies, dict):  # poetry.lock: pytest = ">=8.2,<9" or {version = ...}
        spec = dependencies.get("pytest")
        text = spec.get("version") if isinstance(spec, dict) else spec
        return text if isinstance(text, str) and text.strip() not in ("", "*") else None
    if isinstance(dependencies, list):  # pdm.lock: ["pytest<9,>=8.2"]
        for item in dependencies:
            match = _REQUIREMENT.match(item) if isinstance(item, str) else None
            if match and normalize(match.group(1)) == "pytest" and match.group(2).strip():
                return match.group(2).strip()
    return None  # uv.lock records no ranges for packages from an index


def _requirement_files(project: Path) -> Iterator[Path]:
    folders = [project, project / "requirements"]
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.glob("*.txt")):
                if folder != project or path.name.startswith("requirements"):
                    yield path


def _lines(path: Path) -> Iterable[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return ()


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}


def _setup_cfg(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError):
        return configparser.ConfigParser()
    return parser


def _setup_py_python_requires(path: Path) -> str | None:
    """``python_requires=">=3.9"`` in setup.py's ``setup(...)`` call, when it is a literal."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "python_requires" and isinstance(keyword.value, ast.Constant):
                    value = keyword.value.value
                    return value if isinstance(value, str) else None
    return None
