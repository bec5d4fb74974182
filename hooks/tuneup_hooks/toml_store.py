"""Read and edit pytest settings in a TOML file, keeping every other byte (tomlkit).

Handles ``pyproject.toml`` (``[tool.pytest]`` or ``[tool.pytest.ini_options]``) and
``pytest.toml`` (``[pytest]``).
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from .atomic import read_text
from .errors import HookError
from .merge import Kind, Scalar, Unit, as_units, join_args

try:
    import tomlkit
    from tomlkit.container import OutOfOrderTableProxy
    from tomlkit.exceptions import TOMLKitError
    from tomlkit.items import Array, Comment, Item, Table, Whitespace
except ImportError:  # pragma: no cover - exercised through apply.require_tomlkit
    tomlkit = None  # type: ignore[assignment]


class TomlStore:
    """pytest settings in one TOML table."""

    def __init__(self, path: Path, table_path: tuple[str, ...], *, create: bool = False) -> None:
        self.path = path
        self.table_path = table_path
        self.original = read_text(path) if path.exists() else ""
        try:
            self.document = tomlkit.parse(self.original)
        except TOMLKitError as error:
            raise HookError(f"{path.name} is not valid TOML ({error}); fix it and run again") from None
        self.created = False
        table = self._find_table()
        if table is None:
            if not create:
                raise HookError(f"{path.name} has no [{'.'.join(table_path)}] table")
            table = self._add_table()
            self.created = True
        self.table = table

    @property
    def label(self) -> str:
        return f"{self.path.name} [{'.'.join(self.table_path)}]"

    @property
    def native(self) -> bool:
        """True for pytest's native TOML mode, False for the string-based ``ini_options``."""
        return self.table_path[-1] != "ini_options"

    def get(self, key: str, kind: Kind) -> Scalar | list[Unit] | None:
        if key not in self.table:
            return None
        value = self.table[key]
        plain = value.unwrap() if hasattr(value, "unwrap") else value
        if kind == "scalar":
            return plain if isinstance(plain, bool) else str(plain)
        return as_units(kind, plain)

    def set(self, key: str, kind: Kind, value: Scalar | list[Unit], comment: str | None) -> None:
        item = self._item(key, kind, value)
        if key in self.table:
            self.table[key] = item
            return
        # tomlkit appends after any comments and blank lines that end the table, and
        # those usually introduce the next table: set them aside and put them back after.
        body = self.table.value.body
        trailer: list[Item] = []
        while body and body[-1][0] is None and isinstance(body[-1][1], (Whitespace, Comment)):
            trailer.insert(0, body.pop()[1])
        for line in (comment or "").splitlines():
            self.table.add(tomlkit.comment(line))
        self.table.add(key, item)
        for trivia in trailer:
            self.table.value.append(None, trivia)

    def render(self) -> str:
        return tomlkit.dumps(self.document)

    # -- internals -----------------------------------------------------------------

    def _item(self, key: str, kind: Kind, value: Scalar | list[Unit]) -> Any:
        if kind == "scalar":
            return value
        assert isinstance(value, list)
        tokens = [token for unit in value for token in unit]
        existing = self.table.get(key)
        if kind == "args" and isinstance(existing, str) and len(tokens) <= 3:
            # A short addopts string stays a string; a long one reads better as a list.
            return join_args(tokens)
        if isinstance(existing, Array):
            edited = edit_array(existing, tokens)
            if edited is not None:
                return edited
        # A new list, or a string that grew too long to read: one item per line, and the
        # comment that followed the old value stays on the key.
        array = tomlkit.array()
        array.extend(tokens)
        if len(tokens) > 1:
            array.multiline(True)
        if existing is not None and existing.trivia.comment:
            _keep_comment(array, existing)
        return array

    def _find_table(self) -> Table | None:
        node: Any = self.document
        for name in self.table_path:
            if not hasattr(node, "get") or name not in node:
                return None
            node = node[name]
        return node if isinstance(node, Table) else None

    def _add_table(self) -> Table:
        table = tomlkit.table()
        parent: Any = self.document
        for name in self.table_path[:-1]:
            if name not in parent:
                parent[name] = tomlkit.table(is_super_table=True)
            parent = parent[name]
            if isinstance(parent, OutOfOrderTableProxy):
                # [tool.x] above [project] and [tool.y] below: doc["tool"] is a proxy over
                # both parts, without .append. Add to the last real part, so the new table
                # is written after [tool.y], where tomlkit puts a blank line before it.
                parent = [item for key, item in self.document.body if key is not None and key.key == name][-1]
        parent.append(self.table_path[-1], table)
        return table


def edit_array(array: Array, tokens: list[str]) -> Array | None:
    """``array`` edited to hold ``tokens``, keeping every user item on its line; None when it cannot.

    Our items go on lines of their own: a one-line array becomes a multiline one with the
    user's items first, unchanged, and an item we drop takes only its own line with it.
    """
    old = [str(item) for item in array]
    if old == tokens:
        return array
    multiline = "\n" in array.as_string()
    edited = _edit_multiline(array, old, tokens) if multiline else None
    if edited is not None or tokens[: len(old)] != old:
        return edited
    if not multiline and old:
        return _extend_one_line(array, tokens[len(old) :])
    if not multiline:
        array.multiline(True)  # one item per line, each value as written
    # Only additions, to an array whose shape the line editor does not know (the closing
    # bracket on an item's line): tomlkit appends each on a line of its own.
    for token in tokens[len(old) :]:
        array.append(token)
    return array


def _edit_multiline(array: Array, old: list[str], tokens: list[str]) -> Array | None:
    lines = array.as_string().split("\n")
    if len(lines) < 3 or lines[0].strip() != "[" or lines[-1].strip() != "]":
        return None
    owner: list[int] = []  # the line of each old item
    last_repr: dict[int, str] = {}  # line -> its last item as written
    for number, line in enumerate(lines[1:-1], start=1):
        try:
            items = tomlkit.parse(f"x = [\n{line}\n]")["x"]
        except TOMLKitError:
            return None
        owner += [number] * len(items)
        if len(items):
            last_repr[number] = items[-1].as_string()
    if len(owner) != len(old):
        return None
    indent = next((line[: len(line) - len(line.lstrip())] for line in lines[1:-1] if line.strip()), "    ")
    drop: set[int] = set()
    after: dict[int, list[str]] = {}  # line -> new lines that follow it
    opcodes = difflib.SequenceMatcher(None, old, tokens, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in opcodes:
        if tag in ("delete", "replace"):
            for index in range(i1, i2):
                if owner.count(owner[index]) != 1:
                    return None  # the item shares its line with others: rewrite the array
                drop.add(owner[index])
        if tag in ("insert", "replace"):
            anchor = owner[i1 - 1] if i1 > 0 else 0
            after.setdefault(anchor, []).extend(
                f"{indent}{tomlkit.string(token).as_string()}," for token in tokens[j1:j2]
            )
    out: list[str] = []
    for number, line in enumerate(lines):
        if number not in drop:
            # A kept last item that now precedes a line of ours needs its comma.
            out.append(_with_comma(line, last_repr[number]) if number in after and number in last_repr else line)
        out += after.get(number, [])
    text = "\n".join(out)
    try:
        edited = tomlkit.parse(f"x = {text}\n")["x"]
    except TOMLKitError:
        return None
    if [str(item) for item in edited] != tokens:
        return None
    if array.trivia.comment:
        _keep_comment(edited, array)
    return edited  # type: ignore[no-any-return]


def _with_comma(line: str, last: str) -> str:
    """``line`` with a comma after its last item, where TOML needs one before a new item."""
    end = line.rfind(last) + len(last)
    return line if line[end:].lstrip().startswith(",") else f"{line[:end]},{line[end:]}"


def _keep_comment(array: Any, existing: Any) -> None:
    array.comment(existing.trivia.comment.lstrip("# "))
    array.trivia.comment_ws = existing.trivia.comment_ws or "  "


def tomlkit_missing() -> bool:
    """True when tomlkit cannot be imported by the interpreter running the hook."""
    return tomlkit is None


def _extend_one_line(array: Array, added: list[str]) -> Array:
    """``key = ["src"]`` -> ``key = ["src",`` then one line per added item and ``]``.

    The user's line keeps every byte up to its closing bracket, which moves to a line of
    its own; their items stay where they were written.
    """
    text = array.as_string()
    head = text[: text.rindex("]")].rstrip()
    head = head if head.endswith(",") else head + ","
    body = "".join(f"\n    {tomlkit.string(token).as_string()}," for token in added)
    edited: Array = tomlkit.parse(f"x = {head}{body}\n]")["x"]
    edited.trivia.comment = array.trivia.comment
    edited.trivia.comment_ws = array.trivia.comment_ws
    return edited
