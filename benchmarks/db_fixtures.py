#!/usr/bin/env python3
"""Benchmark pytest-tuneup's database fixtures (issue 3): what ``db_session`` costs per test.

It scaffolds the real template (the working tree, uncommitted edits included) with copier
into temporary copies of the fixture projects ``tests/projects/db_sync`` (library, sync
``Session``) and ``tests/projects/db_async`` (kitchen, ``AsyncSession``), once per variant
sqlite-sync, sqlite-async, postgresql-sync and postgresql-async. In each project it
writes these suites, all on the project's own models:

  empty              N tests that do nothing (``async def`` in the async variants)
  db_session         N tests that only request our ``db_session``
  db_session_recipe  the same N tests on the hand-written recipe (below)
  naive              M tests that only request a naive ``db_session`` that runs
                     ``create_all`` before and ``drop_all`` after every test, on a fresh
                     engine (M is smaller: it is slow)
  ours               the project's own suite (K copies of it) on our fixtures
  recipe             the same suite on SQLAlchemy's "Joining a Session into an External
                     Transaction" recipe written by hand in a conftest.py (same fixture
                     names, our plugin taken out of addopts)

Each run of a suite is a fresh ``python -m pytest`` with ``-p no:randomly -p
no:cacheprovider``, no coverage, and a small measurement plugin
(``benchmarks/tuneup_bench_measure.py``) that records every test's setup + call +
teardown as pytest measured it, and the CPU time the pytest process spent on it. The
suites run interleaved (empty, db_session, ..., recipe, then again, the order rotated by
one every run), so a noisy neighbour slows all of them alike and no suite always runs
right after the same other one.

Per run and suite it takes the median per-test cost (empty, db_session, naive: every
test is the same) or the mean over the tests but the first and the last (ours, recipe:
the tests differ; the first and last carry the session's one-off setup and teardown).
Over the runs it reports the median and the interquartile range. Paired figures
(overhead, ratios) are computed run by run, then summarised the same way. The verdicts
on the issue's targets use wall-clock time; CPU time is shown beside it because it hardly
moves when other programs load the machine (it leaves out a PostgreSQL server's work).

PostgreSQL variants need ``TEST_DATABASE_URL`` (``source scripts/_postgres.sh`` starts a
throwaway server and sets it); the benchmark makes its own databases on that server,
all named ``bench_..._test``, and drops them afterwards. Without the variable they are
skipped with one line.

    .venv/bin/python benchmarks/db_fixtures.py --runs 7
    .venv/bin/python benchmarks/db_fixtures.py --only sqlite-sync --runs 3 --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy
from sqlalchemy import Engine, create_engine, text

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(REPO / "tests" / "support"))

from tuneup_testing import copy_template, git, make_project, snapshot_template  # noqa: E402

VARIANTS = ("sqlite-sync", "sqlite-async", "postgresql-sync", "postgresql-async")
SUITES = ("empty", "db_session", "db_session_recipe", "naive", "ours", "recipe")
#: Suites that run on the hand-written recipe, without our plugin.
RECIPE_SUITES = ("db_session_recipe", "recipe")
URL_ENV = "TEST_DATABASE_URL"
OUT_ENV = "TUNEUP_BENCH_OUT"
PROJECTS = {"sync": ("db_sync", "library.models"), "async": ("db_async", "kitchen.models")}

#: The issue's targets (milliseconds and ratios).
OVERHEAD_TARGET_MS = {"sqlite-sync": 1.0, "sqlite-async": 2.0, "postgresql-sync": 2.0, "postgresql-async": 2.0}
RECIPE_TARGET = 1.10
NAIVE_TARGET = 20.0


@dataclass(frozen=True)
class Variant:
    name: str

    @property
    def database(self) -> str:
        return self.name.split("-")[0]

    @property
    def api(self) -> str:
        return self.name.split("-")[1]

    @property
    def is_async(self) -> bool:
        return self.api == "async"

    @property
    def is_pg(self) -> bool:
        return self.database == "postgresql"


# ---- the generated suites ---------------------------------------------------------------


def empty_suite(variant: Variant, count: int) -> str:
    prefix = "async " if variant.is_async else ""
    return f"""import pytest


@pytest.mark.parametrize("n", range({count}))
{prefix}def test_empty(n):
    pass
"""


def db_session_suite(variant: Variant, count: int) -> str:
    prefix = "async " if variant.is_async else ""
    return f"""import pytest


@pytest.mark.parametrize("n", range({count}))
{prefix}def test_db_session(db_session, n):
    pass
"""


def naive_conftest(variant: Variant) -> str:
    """The per-test fixture most suites start with: a new engine, create_all, drop_all."""
    models = PROJECTS[variant.api][1]
    if variant.is_pg:
        url = 'os.environ["BENCH_NAIVE_URL"]'
    else:
        driver = "sqlite+aiosqlite" if variant.is_async else "sqlite"
        url = 'f"' + driver + ":///{Path(__file__).parent / 'naive_test.sqlite3'}\""
    if variant.is_async:
        return f'''"""A naive per-test database fixture: fresh engine, create_all, drop_all, every test."""

import os
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from {models} import Base


@pytest.fixture
async def db_session():
    engine = create_async_engine({url})
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    async with AsyncSession(engine, expire_on_commit=False) as session:
        yield session
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.drop_all)
    await engine.dispose()
'''
    return f'''"""A naive per-test database fixture: fresh engine, create_all, drop_all, every test."""

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from {models} import Base


@pytest.fixture
def db_session():
    engine = create_engine({url})
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        yield session
    Base.metadata.drop_all(engine)
    engine.dispose()
'''


def recipe_conftest(variant: Variant) -> str:
    """SQLAlchemy's "Joining a Session into an External Transaction", as a team writes it.

    The SQLite parts follow SQLAlchemy's pysqlite notes ("Serializable isolation /
    Savepoints / Transactional DDL"): without them a rolled-back SAVEPOINT is kept, and
    this suite's isolation tests fail. The async session uses ``expire_on_commit=False``
    as SQLAlchemy's asyncio documentation recommends.
    """
    models = PROJECTS[variant.api][1]
    if variant.is_pg:
        driver = "postgresql+asyncpg" if variant.is_async else "postgresql+psycopg"
        url_line = f'    url = os.environ["BENCH_RECIPE_URL"].replace("postgresql://", "{driver}://", 1)'
    else:
        driver = "sqlite+aiosqlite" if variant.is_async else "sqlite"
        url_line = f"    url = f\"{driver}:///{{tmp_path_factory.mktemp('db') / 'test.sqlite3'}}\""
    sqlite_fix = (
        ""
        if variant.is_pg
        else f"""
    @event.listens_for(engine{".sync_engine" if variant.is_async else ""}, "connect")
    def do_connect(dbapi_connection, connection_record):
        dbapi_connection.isolation_level = None

    @event.listens_for(engine{".sync_engine" if variant.is_async else ""}, "begin")
    def do_begin(conn):
        conn.exec_driver_sql("BEGIN")
"""
    )
    if variant.is_async:
        return f'''"""Hand-written: SQLAlchemy's "Joining a Session into an External Transaction" recipe."""

import os

import pytest_asyncio
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from {models} import Base


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def db_engine(tmp_path_factory):
{url_line}
    engine = create_async_engine(url)
{sqlite_fix}
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.drop_all)
        await conn.run_sync(Base.metadata.create_all)
    yield engine
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.drop_all)
    await engine.dispose()


@pytest_asyncio.fixture(loop_scope="session")
async def db_connection(db_engine):
    async with db_engine.connect() as connection:
        transaction = await connection.begin()
        yield connection
        if transaction.is_active:
            await transaction.rollback()


@pytest_asyncio.fixture(loop_scope="session")
async def db_session(db_connection):
    session = AsyncSession(
        bind=db_connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    yield session
    await session.close()
'''
    return f'''"""Hand-written: SQLAlchemy's "Joining a Session into an External Transaction" recipe."""

import os

import pytest
from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session

from {models} import Base


@pytest.fixture(scope="session")
def db_engine(tmp_path_factory):
{url_line}
    engine = create_engine(url)
{sqlite_fix}
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    yield engine
    Base.metadata.drop_all(engine)
    engine.dispose()


@pytest.fixture
def db_connection(db_engine):
    with db_engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        if transaction.is_active:
            transaction.rollback()


@pytest.fixture
def db_session(db_connection):
    session = Session(bind=db_connection, join_transaction_mode="create_savepoint")
    yield session
    session.close()
'''


def copy_suite(project: Path, target: Path, copies: int) -> None:
    """K copies of the project's own tests, without our plugin's folder."""
    for index in range(copies):
        shutil.copytree(
            project / "tests", target / f"copy{index}", ignore=shutil.ignore_patterns("tuneup", "__pycache__")
        )


# ---- one variant's project ----------------------------------------------------------------


@dataclass
class Prepared:
    variant: Variant
    project: Path
    env: dict[str, str]
    addopts_without_plugin: str
    expected: dict[str, int] = field(default_factory=dict)


def scaffold(variant: Variant, template: Path, workdir: Path, *, tests: int, naive: int, copies: int) -> Path:
    shape, models = PROJECTS[variant.api]
    project = make_project(shape, workdir / variant.name)
    answers: dict[str, Any] = {
        "database": variant.database,
        "db_api": variant.api,
        "models": f"{models}:Base",
        "coverage": False,
        "parallel": True,  # as tests/test_database.py answers; the benchmark runs without -n
    }
    if variant.is_async:
        answers["async_mode"] = "auto"
    copy_template(template, project, answers)
    bench = project / "bench"
    for name, source in (
        ("empty/test_empty.py", empty_suite(variant, tests)),
        ("db_session/test_db_session.py", db_session_suite(variant, tests)),
        ("naive/test_naive.py", db_session_suite(variant, naive)),
        ("naive/conftest.py", naive_conftest(variant)),
        ("db_session_recipe/test_db_session.py", db_session_suite(variant, tests)),
        ("db_session_recipe/conftest.py", recipe_conftest(variant)),
        ("recipe/conftest.py", recipe_conftest(variant)),
    ):
        path = bench / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    copy_suite(project, bench / "ours", copies)
    copy_suite(project, bench / "recipe", copies)
    return project


DB_PLUGIN = "pytest_tuneup.db"


def generated_addopts(project: Path) -> list[str]:
    config = tomllib.loads((project / "pyproject.toml").read_text())
    addopts = config["tool"]["pytest"]["ini_options"]["addopts"]
    return list(addopts) if isinstance(addopts, list) else shlex.split(addopts)


def without_db_plugin(addopts: Sequence[str]) -> list[str]:
    """The generated addopts minus ``-p pytest_tuneup.db``: ``-p no:pytest_tuneup.db`` is not
    enough, the plugin's fixtures stay registered once it was imported."""
    result: list[str] = []
    skip = False
    for index, item in enumerate(addopts):
        if skip:
            skip = False
            continue
        if item == "-p" and index + 1 < len(addopts) and addopts[index + 1] == DB_PLUGIN:
            skip = True
            continue
        if item == f"-p{DB_PLUGIN}":
            continue
        result.append(item)
    if len(result) == len(addopts):
        raise SystemExit(f"benchmark: no '-p {DB_PLUGIN}' in the generated addopts {addopts}")
    return result


def database_url(base: str, name: str) -> str:
    return re.sub(r"/[^/?]*(\?|$)", rf"/{name}\1", base, count=1)


# ---- PostgreSQL databases ------------------------------------------------------------------


def pg_admin(base_url: str) -> Engine:
    url = database_url(base_url, "postgres").replace("postgresql://", "postgresql+psycopg://", 1)
    return create_engine(url, isolation_level="AUTOCOMMIT")


def pg_names(variant: Variant) -> dict[str, str]:
    return {
        "ours": f"bench_{variant.api}_test",
        "naive": f"bench_naive_{variant.api}_test",
        "recipe": f"bench_recipe_{variant.api}_test",
    }


def pg_all_names(variant: Variant) -> list[str]:
    names = pg_names(variant)
    return [*names.values(), f"{names['ours']}_template", f"{names['ours']}_main"]


def pg_reset(base_url: str, variants: Sequence[Variant], *, create: bool) -> None:
    admin = pg_admin(base_url)
    try:
        with admin.connect() as conn:
            for variant in variants:
                for name in pg_all_names(variant):
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                if create:
                    names = pg_names(variant)
                    for name in (names["naive"], names["recipe"]):
                        conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()


def prepare(variant: Variant, project: Path, pg_url: str | None) -> Prepared:
    env = {key: value for key, value in os.environ.items() if key not in (URL_ENV, "PYTEST_ADDOPTS")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(BENCH_DIR), os.environ.get("PYTHONPATH")]))
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if variant.is_pg:
        assert pg_url is not None
        names = pg_names(variant)
        env[URL_ENV] = database_url(pg_url, names["ours"])
        env["BENCH_NAIVE_URL"] = database_url(pg_url, names["naive"]).replace(
            "postgresql://", "postgresql+asyncpg://" if variant.is_async else "postgresql+psycopg://", 1
        )
        env["BENCH_RECIPE_URL"] = database_url(pg_url, names["recipe"])
    addopts = shlex.join(without_db_plugin(generated_addopts(project)))
    return Prepared(variant, project, env, addopts)


# ---- running and measuring -------------------------------------------------------------------


@dataclass
class Sample:
    """One suite run: per-test seconds (wall clock and CPU) in the order the tests ran."""

    wall: list[float]
    cpu: list[float]
    loop_seconds: float
    wall_seconds: float

    def per_test(self, metric: str) -> list[float]:
        return self.cpu if metric == "cpu" else self.wall

    def median_ms(self, metric: str = "wall") -> float:
        return statistics.median(self.per_test(metric)) * 1000

    def steady_mean_ms(self, metric: str = "wall") -> float:
        """Mean per test without the first and last (the session's one-off set-up and tear-down)."""
        values = self.per_test(metric)
        inner = values[1:-1] if len(values) > 2 else values
        return statistics.fmean(inner) * 1000

    def trimmed_mean_ms(self, metric: str = "wall") -> float:
        """Like steady_mean_ms, without the slowest and fastest tenth of the tests either.

        A burst of other people's work that stalls a few tests lands in the slow tail; the
        trimmed mean is what the suite costs when nothing else disturbs it.
        """
        values = self.per_test(metric)
        inner = sorted(values[1:-1] if len(values) > 2 else values)
        cut = len(inner) // 10
        return statistics.fmean(inner[cut : len(inner) - cut]) * 1000

    def one_off_ms(self) -> float:
        """What the first and last test cost above a steady test: the session's fixtures."""
        if len(self.wall) < 3:
            return 0.0
        return (self.wall[0] + self.wall[-1]) * 1000 - 2 * self.steady_mean_ms()

    def as_json(self) -> dict[str, Any]:
        return {
            "tests": len(self.wall),
            "median_ms": self.median_ms(),
            "steady_mean_ms": self.steady_mean_ms(),
            "cpu_median_ms": self.median_ms("cpu"),
            "cpu_steady_mean_ms": self.steady_mean_ms("cpu"),
            "trimmed_mean_ms": self.trimmed_mean_ms(),
            "cpu_trimmed_mean_ms": self.trimmed_mean_ms("cpu"),
            "one_off_ms": self.one_off_ms(),
            "loop_ms": self.loop_seconds * 1000,
            "wall_ms": self.wall_seconds * 1000,
        }


def run_suite(prepared: Prepared, suite: str, out_dir: Path) -> Sample:
    out = out_dir / f"{prepared.variant.name}-{suite}.json"
    out.unlink(missing_ok=True)
    args = [sys.executable, "-m", "pytest", f"bench/{suite}", "-q", "-p", "no:randomly", "-p", "no:cacheprovider"]
    args += ["-p", "tuneup_bench_measure"]
    recipe = suite in RECIPE_SUITES
    if recipe:
        args += ["-o", f"addopts={prepared.addopts_without_plugin}"]
    started = time.perf_counter()
    result = subprocess.run(
        args,
        cwd=prepared.project,
        env={**prepared.env, OUT_ENV: str(out)},
        capture_output=True,
        text=True,
        timeout=900,
    )
    wall = time.perf_counter() - started
    if result.returncode != 0 or not out.is_file():
        raise SystemExit(
            f"benchmark: {prepared.variant.name} {suite} failed (exit {result.returncode}):\n"
            f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        )
    data = json.loads(out.read_text())
    tests = data["tests"]
    passed = int(data["outcomes"].get("passed", 0))
    if passed != len(tests) or not tests:
        raise SystemExit(f"benchmark: {prepared.variant.name} {suite}: not every test passed: {data['outcomes']}")
    expected = prepared.expected.setdefault(suite, len(tests))
    if expected != len(tests):
        raise SystemExit(f"benchmark: {prepared.variant.name} {suite} ran {len(tests)} tests, before {expected}")
    if bool(data["tuneup_db_loaded"]) == recipe:
        raise SystemExit(
            f"benchmark: {prepared.variant.name} {suite} ran with{'' if recipe else 'out'} our database plugin"
        )
    return Sample(
        [float(test["seconds"]) for test in tests],
        [float(test["cpu_seconds"]) for test in tests],
        float(data["loop_seconds"]),
        wall,
    )


# ---- statistics -----------------------------------------------------------------------------


def summary(values: Sequence[float]) -> dict[str, Any]:
    """Median and interquartile range over the runs."""
    ordered = sorted(values)
    if len(ordered) >= 2:
        q1, _, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    else:
        q1 = q3 = ordered[0]
    return {"median": statistics.median(ordered), "q1": q1, "q3": q3, "runs": ordered}


def paired(a: Sequence[Sample], b: Sequence[Sample], how: Callable[[Sample, Sample], float]) -> dict[str, Any]:
    """A figure computed run by run from two suites that ran side by side, then summarised."""
    return summary([how(x, y) for x, y in zip(a, b, strict=True)])


def analyse(samples: dict[str, list[Sample]]) -> dict[str, Any]:
    empty, ours, recipe = samples["empty"], samples["db_session"], samples["db_session_recipe"]
    naive, suite_ours, suite_recipe = samples["naive"], samples["ours"], samples["recipe"]
    figures: dict[str, Any] = {}
    for prefix, metric in (("", "wall"), ("cpu_", "cpu")):

        def median(sample: Sample, metric: str = metric) -> float:
            return sample.median_ms(metric)

        def trimmed(sample: Sample, metric: str = metric) -> float:
            return sample.trimmed_mean_ms(metric)

        figures |= {
            f"{prefix}empty_ms": summary([median(s) for s in empty]),
            f"{prefix}db_session_ms": summary([median(s) for s in ours]),
            f"{prefix}db_session_recipe_ms": summary([median(s) for s in recipe]),
            f"{prefix}naive_ms": summary([median(s) for s in naive]),
            f"{prefix}overhead_ms": paired(ours, empty, lambda o, e: median(o) - median(e)),
            f"{prefix}recipe_overhead_ms": paired(recipe, empty, lambda r, e: median(r) - median(e)),
            f"{prefix}naive_over_ours": paired(naive, ours, lambda n, o: median(n) / median(o)),
            f"{prefix}suite_ours_ms": summary([trimmed(s) for s in suite_ours]),
            f"{prefix}suite_recipe_ms": summary([trimmed(s) for s in suite_recipe]),
            f"{prefix}ours_over_recipe": paired(suite_ours, suite_recipe, lambda o, r: trimmed(o) / trimmed(r)),
        }
    # What the fixture adds against what the naive fixture adds, both above an empty test.
    figures["naive_overhead_over_ours"] = summary(
        [
            (n.median_ms() - e.median_ms()) / max(o.median_ms() - e.median_ms(), 1e-3)
            for n, o, e in zip(naive, ours, empty, strict=True)
        ]
    )
    # The plain mean too (no trimming), for reference.
    figures["suite_ours_mean_ms"] = summary([s.steady_mean_ms() for s in suite_ours])
    figures["suite_recipe_mean_ms"] = summary([s.steady_mean_ms() for s in suite_recipe])
    figures["ours_over_recipe_mean"] = paired(
        suite_ours, suite_recipe, lambda o, r: o.steady_mean_ms() / r.steady_mean_ms()
    )
    figures["suite_ours_one_off_ms"] = summary([s.one_off_ms() for s in suite_ours])
    figures["suite_recipe_one_off_ms"] = summary([s.one_off_ms() for s in suite_recipe])
    return figures


def verdicts(variant: Variant, figures: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's targets, judged on wall-clock medians over the runs.

    "Cheaper per test than the naive fixture" has two readings, both judged: what the
    fixture adds to a test (each fixture's cost above an empty test), and what the whole
    test costs (pytest's own per-test work, the same with either fixture, included).
    """
    overhead = figures["overhead_ms"]["median"]
    ratio = figures["ours_over_recipe"]["median"]
    naive_fixture = figures["naive_overhead_over_ours"]["median"]
    naive_test = figures["naive_over_ours"]["median"]
    limit = OVERHEAD_TARGET_MS[variant.name]
    return [
        {
            "target": f"`db_session` costs at most {limit:g} ms more than an empty test",
            "value": f"{overhead:.2f} ms (CPU {figures['cpu_overhead_ms']['median']:.2f} ms;"
            f" hand-written recipe {figures['recipe_overhead_ms']['median']:.2f} ms)",
            "met": overhead <= limit,
        },
        {
            "target": f"realistic suite within {RECIPE_TARGET - 1:.0%} of the hand-written recipe",
            "value": f"ours/recipe {ratio:.3f} (CPU {figures['cpu_ours_over_recipe']['median']:.3f})",
            "met": ratio <= RECIPE_TARGET,
        },
        {
            "target": f"at least {NAIVE_TARGET:g}× cheaper than naive create_all/drop_all: the fixture's cost",
            "value": f"naive/ours {naive_fixture:.1f}× (above an empty test)",
            "met": naive_fixture >= NAIVE_TARGET,
        },
        {
            "target": f"at least {NAIVE_TARGET:g}× cheaper than naive create_all/drop_all: the whole test",
            "value": f"naive/ours {naive_test:.1f}×",
            "met": naive_test >= NAIVE_TARGET,
        },
    ]


# ---- output ---------------------------------------------------------------------------------


def spread(figure: dict[str, Any], digits: int = 2, unit: str = "") -> str:
    return f"{figure['median']:.{digits}f}{unit} ({figure['q1']:.{digits}f}–{figure['q3']:.{digits}f})"


def tables(results: dict[str, dict[str, Any]]) -> str:
    lines = [
        "Per test (setup + call + teardown), wall clock, ms: median over runs (interquartile range over runs)",
        "",
        "| variant | empty test | `db_session`: ours | overhead: ours | `db_session`: recipe | overhead: recipe"
        " | naive create_all/drop_all | naive / ours: fixture | naive / ours: test |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, result in results.items():
        f = result["figures"]
        lines.append(
            f"| {name} | {spread(f['empty_ms'])} | {spread(f['db_session_ms'])} | {spread(f['overhead_ms'])}"
            f" | {spread(f['db_session_recipe_ms'])} | {spread(f['recipe_overhead_ms'])}"
            f" | {spread(f['naive_ms'], 1)} | {spread(f['naive_overhead_over_ours'], 0, '×')}"
            f" | {spread(f['naive_over_ours'], 0, '×')} |"
        )
    lines += [
        "",
        "The same, CPU time of the pytest process (robust to other programs' load; leaves out the PostgreSQL"
        " server's work), ms:",
        "",
        "| variant | empty test | `db_session`: ours | overhead: ours | overhead: recipe | naive create_all/drop_all |",
        "|---|---|---|---|---|---|",
    ]
    for name, result in results.items():
        f = result["figures"]
        lines.append(
            f"| {name} | {spread(f['cpu_empty_ms'])} | {spread(f['cpu_db_session_ms'])}"
            f" | {spread(f['cpu_overhead_ms'])} | {spread(f['cpu_recipe_overhead_ms'])}"
            f" | {spread(f['cpu_naive_ms'], 1)} |"
        )
    lines += [
        "",
        "Realistic suite (copies of the fixture project's own tests), mean per test without the first and last"
        " (they carry the session's one-off set-up and tear-down, shown apart) and without the fastest and"
        " slowest tenth, wall clock, ms:",
        "",
        "| variant | tests | ours | hand-written recipe | ours / recipe | ours / recipe, CPU"
        " | one-off: ours | one-off: recipe |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, result in results.items():
        f = result["figures"]
        lines.append(
            f"| {name} | {result['tests']['ours']} | {spread(f['suite_ours_ms'])} | {spread(f['suite_recipe_ms'])}"
            f" | {spread(f['ours_over_recipe'], 3)} | {spread(f['cpu_ours_over_recipe'], 3)}"
            f" | {spread(f['suite_ours_one_off_ms'], 0)} | {spread(f['suite_recipe_one_off_ms'], 0)} |"
        )
    lines += ["", "| variant | target | measured (median) | verdict |", "|---|---|---|---|"]
    for name, result in results.items():
        for verdict in result["verdicts"]:
            met = "met" if verdict["met"] else "**not met**"
            lines.append(f"| {name} | {verdict['target']} | {verdict['value']} | {met} |")
    return "\n".join(lines)


# ---- main -----------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark pytest-tuneup's database fixtures against an empty test, a naive per-test"
        " create_all/drop_all fixture and SQLAlchemy's recipe written by hand (issue 3).",
        epilog="PostgreSQL variants take the server from TEST_DATABASE_URL (source scripts/_postgres.sh).",
    )
    parser.add_argument("--runs", type=int, default=5, help="runs of every suite, interleaved (default 5)")
    parser.add_argument(
        "--only",
        default=",".join(VARIANTS),
        help=f"comma-separated variants to run (default all: {','.join(VARIANTS)})",
    )
    parser.add_argument("--tests", type=int, default=200, help="tests in the empty and db_session suites (200)")
    parser.add_argument("--naive-tests", type=int, default=20, help="tests in the naive suite (20)")
    parser.add_argument("--copies", type=int, default=2, help="copies of the project's own suite (2)")
    parser.add_argument("--json", type=Path, help="write every figure and every run's sample to this file")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects and print where")
    args = parser.parse_args(argv)
    wanted = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = sorted(set(wanted) - set(VARIANTS))
    if unknown or not wanted:
        parser.error(f"--only: unknown variant(s) {', '.join(unknown) or '(none)'}; choose from {', '.join(VARIANTS)}")
    if args.runs < 1 or args.tests < 3 or args.naive_tests < 3 or args.copies < 1:
        parser.error("--runs must be at least 1, --tests and --naive-tests at least 3, --copies at least 1")
    args.variants = [Variant(name) for name in VARIANTS if name in wanted]
    return args


@contextmanager
def workspace(keep: bool) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="tuneup-db-bench-"))
    try:
        yield path
    finally:
        if keep:
            print(f"kept the generated projects in {path}")
        else:
            shutil.rmtree(path, ignore_errors=True)


def environment() -> dict[str, Any]:
    # The template is taken from the working tree: name the commit and whether it was edited.
    edited = git(REPO, "status", "--porcelain", "--", "template", "hooks", "copier.yml").strip()
    return {
        "template_commit": git(REPO, "rev-parse", "--short", "HEAD").strip(),
        "template_edited": bool(edited),
        "python": platform.python_version(),
        "sqlalchemy": sqlalchemy.__version__,
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "load_average": os.getloadavg(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    pg_url = os.environ.get(URL_ENV) or None
    variants: list[Variant] = []
    skipped: list[str] = []
    for variant in args.variants:
        if variant.is_pg and not pg_url:
            print(f"skipping {variant.name}: {URL_ENV} is not set (source scripts/_postgres.sh starts a server)")
            skipped.append(variant.name)
        else:
            variants.append(variant)
    if not variants:
        print("benchmark: nothing to run")
        return 1
    pg_variants = [variant for variant in variants if variant.is_pg]
    env_before = environment()
    started = time.perf_counter()
    with workspace(args.keep) as workdir:
        template = snapshot_template(workdir / "template")
        if pg_variants:
            assert pg_url is not None
            pg_reset(pg_url, pg_variants, create=True)
        try:
            prepared = []
            for variant in variants:
                project = scaffold(
                    variant, template, workdir, tests=args.tests, naive=args.naive_tests, copies=args.copies
                )
                prepared.append(prepare(variant, project, pg_url))
            samples: dict[str, dict[str, list[Sample]]] = {v.name: {suite: [] for suite in SUITES} for v in variants}
            out_dir = workdir / "measurements"
            out_dir.mkdir()
            for run in range(args.runs):
                # Interleaved, and the order rotates every run, so no suite always follows the
                # same one (the naive suite's DDL, say) or always runs first.
                order = SUITES[run % len(SUITES) :] + SUITES[: run % len(SUITES)]
                print(f"run {run + 1}/{args.runs}: {', '.join(order)}", flush=True)
                for item in prepared:
                    for suite in order:
                        samples[item.variant.name][suite].append(run_suite(item, suite, out_dir))
        finally:
            if pg_variants and not args.keep:
                assert pg_url is not None
                pg_reset(pg_url, pg_variants, create=False)
    results: dict[str, dict[str, Any]] = {}
    for item in prepared:
        name = item.variant.name
        figures = analyse(samples[name])
        results[name] = {
            "figures": figures,
            "verdicts": verdicts(item.variant, figures),
            "tests": dict(item.expected),
            "samples": {suite: [s.as_json() for s in runs] for suite, runs in samples[name].items()},
        }
    print()
    print(tables(results))
    elapsed = time.perf_counter() - started
    edits = " plus uncommitted edits" if env_before["template_edited"] else ""
    print(
        f"\n{args.runs} runs of each suite, interleaved; {elapsed:.0f} s in all; load average before/after "
        f"{env_before['load_average'][0]:.2f}/{os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs;"
        f" template at {env_before['template_commit']}{edits};"
        f" Python {env_before['python']}, SQLAlchemy {env_before['sqlalchemy']}."
    )
    if pg_variants and args.keep:
        names = ", ".join(name for variant in pg_variants for name in pg_all_names(variant))
        print(f"--keep: the databases stay on the server too: {names}")
    if args.json:
        report = {
            "command": " ".join(
                shlex.quote(arg) for arg in [sys.argv[0], *(argv if argv is not None else sys.argv[1:])]
            ),
            "settings": {
                "runs": args.runs,
                "tests": args.tests,
                "naive_tests": args.naive_tests,
                "copies": args.copies,
            },
            "environment": {**env_before, "load_average_after": os.getloadavg(), "seconds": elapsed},
            "skipped": skipped,
            "variants": results,
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
