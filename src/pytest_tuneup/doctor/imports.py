"""Heavy imports at module level of conftests and test modules, from ``-X importtime``
(the benchmark's parsing: ``bench.importtime``), named by their import line.

Not a finding: a module the project's own code (every other Python file of the
project) imports at module level too. The tests import that code, so moving the test's
import into a fixture would save nothing (SQLAlchemy in a conftest, when the models
import it anyway): seen on a real FastAPI suite, where it was most of the report.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

import libcst as cst

from ..bench.importtime import Imports
from .model import Finding
from .suite import SourceFile, Suite, dotted, walk_python

# Below this, an import is not worth moving (seconds, with everything it imports).
THRESHOLD = 0.1


def module_names(source: SourceFile) -> set[str]:
    """The names pytest may import the file under: its stem, and dotted paths."""
    parts = list(PurePosixPath(source.rel).with_suffix("").parts)
    return {".".join(parts[index:]) for index in range(len(parts))}


def import_line(source: SourceFile, module: str) -> int | None:
    """The line of the module-level statement that imports ``module``."""
    for statement in source.module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            names: list[str] = []
            if isinstance(small, cst.Import):
                names = [dotted(alias.name) or "" for alias in small.names]
            elif isinstance(small, cst.ImportFrom) and small.module is not None:
                base = dotted(small.module) or ""
                names = [base]
                if not isinstance(small.names, cst.ImportStar):
                    names += [f"{base}.{dotted(a.name) or ''}" for a in small.names]
            for name in names:
                if name == module or name.startswith(module + "."):
                    return source.line(statement)
    return None


# A module-level import statement: at the start of a line, not indented.
MODULE_LEVEL_IMPORT = re.compile(r"^(?:import|from)\s+([A-Za-z_][\w.]*)", re.MULTILINE)


def project_imports(suite: Suite) -> set[str]:
    """Modules the project's other Python files import at module level (a cheap read:
    one regular expression per file, no parse)."""
    suite_files = {source.path.resolve() for source in suite.files}
    names: set[str] = set()
    for path in walk_python(suite.root):
        if path.resolve() in suite_files:
            continue
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        names.update(MODULE_LEVEL_IMPORT.findall(text))
    return names


def imported_by_project(module: str, names: set[str]) -> bool:
    """Importing ``a.b.c`` imports ``a`` and ``a.b`` too."""
    return any(name == module or name.startswith(module + ".") for name in names)


def collection_order(suite: Suite) -> list[SourceFile]:
    """Conftests first, outermost first, then test modules: who imports a module first
    is the one -X importtime charges for it."""
    return sorted(
        suite.files,
        key=lambda source: (not source.is_conftest, source.rel.count("/"), source.rel),
    )


def findings(
    suite: Suite, imports: Imports, threshold: float = THRESHOLD
) -> Iterator[Finding]:
    ordered = collection_order(suite)
    rows = [row for row in imports.top if row.cumulative >= threshold]
    project = project_imports(suite) if rows else set()
    for row in rows:
        if imported_by_project(row.module, project):
            continue
        # A top-level line (no importer) was imported by a conftest or test module
        # itself: -X importtime does not list the files pytest loads.
        candidates = [
            source
            for source in ordered
            if row.imported_by is None or row.imported_by in module_names(source)
        ]
        for source in candidates:
            line = import_line(source, row.module)
            if line is None:
                continue
            yield Finding(
                "heavy-import",
                source.rel,
                line,
                f"`{row.module}` imported at module level of {source.path.name}:"
                " every run pays for it at collection, even a run of one unrelated"
                " test",
                (
                    "import it inside the fixtures or tests that use it (or import the"
                    " one submodule they need); a conftest's imports are paid by every"
                    " test under it"
                ),
                cost=f"measured: {row.cumulative * 1000:.0f} ms to import (-X"
                " importtime, with what it imports)",
            )
            break
