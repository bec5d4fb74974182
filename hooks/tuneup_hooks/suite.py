"""What the test suite's source shows: async tests, anyio in use. Parsed with ``ast``, never imported.

Shared by the preflight (``ProjectEnvironment.anyio_tests``) and the detection of
``async_mode``: anyio suites need pytest-asyncio's strict mode, or pytest-asyncio takes
anyio's tests onto its own event loop.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .project import OWN_FOLDER
from .sources import parse, python_files


@dataclass(frozen=True)
class SuiteFacts:
    async_test: str = ""  # "tests/test_api.py:12" of the first `async def test_...`, "" when none
    anyio: str = ""  # "tests/conftest.py:5" where an anyio mark or the anyio_backend fixture is used
    asyncio: str = ""  # where pytest-asyncio is used: `pytest.mark.asyncio` or an import of pytest_asyncio


def scan_suite(project: Path, folder: Path, test_files_only: bool = False) -> SuiteFacts:
    """Scan ``folder`` (the tests folder, or the whole project with ``test_files_only``)."""
    async_test = anyio = asyncio = ""
    for path in python_files(folder, project):
        if path.relative_to(folder).parts[0] == OWN_FOLDER:
            continue  # our own generated plugins
        if test_files_only and not _is_test_file(path.name):
            continue
        tree = parse(path)
        if tree is None:
            continue
        where = str(path.relative_to(project))
        for line, node in _nodes(tree):
            if not async_test and isinstance(node, ast.AsyncFunctionDef) and node.name.startswith("test"):
                async_test = f"{where}:{line}"
            if not anyio and _uses_anyio(node):
                anyio = f"{where}:{line}"
            if not asyncio and _uses_pytest_asyncio(node):
                asyncio = f"{where}:{line}"
        if async_test and anyio and asyncio:
            break
    return SuiteFacts(async_test, anyio, asyncio)


def _is_test_file(name: str) -> bool:
    return name == "conftest.py" or (name.endswith(".py") and (name.startswith("test_") or name.endswith("_test.py")))


def _nodes(tree: ast.AST) -> Iterator[tuple[int, ast.AST]]:
    """(line, node) for every node that carries a line number, in source order."""
    nodes = [(getattr(node, "lineno", 0), getattr(node, "col_offset", 0), node) for node in ast.walk(tree)]
    return ((line, node) for line, _, node in sorted(nodes, key=lambda item: item[:2]) if line)


def _uses_anyio(node: ast.AST) -> bool:
    """``pytest.mark.anyio`` (decorator, pytestmark), or the ``anyio_backend`` fixture
    defined or requested."""
    if isinstance(node, ast.Attribute) and node.attr == "anyio":
        value = node.value
        return isinstance(value, ast.Attribute) and value.attr == "mark"
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        if node.name == "anyio_backend":
            return True
        return any(argument.arg == "anyio_backend" for argument in node.args.args)
    return False


def _uses_pytest_asyncio(node: ast.AST) -> bool:
    """``pytest.mark.asyncio`` (decorator, pytestmark), or ``pytest_asyncio`` imported."""
    if isinstance(node, ast.Attribute) and node.attr == "asyncio":
        value = node.value
        return isinstance(value, ast.Attribute) and value.attr == "mark"
    if isinstance(node, ast.Import):
        return any(alias.name.split(".")[0] == "pytest_asyncio" for alias in node.names)
    if isinstance(node, ast.ImportFrom):
        return (node.module or "").split(".")[0] == "pytest_asyncio"
    return False
