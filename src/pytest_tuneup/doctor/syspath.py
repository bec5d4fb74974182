"""sys.path edits in conftests and tests, and files imported under two names."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import libcst as cst

from .database import walk_statements
from .model import Finding
from .suite import Suite

EDITS = ("sys.path.insert", "sys.path.append", "sys.path.extend")
FIX = (
    "delete it and say the folder once in the pytest configuration: pythonpath ="
    ' ["src"] (pytest 7+), or install the project (pip install -e .); with'
    " --import-mode=importlib no test file is imported under a second name"
)


def path_edits(suite: Suite) -> Iterator[Finding]:
    for source in suite.files:
        for node in walk_statements(source.module):
            if isinstance(node, cst.Call) and source.qualified(node.func) in EDITS:
                yield Finding(
                    "sys-path",
                    source.rel,
                    source.line(node),
                    f"{source.qualified(node.func)}() in {source.path.name}: the same"
                    " files become importable under two module names (imported twice,"
                    " two copies of every global) and the order of imports matters",
                    FIX,
                )


def imported_twice(duplicates: Sequence[Sequence[str]]) -> Iterator[Finding]:
    """From the probe: ``[file, name, name, ...]`` for files whose code ran twice."""
    for entry in duplicates:
        if len(entry) < 3 or entry[0].startswith("/"):
            continue
        names = ", ".join(entry[1:])
        yield Finding(
            "imported-twice",
            entry[0],
            1,
            f"imported twice, as {names}: its code ran twice (twice the import time,"
            " two copies of its globals)",
            FIX,
            cost="measured: imported twice in one run",
        )


def findings(suite: Suite) -> Iterator[Finding]:
    yield from path_edits(suite)
