"""The database fixtures, generated into projects with real models and run for real.

SQLite runs on files under pytest's temp folder; PostgreSQL on the server that
scripts/test (and so .ci/run) starts and names in TEST_DATABASE_URL.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from tuneup_testing import (
    Renders,
    commit_all,
    commit_instead_of_rolling_back,
    copy_template,
    database_env,
    fixtures_module,
    make_project,
    needs_postgresql,
    postgresql_url,
    tool_env,
)

pytestmark = pytest.mark.slow

PROJECTS = {"sync": ("db_sync", "library.models:Base"), "async": ("db_async", "kitchen.models:Base")}


def generate(
    renders: Renders, tmp_path: Path, database: str, api: str, server_programs_will_do: bool = False, **extra: Any
) -> Path:
    """The fixture project adopted with these answers and committed: a copy of the run's
    one render of it, for the test to run and change."""
    if database == "postgresql":
        needs_postgresql(server_programs_will_do=server_programs_will_do)
    shape, models = PROJECTS[api]
    answers = {"database": database, "db_api": api, "models": models, "coverage": False, "parallel": True}
    if api == "async":
        answers["async_mode"] = "auto"
    name = f"{shape}-{database}"
    return renders.copy(shape, {**answers, **extra}, tmp_path / name, commit="adopt pytest-tuneup", name=name)


def pg_env(url: str) -> dict[str, str]:
    return {**tool_env(), "TEST_DATABASE_URL": url}


def run(project: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", *args], cwd=project, capture_output=True, text=True, env=env, timeout=600
    )


def pg_database_url(name: str) -> str:
    url = postgresql_url()
    return re.sub(r"/[^/?]*(\?|$)", rf"/{name}\1", url, count=1) if url else ""


COMBINATIONS = [(db, api) for db in ("sqlite", "postgresql") for api in ("sync", "async")]


@pytest.mark.parametrize(("database", "api"), COMBINATIONS, ids=[f"{db}-{api}" for db, api in COMBINATIONS])
def test_every_test_is_isolated_in_any_order_and_on_two_workers(
    renders: Renders, tmp_path: Path, database: str, api: str
) -> None:
    project = generate(renders, tmp_path, database, api)
    env = database_env(database)
    for seed in ("1", "2"):
        shuffled = run(project, "-p", "randomly", "-p", "no:cacheprovider", f"--randomly-seed={seed}", env=env)
        assert shuffled.returncode == 0, shuffled.stdout + shuffled.stderr
        assert re.search(r"\b\d+ passed\b", shuffled.stdout) and " failed" not in shuffled.stdout
    parallel = run(project, "-n", "2", "-p", "randomly", env=env)
    assert parallel.returncode == 0, parallel.stdout + parallel.stderr
    assert "2 workers" in parallel.stdout


@pytest.mark.parametrize(("database", "api"), COMBINATIONS, ids=[f"{db}-{api}" for db, api in COMBINATIONS])
def test_the_isolation_tests_catch_a_fixture_that_leaks(
    renders: Renders, tmp_path: Path, database: str, api: str
) -> None:
    """Sabotage the outer rollback: the fixture projects' own tests must notice."""
    project = generate(renders, tmp_path, database, api)
    plugin = fixtures_module(project, api)
    plugin.write_text(commit_instead_of_rolling_back(plugin.read_text()))
    result = run(project, "-p", "randomly", "-p", "no:cacheprovider", "--randomly-seed=3", env=database_env(database))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "IntegrityError" in result.stdout or "assert" in result.stdout


def test_the_guard_refuses_a_database_not_named_for_tests(renders: Renders, tmp_path: Path) -> None:
    project = generate(renders, tmp_path, "postgresql", "sync")
    admin = pg_database_url("postgres")
    setup = f"""
import sqlalchemy as sa
engine = sa.create_engine("{admin}".replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")
with engine.connect() as conn:
    conn.execute(sa.text('DROP DATABASE IF EXISTS "inventory"'))
    conn.execute(sa.text('CREATE DATABASE "inventory"'))
prod = sa.create_engine("{pg_database_url("inventory")}".replace("postgresql://", "postgresql+psycopg://", 1))
with prod.begin() as conn:
    conn.execute(sa.text("CREATE TABLE precious (id int)"))
    conn.execute(sa.text("INSERT INTO precious VALUES (42)"))
"""
    subprocess.run([sys.executable, "-c", setup], check=True, env=tool_env())

    result = run(project, "-p", "no:cacheprovider", env=pg_env(pg_database_url("inventory")))

    assert result.returncode == pytest.ExitCode.USAGE_ERROR
    assert "pytest-tuneup: refusing database 'inventory' from TEST_DATABASE_URL" in result.stdout + result.stderr
    check = f"""
import sqlalchemy as sa
engine = sa.create_engine("{pg_database_url("inventory")}".replace("postgresql://", "postgresql+psycopg://", 1))
with engine.connect() as conn:
    print(conn.execute(sa.text("SELECT id FROM precious")).scalar_one())
admin = sa.create_engine("{admin}".replace("postgresql://", "postgresql+psycopg://", 1))
with admin.connect() as conn:
    print(conn.execute(sa.text("SELECT count(*) FROM pg_database WHERE datname LIKE 'inventory_%'")).scalar_one())
"""
    out = subprocess.run([sys.executable, "-c", check], check=True, env=tool_env(), capture_output=True, text=True)
    assert out.stdout.split() == ["42", "0"], "the database is untouched and no copy of it was made"


def test_an_unreachable_server_gives_one_readable_line(renders: Renders, tmp_path: Path) -> None:
    project = generate(renders, tmp_path, "postgresql", "sync")
    result = run(project, "-p", "no:cacheprovider", env=pg_env("postgresql://postgres@127.0.0.1:9/app_test"))
    output = result.stdout + result.stderr
    assert result.returncode == pytest.ExitCode.USAGE_ERROR
    assert output.count("pytest-tuneup: cannot reach PostgreSQL at postgresql://postgres@127.0.0.1:9/app_test") == 1
    assert "Traceback" not in output


def test_an_unset_url_without_server_programs_names_the_variable(renders: Renders, tmp_path: Path) -> None:
    project = generate(renders, tmp_path, "postgresql", "sync", db_url_env="SHOP_TEST_DB")
    env = {key: value for key, value in tool_env().items() if key != "SHOP_TEST_DB"}
    env["TUNEUP_PG_CTL"] = str(tmp_path / "no-such-pg_ctl")
    result = run(project, "-p", "no:cacheprovider", env=env)
    output = result.stdout + result.stderr
    assert result.returncode == pytest.ExitCode.USAGE_ERROR
    assert output.count("pytest-tuneup: set SHOP_TEST_DB to the test database's URL") == 1
    assert "no-such-pg_ctl is not an executable pg_ctl" in output
    assert "Traceback" not in output


@pytest.mark.parametrize(("api", "workers"), [("sync", "2"), ("async", "0")])
def test_an_unset_url_starts_a_throwaway_server_and_removes_it(
    renders: Renders, tmp_path: Path, api: str, workers: str
) -> None:
    """Zero setup: pytest-postgresql's executor starts a server for the run, gone afterwards.

    Under xdist the controller starts it before the workers, which share it.
    """
    project = generate(renders, tmp_path, "postgresql", api, server_programs_will_do=True)
    # Its own TMPDIR, to find what the run leaves behind; outside pytest's own temp
    # folder, which only root may enter (as root, the server runs as user postgres).
    scratch = Path(tempfile.mkdtemp(prefix="tuneup-zero-setup-"))
    scratch.chmod(0o755)
    env = {key: value for key, value in tool_env().items() if key != "TEST_DATABASE_URL"}
    env["TMPDIR"] = str(scratch)
    try:
        result = run(project, "-p", "no:cacheprovider", "-n", workers, "-p", "randomly", env=env)
        assert result.returncode == 0, result.stdout + result.stderr
        assert re.search(r"\b(42|32) passed\b", result.stdout)
        assert not list(scratch.glob("tuneup-pg-*")), "the server's folder is removed at the end"
        servers = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True).stdout
        assert str(scratch) not in servers, "the server is stopped at the end"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_the_schema_is_built_once_and_again_only_when_the_models_change(
    renders: Renders, tmp_path: Path, database: str
) -> None:
    project = generate(renders, tmp_path, database, "sync", db_url_env="SCHEMA_CACHE_TEST_URL")
    env = {**database_env(database), "SCHEMA_CACHE_TEST_URL": pg_database_url("schema_cache_test")}
    if database == "sqlite":
        env.pop("SCHEMA_CACHE_TEST_URL")
    built = "tuneup_db: built the test database schema"

    first = run(project, env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    assert built in first.stdout
    second = run(project, env=env)
    assert second.returncode == 0
    assert built not in second.stdout, "unchanged models reuse the cached schema"
    reused = re.search(r"^tuneup_db: reused (.+) \(models unchanged\): no schema build", second.stdout, re.M)
    assert reused, second.stdout
    what = (
        "the template database schema_cache_test_template" if database == "postgresql" else "the cached schema schema-"
    )
    assert reused.group(1).startswith(what)
    forced = run(project, "--tuneup-rebuild-db", env=env)
    assert built in forced.stdout

    models = next(project.glob("src/*/models.py"))
    text = models.read_text()
    changed = re.sub(
        r"(class Author\(Base\):\n(?:.*\n)*?    __tablename__ = .*\n)",
        r"\1    nickname: Mapped[str | None] = mapped_column(String(40), default=None)\n",
        text,
        count=1,
    )
    assert changed != text
    models.write_text(changed)
    third = run(project, env=env)
    assert third.returncode == 0, third.stdout + third.stderr
    assert built in third.stdout, "a model change rebuilds the schema"


@pytest.mark.parametrize("api", ["sync", "async"])
def test_in_memory_sqlite_keeps_every_test_isolated(renders: Renders, tmp_path: Path, api: str) -> None:
    project = generate(renders, tmp_path, "sqlite", api)
    env = {**database_env("sqlite"), "TEST_DATABASE_URL": "sqlite://"}
    result = run(project, "-p", "randomly", "-p", "no:cacheprovider", "--randomly-seed=4", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"\b(42|32) passed\b", result.stdout)
    plugin = fixtures_module(project, api)
    plugin.write_text(commit_instead_of_rolling_back(plugin.read_text()))
    leaky = run(project, "-p", "randomly", "-p", "no:cacheprovider", "--randomly-seed=4", env=env)
    assert leaky.returncode == 1, "one in-memory database serves the whole session, so a leak shows"


PENDING_TASK_TEST = """
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession


async def poll_forever() -> None:
    while True:
        await asyncio.sleep(0.01)


async def test_starts_a_poller_and_forgets_it(db_session: AsyncSession) -> None:
    asyncio.get_running_loop().create_task(poll_forever(), name="forgotten-poller")


async def test_after_it_no_poller_is_running(db_session: AsyncSession) -> None:
    await asyncio.sleep(0.05)
    assert "forgotten-poller" not in {task.get_name() for task in asyncio.all_tasks()}
"""


def test_a_task_left_pending_is_cancelled_and_named(renders: Renders, tmp_path: Path) -> None:
    project = generate(renders, tmp_path, "sqlite", "async")
    (project / "tests" / "test_pending.py").write_text(PENDING_TASK_TEST)
    env = database_env("sqlite")
    result = run(project, "-p", "no:randomly", "-p", "no:cacheprovider", "tests/test_pending.py", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed, 1 warning" in result.stdout
    assert "test_pending.py::test_starts_a_poller_and_forgets_it" in result.stdout
    assert "tuneup_db: the test left 1 asyncio task(s) pending: forgotten-poller" in result.stdout


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_the_leak_checks_find_nothing_in_the_database_fixtures_themselves(
    renders: Renders, tmp_path: Path, database: str
) -> None:
    """The async engine's pooled connection (an aiosqlite thread) is the session's, not a test's."""
    project = generate(renders, tmp_path, database, "async")
    result = run(project, "-p", "no:randomly", "-p", "no:cacheprovider", "--tuneup-leaks", env=database_env(database))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "tuneup_leaks: on" in result.stdout and "32 passed" in result.stdout


MANY_ASYNC_TESTS = """
import asyncio

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from kitchen.models import Ingredient


@pytest.mark.parametrize("number", range(500))
async def test_each_test_sees_only_its_own_row(db_session: AsyncSession, number: int) -> None:
    db_session.add(Ingredient(name=f"spice {number}"))
    await db_session.commit()
    await asyncio.sleep(0)
    assert await db_session.scalar(select(func.count()).select_from(Ingredient)) == 1
"""


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_five_hundred_async_tests_share_one_loop_without_errors(
    renders: Renders, tmp_path: Path, database: str
) -> None:
    project = generate(renders, tmp_path, database, "async")
    (project / "tests" / "test_many.py").write_text(MANY_ASYNC_TESTS)
    result = run(project, "-p", "randomly", "-p", "no:cacheprovider", "-W", "error", env=database_env(database))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.search(r"\b532 passed\b", output)
    for symptom in ("attached to a different loop", "Event loop is closed", "Task was destroyed", "warning"):
        assert symptom not in output


ALEMBIC_INI = "[alembic]\nscript_location = migrations\n"

ALEMBIC_ENV = """from alembic import context
from sqlalchemy import create_engine

engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
with engine.connect() as connection:
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
"""

ALEMBIC_REVISION = """from alembic import op

revision = {revision!r}
down_revision = {down!r}


def upgrade() -> None:
    {body}
"""


def add_revision(project: Path, revision: str, down: str | None, body: str) -> None:
    versions = project / "migrations" / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    (versions / f"{revision}.py").write_text(ALEMBIC_REVISION.format(revision=revision, down=down, body=body))


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_alembic_builds_the_schema_and_a_new_revision_rebuilds_it(
    template: Path, tmp_path: Path, database: str
) -> None:
    if database == "postgresql":
        needs_postgresql()
    shape, models = PROJECTS["sync"]
    project = make_project(shape, tmp_path / shape)
    (project / "alembic.ini").write_text(ALEMBIC_INI)
    (project / "migrations").mkdir()
    (project / "migrations" / "env.py").write_text(ALEMBIC_ENV)
    create_tables = "from library.models import Base\n\n    Base.metadata.create_all(op.get_bind())"
    add_revision(project, "0001_tables", None, create_tables)
    commit_all(project, "migrations")
    answers = {"database": database, "db_api": "sync", "models": models, "schema": "alembic", "coverage": False}
    copy_template(template, project, answers)
    env = database_env(database)
    built = "tuneup_db: built the test database schema"

    first = run(project, "-p", "no:randomly", env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    assert built in first.stdout and "42 passed" in first.stdout
    second = run(project, "-p", "no:randomly", env=env)
    assert second.returncode == 0 and built not in second.stdout, second.stdout

    add_revision(project, "0002_audit", "0001_tables", 'op.execute("CREATE TABLE audit (id INTEGER PRIMARY KEY)")')
    (project / "tests" / "test_audit.py").write_text(
        "from sqlalchemy import text\n\n\ndef test_the_migration_ran(db_session):\n"
        '    assert db_session.execute(text("SELECT count(*) FROM audit")).scalar_one() == 0\n'
    )
    third = run(project, "-p", "no:randomly", env=env)
    assert third.returncode == 0, third.stdout + third.stderr
    assert built in third.stdout and "43 passed" in third.stdout
