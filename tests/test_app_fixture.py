"""Which ``app`` the client uses, and how a wrong ``tuneup_app`` fails: once, never a crash.

tests/projects/api_sync (inventory) is generated once for the module. Each test adds
files to it (a folder of tests with their own ``app`` fixture, a module whose ``app`` is
a pytest fixture, a factory that exits) and points ``tuneup_app`` elsewhere with ``-o``
for its runs, so the project itself is never regenerated.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from tuneup_testing import commit_all, copy_template, make_project, run_generated, write_files

pytestmark = pytest.mark.slow

#: The folder of tests with their own ``app`` fixture, beside the project's own tests
#: (which keep using the plugin's).
OWN_APP = {
    "tests/own_app/conftest.py": '''
import pytest

import inventory.main


@pytest.fixture(scope="session")
def app():
    """The project's own application fixture: it wins over the plugin's."""
    return inventory.main.app
''',
    "tests/own_app/test_own_app.py": """
from inventory.models import Product


def test_the_client_calls_the_projects_own_app_on_db_session(client, db_session):
    db_session.add(Product(sku="GEAR-12", name="Gear 12", on_hand=3))
    db_session.flush()

    assert [p["sku"] for p in client.get("/products").json()] == ["GEAR-12"]


def test_the_app_fixture_is_the_projects(app):
    import inventory.main

    assert app is inventory.main.app
""",
    # What tuneup_app may wrongly point at: none of it is the application.
    "src/inventory/testing.py": '''
import pytest

import inventory.main


@pytest.fixture
def app():
    """A pytest fixture: calling it raises pytest's "called directly" (a BaseException)."""
    return inventory.main.app


def create_app():
    raise SystemExit("INVENTORY_SETTINGS is not set")
''',
    "src/inventory/needs_redis.py": """
import pytest

pytest.importorskip("redis_that_is_not_installed")
""",
}
OWN_TESTS = "tests/own_app"
PLUGIN_FILE = "tests/tuneup/pytest_tuneup/app/__init__.py"


@pytest.fixture(scope="module")
def project(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project("api_sync", tmp_path_factory.mktemp("own-app") / "api_sync")
    answers = {"framework": "fastapi", "database": "sqlite", "package": "inventory"}
    copy_template(template, project, {**answers, "models": "inventory.models:Base", "coverage": False})
    write_files(project, OWN_APP)
    commit_all(project, "adopt pytest-tuneup; tests with their own app")
    return project


def with_app(project: Path, app: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_generated(project, "-p", "no:randomly", "-o", f"tuneup_app={app}", *args)


def collection_errors(output: str) -> list[tuple[str, str]]:
    """(where, first line) of each ``ERROR collecting`` section."""
    return re.findall(r"^_+ ERROR collecting (\S+) _+\n(.*)$", output, re.MULTILINE)


def test_a_projects_own_app_fixture_wins_and_tuneup_app_is_never_imported(project: Path) -> None:
    result = with_app(project, "inventory.nowhere:app", OWN_TESTS)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
    assert "ERROR" not in result.stdout and "cannot import" not in result.stdout


def test_beside_it_the_tests_on_the_plugins_app_are_one_collection_error(project: Path) -> None:
    """The same wrong tuneup_app, the whole suite: the tests on the plugin's app are left
    out with one error; the folder with its own app is not (pytest stops at a collection
    error unless told to go on, as here)."""
    result = with_app(project, "inventory.nowhere:app", "--continue-on-collection-errors")

    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output and "INTERNALERROR" not in output
    [(where, line)] = collection_errors(result.stdout)
    assert where == PLUGIN_FILE
    assert line.startswith("pytest-tuneup: cannot import the application inventory.nowhere:app"), line
    assert re.search(r"\b2 passed, 21 deselected, 1 error\b", result.stdout), output


WRONG_APPS = {
    "fixture": (
        "inventory.testing:app",
        "pytest-tuneup: inventory.testing:app is a pytest fixture, not the application",
    ),
    "exits": (
        "inventory.testing:create_app",
        "pytest-tuneup: inventory.testing:create_app() failed: SystemExit: INVENTORY_SETTINGS is not set",
    ),
    "skips-at-import": (
        "inventory.needs_redis:app",
        "pytest-tuneup: cannot import the application inventory.needs_redis:app: Skipped:",
    ),
}


@pytest.mark.parametrize("wrong", list(WRONG_APPS))
def test_what_escapes_as_a_base_exception_is_one_collection_error_too(project: Path, wrong: str) -> None:
    """pytest's outcomes and SystemExit are BaseExceptions: before, they crashed the run
    (``INTERNALERROR> Failed: Fixture "app" called directly``)."""
    app, message = WRONG_APPS[wrong]

    result = with_app(project, app, "tests/test_api.py", "tests/test_isolation.py")

    output = result.stdout + result.stderr
    assert result.returncode == 2, output  # interrupted by a collection error
    assert "Traceback" not in output and "INTERNALERROR" not in output
    [(where, line)] = collection_errors(result.stdout)
    assert where == PLUGIN_FILE and line.startswith(message), line
    assert " passed" not in output and "ERROR at setup" not in output, "no test ran"


BARE_APP = {
    "tests/bare_app/conftest.py": """
import pytest
from fastapi import FastAPI


@pytest.fixture(scope="session")
def app():
    return FastAPI()  # none of its routes uses inventory.db:get_session
""",
    "tests/bare_app/test_bare.py": """
import pytest


@pytest.mark.parametrize("number", [1, 2])
def test_uses_the_client(client, number):
    client.get("/")
""",
}


def test_an_own_app_whose_routes_do_not_use_the_dependency_fails_its_tests_in_a_line(
    project: Path, tmp_path: Path
) -> None:
    """Known only when the fixture runs, so one line for each test, and no traceback."""
    write_files(project, BARE_APP)
    try:
        result = with_app(project, "inventory.nowhere:app", "tests/bare_app")
    finally:
        for name in BARE_APP:
            (project / name).unlink()

    assert result.returncode == 1
    assert "Traceback" not in result.stdout and "INTERNALERROR" not in result.stdout
    message = "pytest-tuneup: no route of the application of your app fixture depends on inventory.db:get_session"
    errors = re.findall(r"^ERROR tests/bare_app/test_bare.py::\S+ - Failed: (.*)$", result.stdout, re.MULTILINE)
    assert len(errors) == 2 and all(error.startswith(message) for error in errors), result.stdout
