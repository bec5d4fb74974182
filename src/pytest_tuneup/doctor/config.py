"""The project's pytest configuration, read the way pytest picks it.

pytest uses the first of these files it finds in the root (pytest.ini always; the others
only with a pytest section): pytest.ini, .pytest.ini, pytest.toml, pyproject.toml,
tox.ini, setup.cfg. Values come back as pytest would split them: a list for the keys
that hold several values, a string otherwise.
"""

from __future__ import annotations

import configparser
import re
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest itself depends on tomli below 3.11
    import tomli as tomllib

# Keys whose ini form is one value per line (markers) or per word (the others).
LINES = frozenset({"markers", "filterwarnings", "env"})
WORDS = frozenset({"testpaths", "python_files", "addopts", "pythonpath"})


@dataclass
class Config:
    path: Path | None  # None: no configuration file
    values: dict[str, Any] = field(default_factory=dict)
    text: str = ""

    def get(self, key: str) -> Any:
        return self.values.get(key)

    def words(self, key: str) -> list[str]:
        value = self.values.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return [str(item) for item in value]
        if key in LINES:
            return [line.strip() for line in str(value).splitlines() if line.strip()]
        if key == "addopts":
            return shlex.split(str(value))
        return str(value).split()

    def line_of(self, key: str) -> int:
        """The line of ``key = ...`` in the file (1 when it is not written there)."""
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*[=:]")
        for number, line in enumerate(self.text.splitlines(), start=1):
            if pattern.match(line):
                return number
        return self.section_line()

    def section_line(self) -> int:
        for number, line in enumerate(self.text.splitlines(), start=1):
            if re.match(r"^\s*\[(pytest|tool:pytest|tool\.pytest[.\w]*)\]", line):
                return number
        return 1


def read_config(root: Path) -> Config:
    """The configuration pytest would use in ``root``; Config(None) without one."""
    for name in ("pytest.ini", ".pytest.ini", "pytest.toml", "pyproject.toml"):
        path = root / name
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if name.endswith(".ini"):
            return Config(path, ini_section(text, "pytest"), text)
        values = toml_section(text, name)
        if values is not None:
            return Config(path, values, text)
    for name, section in (("tox.ini", "pytest"), ("setup.cfg", "tool:pytest")):
        path = root / name
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            parser = configparser.RawConfigParser()
            try:
                parser.read_string(text)
            except configparser.Error:
                continue
            if parser.has_section(section):
                return Config(path, dict(parser.items(section)), text)
    return Config(None)


def ini_section(text: str, section: str) -> dict[str, Any]:
    parser = configparser.RawConfigParser()
    try:
        parser.read_string(text)
    except configparser.Error:
        return {}
    return dict(parser.items(section)) if parser.has_section(section) else {}


def toml_section(text: str, name: str) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    if name == "pytest.toml":
        table = data.get("pytest", {})
        return dict(table) if isinstance(table, dict) else {}
    pytest_table = data.get("tool", {}).get("pytest")
    if not isinstance(pytest_table, dict):
        return None
    legacy = pytest_table.get("ini_options")
    if isinstance(legacy, dict):
        return dict(legacy)
    return {key: value for key, value in pytest_table.items() if key != "ini_options"}
