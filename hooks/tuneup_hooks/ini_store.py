"""Read and edit pytest settings in an INI-style file line by line.

``configparser`` would drop comments and reflow the file, so this edits lines: a key
we do not change keeps its bytes, and one we only add to keeps its existing lines.
Handles ``pytest.ini`` / ``.pytest.ini`` and ``tox.ini`` (``[pytest]``) and
``setup.cfg`` (``[tool:pytest]``).
"""

from __future__ import annotations

import configparser
import difflib
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
        self.original = read_text(path) if path.exists() else ""  # a new pytest.ini
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
            edited = self._edit_lines(block, kind, value)
            if edited is not None:
                self.lines[block.start : block.end] = edited
                return
        self.lines[block.start : block.end] = self._format(key, kind, value)

    def render(self) -> str:
        return self.newline.join(self.lines) + self.newline

    # -- internals -----------------------------------------------------------------

    @staticmethod
    def _format(key: str, kind: Kind, value: Scalar | list[Unit]) -> list[str]:
        if kind == "scalar":
            text = ("true" if value else "false") if isinstance(value, bool) else str(value)
            return [f"{key} = {text}" if text else f"{key} ="]
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

    def _edit_lines(self, block: _Block, kind: Kind, value: list[Unit]) -> list[str] | None:
        """The block's lines edited line by line to hold ``value``; None when that cannot be done.

        Every line keeps its bytes, order and indentation, comments included; a new unit
        is a new line after the unit it follows; a unit that goes takes only its own line
        (or only its own words, when it shares the line with units that stay).
        """
        lines = self.lines[block.start : block.end]
        key_line = _KEY.match(lines[0])
        assert key_line is not None
        head = lines[0][: key_line.start("value")]
        per_line: list[list[Unit]] = [as_units(kind, _strip_comment(key_line.group("value")))]
        per_line += [[] if _is_comment(line) else as_units(kind, line.strip()) for line in lines[1:]]
        old = [unit for units in per_line for unit in units]
        whole = self.get(self._key_of(lines[0]), kind)
        if old != whole:
            return None  # a unit spans two lines (``-p`` here, its name on the next)
        owner = [number for number, units in enumerate(per_line) for _ in units]
        indent = self._indent(block)
        keep = [list(units) for units in per_line]
        after: dict[int, list[str]] = {}
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, value, autojunk=False).get_opcodes():
            if tag in ("delete", "replace"):
                for index in range(i1, i2):
                    keep[owner[index]].remove(old[index])
            if tag in ("insert", "replace"):
                if i1 == 0 and old and owner[0] == 0:
                    return None  # before a unit on the key line: only a rewrite can put it there
                anchor = owner[i1 - 1] if i1 > 0 else 0
                after.setdefault(anchor, []).extend(indent + _unit_text(kind, unit) for unit in value[j1:j2])
        out: list[str] = []
        for number, line in enumerate(lines):
            if keep[number] != per_line[number]:
                if number == 0:
                    line = head + " ".join(_unit_text(kind, unit) for unit in keep[0])
                    line = line.rstrip() if keep[0] else head.rstrip()
                elif keep[number]:
                    line = indent + " ".join(_unit_text(kind, unit) for unit in keep[number])
                else:
                    line = ""
            if line or number == 0 or not per_line[number]:
                out.append(line)
            out += after.get(number, [])
        return out

    @staticmethod
    def _key_of(line: str) -> str:
        match = _KEY.match(line)
        assert match is not None
        return match.group("key")

    def _indent(self, block: _Block) -> str:
        for line in self.lines[block.start + 1 : block.end]:
            if line.strip() and not _is_comment(line) and line[:1] in (" ", "\t"):
                return line[: len(line) - len(line.lstrip())]
        return "    "


def _unit_text(kind: Kind, unit: Unit) -> str:
    return join_args(unit) if kind == "args" else unit[0]


def _is_comment(line: str) -> bool:
    return line.strip().startswith(("#", ";"))


def _strip_comment(value: str) -> str:
    return re.split(r"\s[#;]", value, maxsplit=1)[0].strip()
