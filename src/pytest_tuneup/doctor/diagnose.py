"""Every finding family over one suite, in one order."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from . import (
    app_factory,
    asyncio_checks,
    configuration,
    database,
    flask_app,
    hashing,
    imports,
    syspath,
    teardown,
)
from .config import read_config
from .costs import Measured, attach
from .model import Finding
from .suite import Suite, read_suite

FAMILIES: tuple[Callable[[Suite], Iterator[Finding]], ...] = (
    database.findings,
    app_factory.findings,
    flask_app.findings,
    asyncio_checks.findings,
    syspath.findings,
    teardown.findings,
    hashing.findings,
    configuration.findings,
)


def diagnose(
    root: Path,
    tests: Sequence[str] = (),
    measured: Measured | None = None,
    import_threshold: float = imports.THRESHOLD,
) -> list[Finding]:
    suite = read_suite(root, read_config(root), tests)
    found = [finding for family in FAMILIES for finding in family(suite)]
    if measured is not None:
        if measured.imports is not None:
            found += imports.findings(suite, measured.imports, import_threshold)
        found += syspath.imported_twice(measured.duplicates)
        attach(found, measured)
    unique: dict[tuple[str, str, int, str], Finding] = {}
    for finding in found:
        unique.setdefault(
            (finding.code, finding.path, finding.line, finding.what), finding
        )
    return sorted(unique.values(), key=lambda item: (item.path, item.line, item.code))
