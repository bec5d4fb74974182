"""Reading ``-X importtime``: what the project's conftests and test modules import.

The probe prints a mark on stderr when the project's conftests start loading and when
collection ends, so the lines in between are the project's cost, the lines before it
pytest's own start-up.
"""

from __future__ import annotations

import os
import re
import sys
import sysconfig
from dataclasses import dataclass, field

from .protocol import COLLECT_END, COLLECT_START

IMPORT_LINE = re.compile(r"^import time:\s*(\d+) \|\s*(\d+) \| ( *)(\S.*)$")
# Left out of the list: pytest's own machinery and the benchmark's.
NOT_YOURS = frozenset({"_pytest", "pytest", "pluggy", "iniconfig", "pytest_tuneup"})


@dataclass(frozen=True)
class ImportRow:
    module: str
    cumulative: float  # seconds, with everything it imported
    own: float  # seconds, its own code ("self" in -X importtime and in the JSON)
    imported_by: str | None


@dataclass(frozen=True)
class Imports:
    startup: float  # seconds of top-level imports before the project's conftests
    collection: float  # seconds of top-level imports during conftests and collection
    top: list[ImportRow] = field(default_factory=list)


def stdlib_names() -> frozenset[str]:
    """Top-level names of the standard library.

    ``sys.stdlib_module_names`` from Python 3.10; on 3.9 the names in the standard
    library's folders, which is the same list give or take private modules.
    """
    known = getattr(sys, "stdlib_module_names", None)
    if known is not None:
        return frozenset(known)
    names = set(sys.builtin_module_names)
    paths = sysconfig.get_paths()
    for key in ("stdlib", "platstdlib"):
        folder = paths.get(key)
        if not folder or not os.path.isdir(folder):
            continue
        for entry in os.listdir(folder):
            names.add(entry.split(".")[0])
        dynload = os.path.join(folder, "lib-dynload")
        if os.path.isdir(dynload):
            names.update(entry.split(".")[0] for entry in os.listdir(dynload))
    names.discard("site-packages")
    return frozenset(names)


def parse_importtime(text: str, top: int) -> Imports:
    """Totals before and during collection, and the top imports during it (cumulative).

    A line's importer is the next line one level up (Python prints a module after the
    modules it imported). A submodule imported by its own package is left out: the
    package's line already counts it.
    """
    entries: list[tuple[str, int, float, float]] = []  # phase, level, self, cumulative
    names: list[str] = []
    phase = "startup"
    for line in text.splitlines():
        if COLLECT_START in line:
            phase = "collection"
        elif COLLECT_END in line:
            phase = "after"
        match = IMPORT_LINE.match(line)
        if match and match.group(4) != "imported package":
            own, total, indent, name = match.groups()
            level = len(indent) // 2
            entries.append((phase, level, int(own) / 1e6, int(total) / 1e6))
            names.append(name.strip())
    if not any(entry[0] == "collection" for entry in entries):
        # No marks (the probe did not load): count every import as collection's.
        entries = [("collection", level, own, cum) for _, level, own, cum in entries]
    parents = importers([level for _, level, _, _ in entries], names)
    stdlib = stdlib_names()
    rows: list[ImportRow] = []
    totals = {"startup": 0.0, "collection": 0.0}
    for (phase, level, own, total), name, parent in zip(entries, names, parents):
        if level == 0 and phase in totals:
            totals[phase] += total
        root = name.split(".")[0]
        if phase != "collection" or root in stdlib or root in NOT_YOURS:
            continue
        if parent is not None and parent.split(".")[0] == root:
            continue
        rows.append(ImportRow(name, total, own, parent))
    rows.sort(key=lambda row: -row.cumulative)
    return Imports(totals["startup"], totals["collection"], rows[:top])


def importers(levels: list[int], names: list[str]) -> list[str | None]:
    """For each line, the module that imported it: the next line one level up."""
    parents: list[str | None] = [None] * len(levels)
    latest: dict[int, str] = {}
    for index in range(len(levels) - 1, -1, -1):
        level = levels[index]
        parents[index] = latest.get(level - 1)
        latest[level] = names[index]
        for deeper in [key for key in latest if key > level]:
            del latest[deeper]
    return parents
