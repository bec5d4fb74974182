"""Which project files each module imports, read statically with ``ast``.

A file may be imported under several names, depending on what is on ``sys.path``
(the root, ``src/``, a tests folder pytest inserts, ``pythonpath``): every dotted path
from one of its folders is one of its names (``src/shop/orders.py`` is ``orders``,
``shop.orders`` and ``src.shop.orders``). An import that matches any name depends on
the file, and importing ``a.b.c`` also runs ``a`` and ``a.b``. Matching too much only
selects more tests; missing an import would skip a test that should run.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath


def names_of(path: str) -> set[str]:
    """The dotted names a file can be imported under (a package: its folder's)."""
    parts = list(PurePosixPath(path).with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return {".".join(parts[index:]) for index in range(len(parts))}


def prefixes(name: str) -> Iterator[str]:
    """``a.b.c``: ``a``, ``a.b``, ``a.b.c`` (importing a module runs its packages)."""
    parts = name.split(".")
    for index in range(1, len(parts) + 1):
        yield ".".join(parts[:index])


def imported_names(source: str, path: str) -> set[str]:
    """Every module ``source`` may import, anywhere in the file (inside functions and
    ``if TYPE_CHECKING`` too), as absolute names; relative imports as resolved paths
    written ``./folder/module``."""
    try:
        tree = ast.parse(source, filename=path)
    except (SyntaxError, ValueError):
        return set()
    found: set[str] = set()
    folder = PurePosixPath(path).parent
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _is_pytest_plugins(node):
            # pytest_plugins = ["app.fixtures"]: imported by pytest, by name.
            found.update(
                name
                for element in getattr(node.value, "elts", [])
                if isinstance(element, ast.Constant) and isinstance(element.value, str)
                for name in prefixes(element.value)
            )
        elif isinstance(node, ast.Import):
            for alias in node.names:
                found.update(prefixes(alias.name))
        elif isinstance(node, ast.ImportFrom):
            # ``from a import b``: b may be a module of package a.
            members = [alias.name for alias in node.names if alias.name != "*"]
            if node.level == 0 and node.module:
                found.update(prefixes(node.module))
                found.update(f"{node.module}.{member}" for member in members)
            else:
                base = folder
                for _ in range(node.level - 1):
                    base = base.parent
                if node.module:
                    base = base.joinpath(*node.module.split("."))
                found.add(f"./{base}")
                found.update(f"./{base / member}" for member in members)
    return found


class Graph:
    """The project's Python files and what each imports."""

    def __init__(self, root: Path, files: Iterable[str]) -> None:
        self.files = sorted(name for name in files if name.endswith(".py"))
        self._by_name: dict[str, set[str]] = defaultdict(set)
        for name in self.files:
            for dotted in names_of(name):
                self._by_name[dotted].add(name)
        self._imports: dict[str, set[str]] = {}
        for name in self.files:
            path = root / name
            if path.is_file():
                text = path.read_text(encoding="utf-8", errors="replace")
                self._imports[name] = self._resolve(imported_names(text, name))

    def _resolve(self, names: set[str]) -> set[str]:
        found: set[str] = set()
        for name in names:
            if name.startswith("./"):
                stem = PurePosixPath(name[2:])
                for candidate in (f"{stem}.py", f"{stem}/__init__.py"):
                    if candidate in self._by_name.get(_dotted(stem), set()):
                        found.add(candidate)
                # The packages on the way run too.
                for parent in stem.parents:
                    init = f"{parent}/__init__.py"
                    if init in self._by_name.get(_dotted(parent), set()):
                        found.add(init)
            else:
                found.update(self._by_name.get(name, ()))
        return found

    def imports(self, name: str) -> set[str]:
        """The project files ``name`` imports directly."""
        return self._imports.get(name, set())

    def closure(self, starts: Iterable[str]) -> set[str]:
        """``starts`` and every project file they import, transitively."""
        seen: set[str] = set()
        pending = list(starts)
        while pending:
            name = pending.pop()
            if name in seen:
                continue
            seen.add(name)
            pending.extend(self.imports(name) - seen)
        return seen

    def modules(self, dotted: str) -> set[str]:
        """The files a dotted module name (``shop.models``) can be."""
        return set(self._by_name.get(dotted, ()))


def _is_pytest_plugins(node: ast.Assign) -> bool:
    return any(
        isinstance(target, ast.Name) and target.id == "pytest_plugins"
        for target in node.targets
    )


def _dotted(path: PurePosixPath) -> str:
    return ".".join(part for part in path.parts if part not in (".", ""))
