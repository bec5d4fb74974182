"""Past one machine (issue 14): the durations file and the shards, run for real.

A generated PostgreSQL project (db_sync, plus a module of many tests with classes and
parameters) runs as 2 and then 3 shards at once against the server scripts/test starts:
the union of the shards must be the suite, each shard on databases of its own, and
``make shards-combine`` must say so; with a test deleted and ten added it must still
hold after ``make durations``, and fail when a shard did not run.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tuneup_testing import Renders, database_env, needs_postgresql, run_make, write_files

pytestmark = pytest.mark.slow

ANSWERS = {"database": "postgresql", "db_api": "sync", "models": "library.models:Base", "coverage": True}

# Tests that say which database they ran on, per shard, and enough of them (with classes
# and parameters, whose JUnit names are the hard ones) for three shards.
MANY = """
import os
from pathlib import Path

import pytest
from sqlalchemy import text


def record(db_session):
    name = db_session.execute(text("SELECT current_database()")).scalar_one()
    out = Path(__file__).parents[1] / ".dbnames" / os.environ.get("TUNEUP_SHARD", "none")
    out.parent.mkdir(exist_ok=True)
    with out.open("a") as file:
        file.write(name + "\\n")


@pytest.mark.parametrize("n", range(12))
def test_each(db_session, n):
    record(db_session)


class TestGroup:
    @pytest.mark.parametrize("path", ["a/b", "c::d", "e f"])
    def test_odd_names(self, db_session, path):
        record(db_session)

    def test_kept(self, db_session):
        record(db_session)


def test_deleted_later(db_session):
    record(db_session)
"""

ADDED = "".join(f"\n\ndef test_added_{n}(db_session):\n    record(db_session)\n" for n in range(10))


def project_env() -> dict[str, str]:
    """PostgreSQL's URL, and not this run's xdist worker: the project's runs are not ours."""
    return {key: value for key, value in database_env("postgresql").items() if not key.startswith("PYTEST_XDIST")}


def make(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_make(project, *args, env=project_env())


def shards_at_once(project: Path, splits: int, recording: int) -> None:
    """make test-shard SHARD=i/N for every i, all started before any is waited for."""
    shutil.rmtree(project / ".tuneup-shards", ignore_errors=True)
    shutil.rmtree(project / ".dbnames", ignore_errors=True)
    running = [
        subprocess.Popen(
            ["make", "--no-print-directory", "test-shard", f"SHARD={group}/{splits}", f"PYTHON={sys.executable}"],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=project_env(),
        )
        for group in range(1, splits + 1)
    ]
    for group, process in enumerate(running, 1):
        output, _ = process.communicate(timeout=600)
        assert process.returncode == 0, output
        assert f"Running group {group}/{splits}" in output, output
    # Each shard's tests ran on that shard's own database, and only there; together they
    # ran every test that records its database once.
    base = project_env()["TEST_DATABASE_URL"].rsplit("/", 1)[1].split("?")[0]
    recorded = {path.name: path.read_text().split() for path in (project / ".dbnames").iterdir()}
    assert recorded and set(recorded) <= {str(group) for group in range(1, splits + 1)}, recorded
    for group, names in recorded.items():
        assert set(names) == {f"{base}_s{group}_main"}, recorded
    assert sum(map(len, recorded.values())) == recording, recorded


def suite_ids(project: Path) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:randomly", "-p", "no:cacheprovider"],
        cwd=project,
        capture_output=True,
        text=True,
        env=project_env(),
    )
    return [line for line in done.stdout.splitlines() if "::" in line]


def test_shards_run_the_suite_exactly_once_on_databases_of_their_own(renders: Renders, tmp_path: Path) -> None:
    needs_postgresql()
    project = renders.copy("db_sync", ANSWERS, tmp_path / "library")
    write_files(project, {"tests/test_many.py": MANY})

    durations = make(project, "durations")
    assert durations.returncode == 0, durations.stdout + durations.stderr
    measured = json.loads((project / ".test_durations").read_text())
    assert sorted(measured) == sorted(suite_ids(project))
    assert all(seconds > 0 for seconds in measured.values())

    shards_at_once(project, 2, recording=17)
    combined = make(project, "shards-combine")
    assert combined.returncode == 0, combined.stdout + combined.stderr
    assert "the union of the shards is exactly the suite" in combined.stdout
    assert re.search(r"2 files \(1/2: \d+, 2/2: \d+\)", combined.stdout), combined.stdout
    # Coverage: each shard's data, combined, with the gate (COV_FAIL_UNDER) applied.
    assert "combined coverage of 2 shards" in combined.stdout
    assert (project / ".coverage").is_file()

    # One test deleted, ten added: the stale file fails the check until make durations.
    many = project / "tests" / "test_many.py"
    many.write_text(many.read_text().replace("def test_deleted_later", "def helper_deleted_later") + ADDED)
    stale = make(project, "durations-check")
    assert stale.returncode != 0, stale.stdout
    assert re.search(r"; 10 \(\d+\.\d%\) do not, 1 entries", stale.stdout), stale.stdout
    again = make(project, "durations")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "10 new" in again.stdout and "1 no longer in the suite dropped" in again.stdout, again.stdout
    assert sorted(json.loads((project / ".test_durations").read_text())) == sorted(suite_ids(project))
    assert make(project, "durations-check").returncode == 0

    shards_at_once(project, 3, recording=26)
    assert make(project, "shards-combine").returncode == 0

    # A shard that did not run: its tests are lost, and the group is named.
    (project / ".tuneup-shards" / "junit-2.xml").unlink()
    lost = make(project, "shards-combine")
    assert lost.returncode != 0
    assert "no JUnit file from group(s) 2" in lost.stdout, lost.stdout
    assert "the union of the shards is NOT the suite" in lost.stdout
