"""Read and edit pytest settings in an INI-style file line by line.

``configparser`` would drop comments and reflow the file, so this edits lines: a key
we do not change keeps its bytes, and one we only add to keeps its existing lines.
Handles ``pytest.ini`` / ``.pytest.ini`` and ``tox.ini`` (``[pytest]``) and
``setup.cfg`` (``[tool:pytest]``).
"""

from __future__ import annotations

import configparser
import re
from dataclasses import dataclass
from pathlib import Path

from .atomic import read_text
from .errors import HookError
from .merge import Kind, Scalar, Unit, as_units, join_args

_SECTION = re.compile(r"^\[(?P<name>[^\]]+)\]\s*([#;].*)?$")
_KEY = re.compile(r"^(?P<key>[A-Za-z0-9_.-]+)\s*[=:]\s?(?P<value>.*)$")


def has_section_header(text: str, section: str) -> bool:
    """Whether ``[section]`` heads a line of ``text``, as pytest's iniconfig reads headers."""
    return any(
        match.group("name").strip() == section for match in map(_SECTION.match, text.splitlines()) if match is not None
    )


def check_ini(text: str, name: str) -> configparser.ConfigParser:
    """Parse an INI file, or raise a one-line HookError saying where it is broken."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text, source=name)
    except configparser.Error as error:
        message = " ".join(str(error).split())
        raise HookError(f"{name} cannot be parsed ({message}); fix it and run again") from None
    return parser


@dataclass
class _Block:
    """The lines of one key: the key line and its indented continuation lines."""

    start: int
    end: int  # exclusive


class IniStore:
    """pytest settings in one section of an INI-style file."""

    def __init__(self, path: Path, section: str) -> None:
        self.path = path
        self.section = section
        self.original = read_text(path)
        check_ini(self.original, path.name)
        self.newline = "\r\n" if "\r\n" in self.original else "\n"
        self.lines = self.original.splitlines()
        if self._section_range() is None:
            # A pytest.ini without a [pytest] section is still pytest's config file.
            if self.lines and self.lines[-1].strip():
                self.lines.append("")
            self.lines.append(f"[{section}]")

    @property
    def label(self) -> str:
        return f"{self.path.name} [{self.section}]"

    def get(self, key: str, kind: Kind) -> Scalar | list[Unit] | None:
        block = self._find(key)
        if block is None:
            return None
        first = _KEY.match(self.lines[block.start])
        assert first is not None
        parts = [_strip_comment(first.group("value"))]
        parts += [line.strip() for line in self.lines[block.start + 1 : block.end] if not _is_comment(line)]
        text = "\n".join(part for part in parts if part)
        if kind == "scalar":
            return text
        return as_units(kind, text)

    def set(self, key: str, kind: Kind, value: Scalar | list[Unit], comment: str | None) -> None:
        block = self._find(key)
        if block is None:
            position = self._end_of_section()
            new = [f"# {line}" for line in (comment or "").splitlines()] + self._format(key, kind, value)
            self.lines[position:position] = new
            return
        if kind != "scalar":
            assert isinstance(value, list)
            old = self.get(key, kind)
            assert isinstance(old, list)
            if value[: len(old)] == old and len(value) > len(old):
                indent = self._indent(block)
                added = value[len(old) :]
                extra = (
                    [indent + join_args(token for unit in added for token in unit)]
                    if kind == "args"
                    else [indent + unit[0] for unit in added]
                )
                self.lines[block.end : block.end] = extra
                return
        self.lines[block.start : block.end] = self._format(key, kind, value)

    def render(self) -> str:
        return self.newline.join(self.lines) + self.newline

    # -- internals -----------------------------------------------------------------

    @staticmethod
    def _format(key: str, kind: Kind, value: Scalar | list[Unit]) -> list[str]:
        if kind == "scalar":
            text = ("true" if value else "false") if isinstance(value, bool) else str(value)
            return [f"{key} = {text}"]
        assert isinstance(value, list)
        if kind == "args":
            return [f"{key} = {join_args(token for unit in value for token in unit)}"]
        if len(value) == 1:
            return [f"{key} = {value[0][0]}"]
        return [f"{key} ="] + [f"    {unit[0]}" for unit in value]

    def _section_range(self) -> tuple[int, int] | None:
        start = None
        for index, line in enumerate(self.lines):
            match = _SECTION.match(line)
            if not match:
                continue
            if start is not None:
                return start, index
            if match.group("name").strip() == self.section:
                start = index + 1
        return (start, len(self.lines)) if start is not None else None

    def _blocks(self) -> dict[str, _Block]:
        span = self._section_range()
        assert span is not None
        blocks: dict[str, _Block] = {}
        current: str | None = None
        for index in range(*span):
            line = self.lines[index]
            match = _KEY.match(line)
            if match:
                current = match.group("key")
                blocks[current] = _Block(index, index + 1)
            elif current is not None and line[:1] in (" ", "\t") and line.strip() and not _is_comment(line):
                blocks[current].end = index + 1
            elif line.strip() and not _is_comment(line):
                # Comment and blank lines do not end a value (iniconfig and configparser
                # read on past them); anything else at column 0 does.
                current = None
        return blocks

    def _find(self, key: str) -> _Block | None:
        return self._blocks().get(key)

    def _end_of_section(self) -> int:
        """Index after the section's last key block, before blank lines and comments that follow it."""
        span = self._section_range()
        assert span is not None
        blocks = self._blocks()
        return max((block.end for block in blocks.values()), default=span[0])

    def _indent(self, block: _Block) -> str:
        for line in self.lines[block.start + 1 : block.end]:
            return line[: len(line) - len(line.lstrip())]
        return "    "


def _is_comment(line: str) -> bool:
    return line.strip().startswith(("#", ";"))


def _strip_comment(value: str) -> str:
    return re.split(r"\s[#;]", value, maxsplit=1)[0].strip()
