"""The FastAPI client fixture, generated into FastAPI + SQLAlchemy projects and run for real.

tests/projects/api_async (tickets: AsyncSession, so an httpx.AsyncClient) and api_sync
(inventory: Session, so a TestClient) test their APIs with ``client`` and ``db_session``
together. SQLite runs on files under pytest's temp folder; PostgreSQL on the server that
scripts/test starts and names in TEST_DATABASE_URL.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from tuneup_testing import (
    Renders,
    copy_template,
    make_project,
    needs_postgresql,
    run_generated,
)

pytestmark = pytest.mark.slow

# The async project names its application and dependency; the sync one takes the defaults,
# <package>.main:app and <package>.db:get_session.
PROJECTS: dict[str, tuple[str, dict[str, Any]]] = {
    "async": (
        "api_async",
        {
            "models": "tickets.models:Base",
            "app": "tickets.api:app",
            "session_dependency": "tickets.db:get_session",
            "async_mode": "auto",
        },
    ),
    "sync": ("api_sync", {"package": "inventory", "models": "inventory.models:Base"}),
}
# The file each application's own database would be, were it ever opened in a test.
OWN_DATABASE = {"async": "tickets.sqlite3", "sync": "inventory.sqlite3"}
SUITE_SIZE = 21
COMBINATIONS = [(db, api) for db in ("sqlite", "postgresql") for api in ("async", "sync")]
COMBINATION_IDS = [f"{db}-{api}" for db, api in COMBINATIONS]


def generate(renders: Renders, tmp_path: Path, api: str, database: str = "sqlite", **extra: Any) -> Path:
    """The fixture project adopted with these answers and committed: a copy of the run's
    one render of it, for the test to run and change."""
    if database == "postgresql":
        needs_postgresql()
    shape, answers = PROJECTS[api]
    base = {"framework": "fastapi", "database": database, "db_api": api, "coverage": False, "parallel": True}
    name = f"{shape}-{database}"
    return renders.copy(shape, {**base, **answers, **extra}, tmp_path / name, commit="adopt pytest-tuneup", name=name)


def run(project: Path, *args: str, database: str = "sqlite") -> subprocess.CompletedProcess[str]:
    return run_generated(project, *args, database=database)


def plugin(project: Path) -> Path:
    """The vendored client plugin; the client fixture itself is in sync_client.py or async_client.py."""
    return project / "tests" / "tuneup" / "pytest_tuneup" / "app" / "__init__.py"


def config_text(project: Path) -> str:
    """The project's pytest configuration (pyproject.toml, or the pytest.ini the hook made)."""
    return "".join(path.read_text() for path in (project / "pytest.ini", project / "pyproject.toml") if path.is_file())


def client_in_config(project: Path) -> str:
    """The tuneup_client setting the hook wrote, and which client module was vendored."""
    config = config_text(project)
    match = re.search(r'^tuneup_client = "(\w+)"$', config, re.MULTILINE)
    assert match is not None, config
    vendored = sorted(path.name for path in plugin(project).parent.glob("*_client.py"))
    # The async client needs pytest-asyncio: vendored only when it is the one in use.
    assert vendored == (["async_client.py", "sync_client.py"] if match.group(1) == "async" else ["sync_client.py"])
    return match.group(1)


@pytest.mark.parametrize(("database", "api"), COMBINATIONS, ids=COMBINATION_IDS)
def test_client_and_db_session_see_the_same_rows_and_nothing_leaks(
    renders: Renders, tmp_path: Path, database: str, api: str
) -> None:
    """The fixture projects' own tests: API and db_session share data; shuffled, on two workers."""
    project = generate(renders, tmp_path, api, database)
    assert client_in_config(project) == api
    for seed in ("1", "2"):
        shuffled = run(project, "-p", "randomly", f"--randomly-seed={seed}", database=database)
        assert shuffled.returncode == 0, shuffled.stdout + shuffled.stderr
        assert f"{SUITE_SIZE} passed" in shuffled.stdout
    parallel = run(project, "-n", "2", "-p", "randomly", database=database)
    assert parallel.returncode == 0, parallel.stdout + parallel.stderr
    assert "2 workers" in parallel.stdout and f"{SUITE_SIZE} passed" in parallel.stdout
    assert not (project / OWN_DATABASE[api]).exists(), "no request reached the application's own database"


SABOTAGE = {
    # The client no longer answers the session dependency with db_session: requests go
    # to the application's own (empty) database.
    "no-override": (
        "            holder.dependency_overrides[session_dependency(config)] = test_session\n",
        "            pass\n",
    ),
    # Overrides made during a test (the client's and the test's own) stay afterwards.
    "overrides-kept": ("            holder.dependency_overrides.clear()\n", ""),
    # Overrides made before the test (the suite's own) are lost afterwards.
    "overrides-lost": ("            holder.dependency_overrides.update(before)\n", ""),
}


@pytest.mark.parametrize("api", ["async", "sync"])
@pytest.mark.parametrize("sabotage", list(SABOTAGE))
def test_the_fixture_projects_catch_a_broken_client(renders: Renders, tmp_path: Path, sabotage: str, api: str) -> None:
    """Break the fixture on purpose: the projects' tests must fail, so they can."""
    project = generate(renders, tmp_path, api)
    text = plugin(project).read_text()
    old, new = SABOTAGE[sabotage]
    assert text.count(old) == 1
    plugin(project).write_text(text.replace(old, new))

    result = run(project, "-p", "no:randomly", "--tb=line")

    assert result.returncode == 1, result.stdout + result.stderr
    failed = set(re.findall(r"^FAILED (\S+?)(?:\[.*?\])?(?: - .*)?$", result.stdout, re.MULTILINE))
    if sabotage == "no-override":
        assert "tests/test_isolation.py::test_the_same_ticket_is_new_in_every_test" in failed or (
            "tests/test_isolation.py::test_the_same_product_is_new_in_every_test" in failed
        ), result.stdout
        assert "no such table" in result.stdout
    else:
        outside = "tests/test_overrides.py::test_outside_a_test_with_client_the_application_is_as_the_suite_left_it"
        assert outside in failed, result.stdout


@pytest.mark.parametrize("api", ["async", "sync"])
def test_the_lifespan_runs_only_for_marked_tests_or_when_asked(renders: Renders, tmp_path: Path, api: str) -> None:
    project = generate(renders, tmp_path, api)

    # The marker is registered: strict markers and every warning as an error pass.
    strict = ("--strict-markers", "--tuneup-warnings-as-errors")
    default = run(project, "tests/test_lifespan.py", *strict, "-p", "no:randomly")
    assert default.returncode == 0, default.stdout + default.stderr
    assert "2 passed" in default.stdout
    assert "tuneup_app: " in default.stdout and "lifespan run only for tests marked tuneup_lifespan" in default.stdout

    everywhere = run(project, "tests/test_lifespan.py", "--tuneup-lifespan", "-p", "no:randomly")
    assert everywhere.returncode == 1
    assert re.search(r"FAILED tests/test_lifespan.py::test_an_ordinary_test_starts_no_\w+", everywhere.stdout)
    assert "1 failed, 1 passed" in everywhere.stdout


@pytest.mark.parametrize("api", ["async", "sync"])
def test_without_a_database_the_client_calls_the_application_alone(template: Path, tmp_path: Path, api: str) -> None:
    """framework=fastapi, database=none: the client follows async_mode, and overrides nothing."""
    shape, answers = PROJECTS[api]
    project = make_project(shape, tmp_path / shape)
    data = {"framework": "fastapi", "coverage": False, "package": answers.get("package", ""), "async_mode": "off"}
    if api == "async":
        data |= {"app": answers["app"], "async_mode": "auto"}
    copy_template(template, project, data)
    assert client_in_config(project) == api
    assert 'tuneup_session_dependency = ""' in config_text(project), "no database fixture is used"

    result = run(project, "tests/test_lifespan.py", "-p", "randomly", "--tuneup-warnings-as-errors")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


BAD_PATHS = [
    ({"app": "inventory.api:app"}, "cannot import the application inventory.api:app: ModuleNotFoundError"),
    ({"app": "inventory.main:application"}, "has no attribute 'application'"),
    ({"app": "inventory.db:engine"}, "inventory.db:engine is not a FastAPI application (found Engine)"),
    (
        {"session_dependency": "inventory.db:get_db"},
        "cannot import the session dependency inventory.db:get_db: AttributeError",
    ),
    # It imports, but no route uses it: overriding it would leave requests on their own database.
    ({"session_dependency": "inventory.sync:StockSync"}, "no route of inventory.main:app depends on"),
]


# Each wrong path alone, and the first also under pytest-xdist, where a worker cannot stop the run.
BAD_PATH_RUNS = [(answers, message, "0") for answers, message in BAD_PATHS] + [(*BAD_PATHS[0], "2")]


@pytest.mark.parametrize(
    ("answers", "message", "workers"),
    BAD_PATH_RUNS,
    ids=[f"{next(iter(answers.values()))}-n{workers}" for answers, _, workers in BAD_PATH_RUNS],
)
def test_a_bad_import_path_is_one_clear_error_before_any_test(
    renders: Renders, tmp_path: Path, answers: dict[str, str], message: str, workers: str
) -> None:
    project = generate(renders, tmp_path, "sync", **answers)

    result = run(project, "-n", workers, "-p", "no:randomly")

    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output and "INTERNALERROR" not in output
    section = re.findall(r"^_+ ERROR collecting (\S+) _+\n(.*)$", result.stdout, re.MULTILINE)
    assert len(section) == 1, output
    where, line = section[0]
    assert where == "tests/tuneup/pytest_tuneup/app/__init__.py"
    assert line.startswith("pytest-tuneup: ") and message in line, line
    assert " passed" not in output and "ERROR at setup" not in output, "no test ran"
