"""The FastAPI client on an application whose database routes are all nested.

tests/projects/api_nested (catalog) keeps no database route at the top level: the books
routes are two routers down (app -> /api -> /v1 -> /books, HTTP and websocket), and an
admin FastAPI application is mounted at /admin. The client must find the session
dependency there, override it where each route reads its overrides (the mounted app
reads its own), and its tests must pass on db_session. The project is generated once
for the module; each sabotage edits the vendored plugin and puts it back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from tuneup_testing import commit_all, copy_template, make_project, patched, run_generated

pytestmark = pytest.mark.slow

ANSWERS = {
    "framework": "fastapi",
    "database": "sqlite",
    "db_api": "sync",
    "models": "catalog.models:Base",
    "app": "catalog.main:app",
    "session_dependency": "catalog.db:get_session",
    "coverage": False,
    "parallel": True,
}
SUITE_SIZE = 7
#: The application's own database, were a request ever to reach it.
OWN_DATABASE = "catalog.sqlite3"


@pytest.fixture(scope="module")
def project(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project("api_nested", tmp_path_factory.mktemp("nested") / "api_nested")
    copy_template(template, project, ANSWERS)
    commit_all(project, "adopt pytest-tuneup")
    return project


def vendored(project: Path, name: str) -> Path:
    return project / "tests" / "tuneup" / "pytest_tuneup" / "app" / name


@contextmanager
def sabotaged(project: Path, name: str, *replacements: tuple[str, str]) -> Iterator[None]:
    path = vendored(project, name)
    before = path.read_text()
    for old, new in replacements:
        patched(path, old, new)
    try:
        yield
    finally:
        path.write_text(before)
        (project / OWN_DATABASE).unlink(missing_ok=True)


def test_routes_two_routers_down_and_in_a_mounted_app_run_on_db_session(project: Path) -> None:
    for seed in ("1", "2"):
        shuffled = run_generated(project, "-p", "randomly", f"--randomly-seed={seed}")
        assert shuffled.returncode == 0, shuffled.stdout + shuffled.stderr
        assert f"{SUITE_SIZE} passed" in shuffled.stdout
    parallel = run_generated(project, "-n", "2", "-p", "randomly")
    assert parallel.returncode == 0, parallel.stdout + parallel.stderr
    assert f"{SUITE_SIZE} passed" in parallel.stdout
    assert not (project / OWN_DATABASE).exists(), "no request reached the application's own database"


def test_a_walk_of_the_top_level_routes_alone_refuses_the_application(project: Path) -> None:
    """Sabotage: neither included routers nor mounted apps are walked (what 0.2 did).
    The check then finds no route that uses get_session, and the client tests are left
    out with one error."""
    included = ('        included = getattr(route, "original_router", None)\n', "        included = None\n")
    mounted = ("        plain = dependant is None and included is None\n", "        plain = False\n")
    with sabotaged(project, "routes.py", included, mounted):
        result = run_generated(project, "-p", "no:randomly")
    assert result.returncode != 0
    assert "pytest-tuneup: no route of catalog.main:app depends on catalog.db:get_session" in result.stdout
    assert re.search(r"\b6 deselected\b", result.stdout), result.stdout


def test_a_mounted_app_left_without_the_override_fails_its_test(project: Path) -> None:
    """Sabotage: only the top application is overridden; the admin app then opens its
    own database, and the project's test of it fails."""
    holders = "    return [app, *(other for other in found if other is not app)]\n"
    with sabotaged(project, "__init__.py", (holders, "    return [app]\n")):
        result = run_generated(project, "-p", "no:randomly", "--tb=line")
        reached_own = (project / OWN_DATABASE).exists()
    assert result.returncode == 1, result.stdout + result.stderr
    failed = re.findall(r"^FAILED (\S+)", result.stdout, re.MULTILINE)
    assert failed == ["tests/test_books.py::test_the_mounted_admin_app_works_on_db_session"], result.stdout
    assert reached_own, "the admin route went to the application's own database"
