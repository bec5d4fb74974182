"""The bundled slow example, examples/clinic, before and after adopting pytest-tuneup.

The demo's steps as a user takes them: the example's suite through its own `make test`,
then copier with the answers the demo uses, then the team's side of the migration done
by `make doctor-fix` (as scripts/demo does), then `make test` again. The migration
written by hand, which doctor-fix replaced, is benchmarks/clinic-hand-adoption.patch:
benchmarks/clinic_hand_vs_doctor.sh measures the two side by side.
The tests assert outcomes; how much faster the adopted suite is, in wall time, CPU time
and memory, is the benchmark's to report: scripts/demo runs `pytest_tuneup.bench` on the
clinic before and after, and both interleaved.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from tuneup_testing import commit_all, copy_template, git, make_example, tool_env

pytestmark = pytest.mark.slow

#: The answers scripts/demo gives copier for the clinic (besides the defaults).
DEMO_ANSWERS = {
    "database": "sqlite",
    "db_api": "async",
    "models": "clinic.models:Base",
    # The suite did not measure coverage before; the demo compares like with like.
    "coverage": False,
}


@dataclass(frozen=True)
class Run:
    result: subprocess.CompletedProcess[str]

    @property
    def output(self) -> str:
        return self.result.stdout + self.result.stderr

    @property
    def counts(self) -> dict[str, int]:
        """pytest's closing summary, e.g. {"passed": 181, "warnings": 2}."""
        lines = [line for line in self.result.stdout.splitlines() if re.search(r"\d+ (passed|failed)", line)]
        assert lines, self.output[-3000:]
        found = re.findall(r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed|warnings?)", lines[-1])
        return {kind.rstrip("s") if kind != "passed" else kind: int(number) for number, kind in found}


def assert_all_passed(run: Run) -> None:
    assert run.result.returncode == 0, run.output[-5000:]
    counts = run.counts
    assert counts.get("passed", 0) >= 100, counts
    assert not {"failed", "error", "skipped", "xfailed", "xpassed"} & counts.keys(), counts


@pytest.fixture(scope="module")
def as_it_was(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The example's suite as its team runs it: slow, but green."""
    project = make_example("clinic", tmp_path_factory.mktemp("before") / "clinic")
    return Run(make_test(project))


def make_test(project: Path, *words: str) -> subprocess.CompletedProcess[str]:
    """``make test`` (or ``words``) with no TEST_DATABASE_URL: the clinic's SQLite files, not
    the PostgreSQL server scripts/test names there (the sqlite fixtures refuse a
    postgresql:// URL)."""
    env = {key: value for key, value in tool_env().items() if key != "TEST_DATABASE_URL"}
    command = ["make", "--no-print-directory", *(words or ["test"]), f"PYTHON={sys.executable}"]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, env=env, timeout=1200)


def test_the_example_suite_passes_as_its_team_runs_it(as_it_was: Run) -> None:
    assert_all_passed(as_it_was)
    # Its own fixtures: a new engine and new tables for every test.
    assert "tuneup_db" not in as_it_was.output


def test_adopting_keeps_every_test_on_one_schema_built_once(template: Path, tmp_path: Path, as_it_was: Run) -> None:
    project = make_example("clinic", tmp_path / "clinic")
    copy_template(template, project, DEMO_ANSWERS)
    # The hook keeps the team's function loop scope and says so; doctor-fix takes its advice.
    config = tomllib.loads((project / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert config["asyncio_default_fixture_loop_scope"] == "function"
    assert config["asyncio_default_test_loop_scope"] == "session"
    assert "pytest_tuneup.db" in config["addopts"]
    commit_all(project, "pytest-tuneup")
    head = git(project, "rev-parse", "HEAD")

    fixed = make_test(project, "doctor-fix", "RUNS=2")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "times faster (interleaved A/B, 2 rounds)" in fixed.stdout
    # Adoption kept the team's function fixture loop scope beside the session-loop
    # db_session: two API tests fail until doctor-fix's loop-scope edit. Not a reason to
    # roll back (docs/decisions/doctor.md), but said, with each test's node id.
    assert "every test's outcome is the same, but 2 that failed before pass now;" in fixed.stdout
    assert re.findall(r"^  now passes: (\S+)$", fixed.stdout, re.MULTILINE) == [
        "tests/api/test_appointments_api.py::test_booking_texts_the_owner",
        "tests/api/test_appointments_api.py::test_cancel_the_same_morning_is_late_and_texted",
    ]
    # Nothing committed; git diff shows the change: what the hand patch changed.
    assert git(project, "rev-parse", "HEAD") == head
    assert set(git(project, "diff", "--name-only").split()) == {"pyproject.toml", "tests/conftest.py"}
    conftest = (project / "tests" / "conftest.py").read_text()
    # The engine and session fixtures became one alias of db_session.
    assert "def session(db_session: AsyncSession) -> AsyncSession:\n    return db_session\n" in conftest
    assert "create_all" not in conftest and "create_async_engine" not in conftest
    assert "async def engine" not in conftest
    config = tomllib.loads((project / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert config["asyncio_default_fixture_loop_scope"] == "session"
    assert "asyncio_debug" not in config

    tuned = Run(make_test(project))

    assert_all_passed(tuned)
    # The same 181 tests pass as before and as with the hand patch.
    assert tuned.counts["passed"] == as_it_was.counts["passed"] == 181
    # The tests ran on pytest-tuneup's fixtures, on one schema built once.
    assert "tuneup_db: sqlite (async), models clinic.models:Base" in tuned.output
    assert "tuneup_db: built the test database schema" in tuned.output
    # How much faster it is, in wall and CPU time, is the benchmark's to say (scripts/demo
    # prints both, interleaved, with their spread): a test asserts outcomes, not speed.
