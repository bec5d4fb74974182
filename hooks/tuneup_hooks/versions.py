"""Which releases of pytest and its plugins fit which Python and which pytest: the one table.

Every range pytest-tuneup relies on lives here, read from the releases' own metadata
(``Requires-Python`` and ``Requires-Dist: pytest ...``). The preflight asks it what the
project can run, what to install and what to refuse; ``ProjectEnvironment`` asks it which
pytest the configuration must fit. Versions are tuples, always compared padded to three
parts (``(9,)`` and ``(9, 0, 0)`` are the same release).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

Version = tuple[int, ...]
#: A half-open range of releases: ``low <= v < high``; ``high`` None means no upper end.
Bounds = tuple[Version, Version | None]

#: The oldest Python the generated plugins run on.
PYTHON_FLOOR: Version = (3, 9)


@dataclass(frozen=True)
class Span:
    """Releases ``first <= v < until`` of one distribution and what they declare."""

    distribution: str
    first: Version
    until: Version | None
    python: Version  # Requires-Python's lower end
    pytest: Bounds | None = None  # the pytest a plugin declares it works with


SPANS: tuple[Span, ...] = (
    Span("pytest", (8, 0), (8, 4), python=(3, 8)),
    Span("pytest", (8, 4), (9, 0), python=(3, 9)),
    Span("pytest", (9, 0), None, python=(3, 10)),
    # 0.23 declares pytest<9 and still installs beside pytest 9, where every async test
    # errors ('FixtureManager' object has no attribute '_arg2fixturedefs').
    Span("pytest-asyncio", (0, 23), (0, 24), python=(3, 8), pytest=((7, 0), (9, 0))),
    Span("pytest-asyncio", (0, 24), (0, 25), python=(3, 8), pytest=((8, 2), (9, 0))),
    Span("pytest-asyncio", (0, 25), (1, 3), python=(3, 9), pytest=((8, 2), (9, 0))),
    Span("pytest-asyncio", (1, 3), (1, 4), python=(3, 10), pytest=((8, 2), (10, 0))),
    Span("pytest-asyncio", (1, 4), (1, 5), python=(3, 10), pytest=((8, 4), (10, 0))),
    Span("pytest-asyncio", (1, 5), None, python=(3, 10), pytest=((8, 4), None)),
)

#: The oldest release of each distribution that the generated configuration and plugins
#: work with; also the lower end of what ``make tuneup-deps`` installs.
FLOORS: Mapping[str, Version] = {
    "pytest": (8, 0),
    # loop_scope on fixtures and asyncio_default_fixture_loop_scope arrived in 0.24.
    "pytest-asyncio": (0, 24),
    "pytest-cov": (5, 0),
    "pytest-xdist": (3, 5),
    "pytest-timeout": (2, 3),
    "pytest-socket": (0, 7),
    "psutil": (5, 9),
    # make doctor reads the suite with it (libcst 1.1: Python 3.9 to 3.12 wheels).
    "libcst": (1, 1),
    # make test-shard splits with it (0.9: the dict durations file; 0.11 needs 3.10, whose
    # 0.10 make tuneup-deps picks for a 3.9 floor).
    "pytest-split": (0, 9),
    "sqlalchemy": (2, 0),
    "filelock": (3, 12),
    "psycopg": (3, 1),
    "pytest-postgresql": (6, 0),
    "asyncpg": (0, 29),
    "aiosqlite": (0, 20),
    "alembic": (1, 13),
    "fastapi": (0, 110),
    "httpx": (0, 27),
    "httpx2": (2, 0),
}

#: Settings that exist only from some release on: (distribution, first release).
FEATURES: Mapping[str, tuple[str, Version]] = {
    # The native [tool.pytest] / pytest.toml tables; pytest 8 silently ignores them.
    "native_toml": ("pytest", (9, 0)),
    "asyncio_default_fixture_loop_scope": ("pytest-asyncio", (0, 24)),
    "asyncio_default_test_loop_scope": ("pytest-asyncio", (0, 26)),
}


def padded(version: Version) -> Version:
    """``(9,)`` -> ``(9, 0, 0)``: tuples compare by length otherwise."""
    return (*version, 0, 0, 0)[:3] if len(version) < 3 else tuple(version)


def show(version: Version) -> str:
    return ".".join(str(part) for part in version)


def contains(bounds: Bounds, version: Version) -> bool:
    low, high = bounds
    return padded(low) <= padded(version) and (high is None or padded(version) < padded(high))


def specifier(distribution: str, bounds: Bounds) -> str:
    """``("pytest", ((8, 0), (9, 0)))`` -> ``pytest>=8.0,<9``."""
    low, high = bounds
    text = f"{distribution}>={show(low)}"
    # An upper end reads as the release it stops before: <9, <1.3.
    return text + (f",<{show(high[:1] if high[1:] in ((0,), (0, 0)) else high)}" if high is not None else "")


def supports(feature: str, version: Version | None) -> bool:
    """Whether ``version`` of the feature's distribution has it; None (not installed) -> False."""
    _, first = FEATURES[feature]
    return version is not None and padded(version) >= padded(first)


def tabled(distribution: str) -> bool:
    """Whether ``SPANS`` knows this distribution's releases."""
    return any(span.distribution == distribution for span in SPANS)


def span_of(distribution: str, version: Version) -> Span | None:
    for span in SPANS:
        if span.distribution == distribution and contains((span.first, span.until), version):
            return span
    return None


def parse_specifier(text: str) -> Bounds | None:
    """``"<9,>=8.2"`` -> ``((8, 2), (9,))``; None when it says nothing we can use.

    Reads the comparisons requirement files and lock files use (``>=``, ``>``, ``<``,
    ``<=``, ``==``, ``~=``, Poetry's ``^``); ``!=`` and markers narrow nothing here.
    """
    low: Version = (0,)
    high: Version | None = None
    found = False
    for operator, number, star in re.findall(r"(~=|==|>=|<=|>|<|\^|~)\s*v?(\d+(?:\.\d+)*)(\.\*)?", text):
        version = tuple(int(part) for part in number.split("."))
        found = True
        if operator in (">=", ">"):
            low = max(low, version, key=padded)
        elif operator == "<":
            high = version if high is None else min(high, version, key=padded)
        elif operator == "<=":
            bump = (*version[:-1], version[-1] + 1)
            high = bump if high is None else min(high, bump, key=padded)
        elif operator in ("==", "~=", "^", "~"):
            low = max(low, version, key=padded)
            if operator == "==" and not star:
                upper: Version = (*version, 1) if len(version) >= 3 else (*version[:-1], version[-1] + 1)
            elif operator == "^" and version[0] == 0 and len(version) > 1:
                upper = (0, version[1] + 1)
            elif operator == "^" or (operator == "~=" and len(version) == 2):
                upper = (version[0] + 1,)
            else:  # ~=1.4.2, ~1.4, ==1.4.*: the same minor
                upper = (version[0], version[1] + 1) if len(version) > 1 else (version[0] + 1,)
            high = upper if high is None else min(high, upper, key=padded)
    return (low, high) if found else None


def intersect(first: Bounds, second: Bounds) -> Bounds | None:
    low = max(first[0], second[0], key=padded)
    highs = [high for high in (first[1], second[1]) if high is not None]
    high = min(highs, key=padded) if highs else None
    if high is not None and padded(low) >= padded(high):
        return None
    return (low, high)


def pytest_bounds(python_floor: Version | None, caps: Iterable[Bounds]) -> Bounds | None:
    """The pytest releases to install: the newest major that installs on the project's
    oldest Python and that every installed plugin's declared pytest range allows.

    None: no pytest from ``FLOORS["pytest"]`` on fits (the preflight refuses).
    """
    floor = padded(python_floor or PYTHON_FLOOR)
    caps = tuple(caps)
    majors = sorted({span.first[0] for span in SPANS if span.distribution == "pytest"}, reverse=True)
    for major in majors:
        spans = [
            span
            for span in SPANS
            if span.distribution == "pytest" and span.first[0] == major and padded(span.python) <= floor
        ]
        if not spans:
            continue
        bounds: Bounds | None = (max(FLOORS["pytest"], spans[0].first, key=padded), (major + 1, 0))
        for cap in caps:
            bounds = intersect(bounds, cap) if bounds is not None else None
        if bounds is not None:
            return bounds
    return None


def plugin_bounds(distribution: str, python_floor: Version | None, pytest: Version) -> Bounds | None:
    """The releases of a plugin with a row in ``SPANS`` that install on the project's
    oldest Python and declare support for ``pytest``, from pytest-tuneup's floor on.

    The matching spans are joined into one range (``pytest-asyncio>=0.24,<1.3`` beside
    pytest 8 on Python 3.9); None when none fits.
    """
    floor = padded(python_floor or PYTHON_FLOOR)
    first_allowed = FLOORS.get(distribution, (0,))
    spans = [
        span
        for span in SPANS
        if span.distribution == distribution
        and padded(span.python) <= floor
        and (span.until is None or padded(span.until) > padded(first_allowed))
        and (span.pytest is None or contains(span.pytest, pytest))
    ]
    if not spans:
        return None
    # The newest fitting spans that follow each other without a gap: one range.
    run = [spans[-1]]
    for span in reversed(spans[:-1]):
        if span.until != run[0].first:
            break
        run.insert(0, span)
    return (max(run[0].first, first_allowed, key=padded), run[-1].until)


def pytest_range_of(distribution: str, python_floor: Version | None) -> Bounds | None:
    """The widest pytest range some release of a tabled plugin supports on the project's
    Python, from pytest-tuneup's floor on: installing both, pytest must stay inside it."""
    floor = padded(python_floor or PYTHON_FLOOR)
    first_allowed = padded(FLOORS.get(distribution, (0,)))
    ranges = [
        span.pytest
        for span in SPANS
        if span.distribution == distribution
        and span.pytest is not None
        and padded(span.python) <= floor
        and (span.until is None or padded(span.until) > first_allowed)
    ]
    if not ranges:
        return None
    highs = [high for _, high in ranges]
    return (min((low for low, _ in ranges), key=padded), None if None in highs else max(highs, key=padded))  # type: ignore[arg-type]


def requirement(distribution: str, extra: str = "") -> str:
    """A plain ``name[extra]>=floor`` for distributions without rows in ``SPANS``."""
    name = f"{distribution}[{extra}]" if extra else distribution
    return f"{name}>={show(FLOORS[distribution])}"


def wanted(answers: Mapping[str, object]) -> list[tuple[str, str]]:
    """What the answers need installed: ``(distribution, extra)`` pairs, pytest first.

    The one list of which answer needs which library (``make tuneup-deps``'s
    TUNEUP_REQUIREMENTS should be written from it).
    """
    database = str(answers.get("database") or "none")
    db_async = database != "none" and str(answers.get("db_api") or "sync") == "async"
    async_mode = str(answers.get("async_mode") or "off")
    framework = str(answers.get("framework") or "none")
    out: list[tuple[str, str]] = [("pytest", "")]
    if truthy(answers.get("coverage", True)):
        out.append(("pytest-cov", ""))
    if truthy(answers.get("parallel", False)):
        out.append(("pytest-xdist", ""))
    if _number(answers.get("test_timeout", 0)) > 0:
        out.append(("pytest-timeout", ""))
    if async_mode != "off" or db_async:
        out.append(("pytest-asyncio", ""))
    if truthy(answers.get("block_network", False)):
        out.append(("pytest-socket", ""))
    out.append(("psutil", ""))
    # Always, like psutil: the vendored doctor imports it at module level, and a
    # project's mypy --strict over tests/ must resolve it (docs/decisions/doctor.md).
    out.append(("libcst", ""))
    # Always: make test-shard's splitter, inert without --splits (docs/decisions/shards.md).
    out.append(("pytest-split", ""))
    if database != "none":
        out += [("sqlalchemy", "asyncio" if db_async else ""), ("filelock", "")]
        if database == "postgresql":
            out += [("psycopg", "binary"), ("pytest-postgresql", "")]
            if db_async:
                out.append(("asyncpg", ""))
        elif db_async:
            out.append(("aiosqlite", ""))
        if str(answers.get("schema") or "metadata") == "alembic":
            out.append(("alembic", ""))
    if framework == "fastapi":
        out += [("fastapi", ""), ("httpx", "")]
        # The sync client is Starlette's TestClient, which from Starlette 1.x wants httpx2.
        if (not db_async) if database != "none" else async_mode == "off":
            out.append(("httpx2", ""))
    return out


def truthy(value: object) -> bool:
    """An answer's yes/no, whether copier gave a bool or a script gave a string."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "yes", "1", "on")


def _number(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0
