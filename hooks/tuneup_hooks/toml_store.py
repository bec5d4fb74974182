"""Read and edit pytest settings in a TOML file, keeping every other byte (tomlkit).

Handles ``pyproject.toml`` (``[tool.pytest]`` or ``[tool.pytest.ini_options]``) and
``pytest.toml`` (``[pytest]``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .atomic import read_text
from .errors import HookError
from .merge import Kind, Scalar, Unit, as_units, join_args

try:
    import tomlkit
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
            old_items = [str(item) for item in existing]
            if tokens[: len(old_items)] == old_items:
                # Only additions: append, so the user's formatting and comments stay.
                for token in tokens[len(old_items) :]:
                    existing.append(token)
                return existing
        # A new list, or a string that grew too long to read: one item per line, and the
        # comment that followed the old value stays on the key.
        array = tomlkit.array()
        array.extend(tokens)
        if len(tokens) > 1:
            array.multiline(True)
        if existing is not None and existing.trivia.comment:
            array.comment(existing.trivia.comment.lstrip("# "))
            array.trivia.comment_ws = existing.trivia.comment_ws or "  "
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
        parent.append(self.table_path[-1], table)
        return table


def tomlkit_missing() -> bool:
    """True when tomlkit cannot be imported by the interpreter running the hook."""
    return tomlkit is None
