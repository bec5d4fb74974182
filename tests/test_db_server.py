"""make db-up / make db-down: a PostgreSQL server kept between runs, and its template.

A real server from the machine's PostgreSQL programs, in the generated project's own
``.tuneup-db/`` on a free port: apart from the server scripts/test starts for the other
tests (TEST_DATABASE_URL is taken out of the runs' environment).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tuneup_testing import Renders, run_make, tool_env

from pytest_tuneup.db import server

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("db_server")]

#: The answers (and so the render) of tests/test_database.py's PostgreSQL sync project.
ANSWERS = {
    "database": "postgresql",
    "db_api": "sync",
    "models": "library.models:Base",
    "coverage": False,
    "parallel": True,
}


def without_url() -> dict[str, str]:
    return {key: value for key, value in tool_env().items() if key != "TEST_DATABASE_URL"}


def pytest_run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=without_url(),
        timeout=600,
    )


def passing(project: Path, *args: str) -> str:
    result = pytest_run(project, *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def alive(pid: int) -> bool:
    """Checked apart from server.stopped: /proc has it, and not as a zombie (exited, but
    not reaped by a container's init)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def test_db_up_keeps_the_template_between_runs_and_db_down_leaves_nothing(renders: Renders, tmp_path: Path) -> None:
    if server.programs() is None:
        pytest.skip(server.INSTALL_HINT)
    name = "db_sync-postgresql"
    project = renders.copy("db_sync", ANSWERS, tmp_path / name, commit="adopt pytest-tuneup", name=name)
    folder = project / ".tuneup-db"

    up = run_make(project, "db-up", env=without_url())
    assert up.returncode == 0, up.stdout + up.stderr
    url = (folder / "url").read_text().strip()
    assert f"PostgreSQL for the tests: {url}" in up.stdout
    state = json.loads((folder / "server.json").read_text())
    pid = int(Path(state["data"], "postmaster.pid").read_text().split()[0])
    try:
        assert alive(pid)
        again = run_make(project, "db-up", env=without_url())
        assert f"already running: {url}" in again.stdout, "db-up is idempotent"
        assert (
            subprocess.run(["git", "status", "--porcelain"], cwd=project, capture_output=True, text=True).stdout == ""
        )

        first = passing(project)
        assert "URL from .tuneup-db/url (make db-up)" in first
        assert "tuneup_db: built the test database schema" in first
        # On two xdist workers: the summary gathers what the workers did.
        second = passing(project, "-n", "2")
        assert "built the test database schema" not in second, "the kept template is reused"
        assert "tuneup_db: reused the template database tuneup_test_template (models unchanged)" in second
    finally:
        down = run_make(project, "db-down", env=without_url())
    assert down.returncode == 0, down.stdout + down.stderr
    assert "stopped the kept PostgreSQL server and removed .tuneup-db" in down.stdout
    assert not alive(pid), "db-down stops the server"
    assert not folder.exists()
    assert not Path(state["home"]).exists(), "nor leaves its data behind"


KEPT_URL_CASES = {
    # The variable's guard: a name that does not mark a test database, refused before
    # anything connects.
    "postgresql://postgres@127.0.0.1:9/inventory": (
        "pytest-tuneup: refusing database 'inventory' from .tuneup-db/url (make db-up)"
    ),
    # A kept server that is gone (a reboot): one line, and how to start it again.
    "postgresql://postgres@127.0.0.1:9/app_test": (
        "pytest-tuneup: cannot reach PostgreSQL at postgresql://postgres@127.0.0.1:9/app_test"
        " (.tuneup-db/url (make db-up)): "
    ),
}


@pytest.mark.parametrize("url", list(KEPT_URL_CASES))
def test_a_kept_url_is_guarded_and_a_dead_one_is_one_line(renders: Renders, tmp_path: Path, url: str) -> None:
    name = "db_sync-postgresql"
    project = renders.copy("db_sync", ANSWERS, tmp_path / name, commit="adopt pytest-tuneup", name=name)
    (project / ".tuneup-db").mkdir()
    (project / ".tuneup-db" / "url").write_text(url + "\n")
    result = pytest_run(project)
    output = result.stdout + result.stderr
    assert result.returncode == 4, output
    assert output.count(KEPT_URL_CASES[url]) == 1, output
    if "cannot reach" in KEPT_URL_CASES[url]:
        assert "; make db-up starts the kept server again" in output
