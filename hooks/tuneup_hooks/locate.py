"""Find the one pytest configuration file that pytest itself would use.

Mirrors pytest 9's search order in the project's root folder (``locate_config``):
``pytest.toml``, ``.pytest.toml``, ``pytest.ini``, ``.pytest.ini``, ``pyproject.toml``
with a ``[tool.pytest]`` table, ``tox.ini`` with ``[pytest]``, ``setup.cfg`` with
``[tool:pytest]``. Writing anywhere else would either shadow the user's file or be
silently ignored, so the hook writes to the file found here, or creates one only when
there is none.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import HookError
from .ini_store import check_ini, has_section_header


@dataclass(frozen=True)
class ConfigLocation:
    """Where the settings go: a file, its format and its table or section."""

    path: Path
    fmt: str  # "toml" or "ini"
    table: tuple[str, ...]  # TOML table path, or a one-item tuple naming the INI section
    exists: bool  # False: the hook creates the table (or the file)
    ignored: tuple[str, ...] = ()  # other files with pytest settings that pytest ignores


def locate(project: Path, native_toml: bool = True) -> ConfigLocation:
    """The effective pytest configuration of ``project``, or where to create one.

    ``native_toml``: the project's pytest reads ``pytest.toml`` and ``[tool.pytest]``
    (pytest 9+). pytest 8 ignores both, silently: they are not its configuration, and a
    new one goes to ``[tool.pytest.ini_options]`` or, without a pyproject.toml, ``pytest.ini``.
    """
    found: list[ConfigLocation] = []
    unread: list[str] = []
    for name in ("pytest.toml", ".pytest.toml"):
        if (project / name).is_file():
            if not native_toml:
                unread.append(name)
                continue
            found.append(ConfigLocation(project / name, "toml", ("pytest",), True))
    for name in ("pytest.ini", ".pytest.ini"):
        if (project / name).is_file():
            found.append(ConfigLocation(project / name, "ini", ("pytest",), True))
    pyproject = project / "pyproject.toml"
    pyproject_table = _pyproject_table(pyproject) if pyproject.is_file() else None
    if pyproject_table is not None and not native_toml and pyproject_table == ("tool", "pytest"):
        unread.append("pyproject.toml [tool.pytest]")
    elif pyproject_table is not None:
        found.append(ConfigLocation(pyproject, "toml", pyproject_table, True))
    if _ini_has_section(project / "tox.ini", "pytest"):
        found.append(ConfigLocation(project / "tox.ini", "ini", ("pytest",), True))
    if _ini_has_section(project / "setup.cfg", "tool:pytest"):
        found.append(ConfigLocation(project / "setup.cfg", "ini", ("tool:pytest",), True))
    if found:
        first = found[0]
        ignored = tuple(other.path.name for other in found[1:]) + tuple(unread)
        return ConfigLocation(first.path, first.fmt, first.table, True, ignored)
    if native_toml:
        if pyproject.is_file():
            return ConfigLocation(pyproject, "toml", ("tool", "pytest"), False)
        return ConfigLocation(project / "pytest.toml", "toml", ("pytest",), False)
    if pyproject.is_file():
        if "pyproject.toml [tool.pytest]" in unread:
            raise HookError(
                "pyproject.toml has a [tool.pytest] table, which the project's pytest (before 9.0) ignores;"
                " rename it to [tool.pytest.ini_options] and run again"
            )
        return ConfigLocation(pyproject, "toml", ("tool", "pytest", "ini_options"), False, tuple(unread))
    return ConfigLocation(project / "pytest.ini", "ini", ("pytest",), False, tuple(unread))


def _pyproject_table(path: Path) -> tuple[str, ...] | None:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise HookError(f"{path.name} is not valid TOML ({error}); fix it and run again") from None
    tool_pytest = data.get("tool", {}).get("pytest")
    if not isinstance(tool_pytest, dict) or not tool_pytest:
        return None  # pytest ignores an empty [tool.pytest] table too
    native = {key for key in tool_pytest if key != "ini_options"}
    if native and "ini_options" in tool_pytest:
        raise HookError(
            f"{path.name} has both [tool.pytest] and [tool.pytest.ini_options], which pytest refuses;"
            " keep one and run again"
        )
    return ("tool", "pytest", "ini_options") if "ini_options" in tool_pytest else ("tool", "pytest")


def _ini_has_section(path: Path, section: str) -> bool:
    if not path.is_file():
        return False
    # A cheap look first: most tox.ini and setup.cfg files have no pytest section.
    text = path.read_text(encoding="utf-8")
    if not has_section_header(text, section):
        return False
    return check_ini(text, path.name).has_section(section)


def has_native_config(project: Path) -> bool:
    """A ``pytest.toml`` or a ``[tool.pytest]`` table: read only by pytest 9, so the project
    runs pytest 9 even where the preflight found no pytest to ask."""
    if any((project / name).is_file() for name in ("pytest.toml", ".pytest.toml")):
        return True
    pyproject = project / "pyproject.toml"
    return pyproject.is_file() and _pyproject_table(pyproject) == ("tool", "pytest")
