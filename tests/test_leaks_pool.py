"""``make test-leaks`` on pooled aiosqlite engines: the session's threads are the session's.

tests/projects/db_async (kitchen) is generated once with async SQLite. aiosqlite runs
each connection on a thread, and SQLAlchemy pools file connections: the thread of a
pooled connection outlives the test that opened it. Opened for a session-scoped engine
(the project's own, or a second connection of db_engine beside db_session), it belongs
to the session and is not reported; opened for an engine the test made and never
disposed, it is the test's leak and is reported, as is a thread the test started.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tuneup_testing import (
    commit_all,
    copy_template,
    database_env,
    make_project,
    patched,
    run_generated,
    run_make,
    write_files,
)

pytestmark = pytest.mark.slow

POOL_TESTS = {
    "tests/pool/conftest.py": '''
import pytest_asyncio
from sqlalchemy.ext.asyncio import create_async_engine


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def reports_engine(tmp_path_factory):
    """The project's own session engine; no connection is opened until a test needs one."""
    folder = tmp_path_factory.mktemp("reports")
    engine = create_async_engine(f"sqlite+aiosqlite:///{folder}/reports_test.sqlite3")
    yield engine
    await engine.dispose()
''',
    "tests/pool/test_pool.py": """
import threading

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

STOP = threading.Event()


async def test_the_first_report_opens_the_session_engines_pool(reports_engine):
    async with reports_engine.connect() as connection:
        assert await connection.scalar(text("select 1")) == 1


async def test_a_second_connection_of_db_engine_beside_db_session(db_engine, db_session):
    async with db_engine.connect() as connection:
        assert await connection.scalar(text("select 2")) == 2


async def test_an_engine_of_its_own_never_disposed(tmp_path):
    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path}/scratch.sqlite3")
    async with engine.connect() as connection:
        assert await connection.scalar(text("select 3")) == 3


def test_starts_a_mailer_thread_and_leaves_it_running():
    threading.Thread(target=STOP.wait, name="report-mailer", daemon=True).start()
""",
}
#: The tests that really leave a thread, and what the check says of each.
LEAKS = {
    "test_an_engine_of_its_own_never_disposed": "1 thread(s) running: Thread-",
    "test_starts_a_mailer_thread_and_leaves_it_running": "1 thread(s) running: report-mailer",
}
#: The sabotage: no thread is a wider fixture's any more.
OWNER_SEARCH = "        kept = kept_by(list(self.shared_values.values()), running)\n"
NO_OWNER_SEARCH = "        kept = []\n"
SESSION_OWNED = {
    "test_the_first_report_opens_the_session_engines_pool",
    "test_a_second_connection_of_db_engine_beside_db_session",
}


@pytest.fixture(scope="module")
def project(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project("db_async", tmp_path_factory.mktemp("leaks") / "db_async")
    answers = {"database": "sqlite", "db_api": "async", "models": "kitchen.models:Base", "async_mode": "auto"}
    copy_template(template, project, {**answers, "coverage": False, "parallel": True})
    write_files(project, POOL_TESTS)
    commit_all(project, "adopt pytest-tuneup; tests on pooled engines")
    return project


def reported(output: str) -> dict[str, str]:
    """Test name -> what the leak check said it left, from the short summary."""
    line = r"^ERROR tests/pool/test_pool.py::(\w+) - Failed: tuneup_leaks: the test left (.*)$"
    found = re.findall(line, output, re.MULTILINE)
    return dict(found)


def check_reports(output: str) -> None:
    found = reported(output)
    assert set(found) == set(LEAKS), output
    for test, what in LEAKS.items():
        assert found[test].startswith(what), (test, found[test])


def test_pool_threads_of_session_engines_are_not_reported_and_real_leaks_are(project: Path) -> None:
    result = run_generated(project, "-p", "no:randomly", "--tuneup-leaks", "tests/pool")

    assert result.returncode == 1, result.stdout + result.stderr
    # aiosqlite warns, too, when the forgotten engine's connection is garbage collected.
    assert re.search(r"\b4 passed, (1 warning, )?2 errors\b", result.stdout), result.stdout
    check_reports(result.stdout)

    # SQLite: without the PostgreSQL URL scripts/test sets for the tests that need it.
    made = run_make(project, "test-leaks", "PYTEST_ARGS=-p no:randomly tests/pool", env=database_env("sqlite"))
    assert made.returncode != 0
    check_reports(made.stdout)


def test_in_any_order_the_same_tests_are_reported(project: Path) -> None:
    """Whichever test opens a session pool first, it is not blamed for it; on two
    workers too."""
    for seed in ("3", "4"):
        result = run_generated(project, "-p", "randomly", f"--randomly-seed={seed}", "--tuneup-leaks", "tests/pool")
        check_reports(result.stdout)
    parallel = run_generated(project, "-n", "2", "--tuneup-leaks", "tests/pool")
    assert "2 workers" in parallel.stdout
    check_reports(parallel.stdout)


def test_the_whole_suite_on_the_database_fixtures_leaks_nothing(project: Path) -> None:
    result = run_generated(project, "-p", "no:randomly", "--tuneup-leaks", "--ignore=tests/pool")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "tuneup_leaks: on" in result.stdout and "tuneup_leaks: the test left" not in result.stdout


def test_without_the_owner_search_the_session_pools_are_blamed_on_tests(project: Path) -> None:
    """Sabotage: a thread kept by a session fixture's value counts as the test's again."""
    plugin = project / "tests" / "tuneup" / "pytest_tuneup" / "leaks.py"
    before = patched(plugin, OWNER_SEARCH, NO_OWNER_SEARCH)
    try:
        result = run_generated(project, "-p", "no:randomly", "--tuneup-leaks", "tests/pool")
    finally:
        plugin.write_text(before)

    assert set(reported(result.stdout)) == set(LEAKS) | SESSION_OWNED, result.stdout


#: db_engine opens its pool's first connection itself, so that no test opens it; the
#: owner search makes that warm-up unnecessary. Without it, db_connection opens the
#: connection (and its thread) for the first test.
WARM_UP = "    async with engine.connect():\n        pass\n"


def test_without_the_engines_warm_up_the_thread_db_connection_opens_is_the_sessions(project: Path) -> None:
    fixtures = project / "tests" / "tuneup" / "pytest_tuneup" / "db" / "async_fixtures.py"
    plugin = project / "tests" / "tuneup" / "pytest_tuneup" / "leaks.py"
    fixtures_before, plugin_before = fixtures.read_text(), plugin.read_text()
    fixtures.write_text(fixtures_before.replace(WARM_UP, ""))  # gone already: the same run
    try:
        quiet = run_generated(project, "-p", "no:randomly", "--tuneup-leaks", "--ignore=tests/pool")
        patched(plugin, OWNER_SEARCH, NO_OWNER_SEARCH)
        blamed = run_generated(project, "-p", "no:randomly", "--tuneup-leaks", "--ignore=tests/pool")
    finally:
        fixtures.write_text(fixtures_before)
        plugin.write_text(plugin_before)

    assert quiet.returncode == 0, quiet.stdout + quiet.stderr
    assert "tuneup_leaks: the test left" not in quiet.stdout
    # The control: without the owner search, the first database test gets the blame.
    blame = re.findall(r"^ERROR (\S+) - Failed: tuneup_leaks: the test left 1 thread\(s\) running", blamed.stdout, re.M)
    assert len(blame) == 1, blamed.stdout
