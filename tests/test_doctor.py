"""``make doctor`` on real suites: the fixture projects with slow shapes (their own
suites, tests/projects/doctor_*), every other fixture project and the bundled examples.

Each finding is listed: the exact set of (family, file, line) is asserted, so a
finding that goes missing and a false one both fail. The measured run and the make
target run real pytest and real copier.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from tuneup_testing import (
    PROJECTS,
    REPO,
    commit_all,
    copy_template,
    make_example,
    make_project,
    run_make,
    tool_env,
)

Found = set[tuple[str, str, int]]

EXPECTED: dict[str, Found] = {
    # A sync engine, create_all and a sessionmaker per test; sys.path edited in
    # conftest; a marker nobody registered (26 tables, 100 tests).
    "doctor_sync_sessionmaker": {
        ("testpaths", "pyproject.toml", 15),
        ("sys-path", "tests/conftest.py", 9),
        ("db-per-test", "tests/conftest.py", 19),
        ("unregistered-marker", "tests/test_transfers.py", 30),
    },
    # An async engine per test building two schemas, in memory or on a file.
    "doctor_async_two_schemas": {("db-per-test", "tests/conftest.py", 15)},
    # A module-scoped session and login; passwords hashed at full cost.
    "doctor_login_hashing": {
        ("db-wider-scope", "tests/conftest.py", 28),
        ("db-wider-scope", "tests/conftest.py", 34),
        ("password-hashing", "tests/conftest.py", 36),
        ("password-hashing", "tests/conftest.py", 44),
    },
    # Debug mode twice, the removed event_loop fixture, a session-scoped async fixture
    # beside per-test loops, a sleep after every test, coverage in addopts.
    "doctor_event_loop": {
        ("coverage-addopts", "pyproject.toml", 9),
        ("asyncio-debug", "pyproject.toml", 12),
        ("asyncio-debug", "tests/conftest.py", 14),
        ("asyncio-event-loop", "tests/conftest.py", 18),
        ("asyncio-loop-scope", "tests/conftest.py", 25),
        ("slow-teardown", "tests/conftest.py", 36),
    },
    # The client fixture's get_db override opens its own session on an engine it
    # creates, with create_all, for every test (one finding, at the override).
    "doctor_get_db_override": {("db-own-session", "tests/conftest.py", 31)},
    # create_app() and Flask-SQLAlchemy's db.create_all()/drop_all() per test.
    "doctor_flask_factory_per_test": {("flask-app-per-test", "tests/conftest.py", 11)},
    # A session factory per test on one engine; a test relies on a previous one's rows.
    "doctor_relies_on_commit": {("db-per-test", "tests/conftest.py", 22)},
    # The other fixture projects: what is really there, nothing else.
    "anyio_asyncpg": set(),
    "api_async": set(),
    "api_nested": set(),
    "api_sync": set(),
    "backend_subfolder": {("testpaths", "pyproject.toml", 1)},
    "bare": {("testpaths", "pyproject.toml", 1)},
    "changed_shop": set(),
    "coverage_run": set(),
    "db_async": set(),
    "db_conftest_models": set(),
    "db_fullstack_alembic": set(),
    "db_seed": set(),
    "db_sync": set(),
    "db_ten_bases": set(),
    "db_two_schemas": set(),
    "heavy_services": set(),
    # CI reads the coverage table from every run's log: --cov in addopts on purpose.
    "ini_multiline": {("coverage-addopts", "tox.ini", 12)},
    "pinned_plugin": set(),
    "poetry_app": set(),
    "py39_asyncio024": set(),
    "pyproject_ini_options": set(),
    "pytest_ini_flat": set(),
    # pytest-tuneup's own tuneup_reset_sequences marker: registered by its db plugin.
    "sqlmodel_async": set(),
    "sqlmodel_sync": set(),
    "flask_factory": set(),
    # `integration` is used and registered nowhere.
    "src_layout_makefile": {("unregistered-marker", "tests/test_repository.py", 38)},
    "toml_out_of_order": {
        ("sys-path", "conftest.py", 5),
        ("testpaths", "pyproject.toml", 1),
    },
    "uv_async": set(),
}
EXAMPLES: dict[str, Found] = {
    # doctor-fix (tests/test_example.py) changes the first three.
    "clinic": {
        ("asyncio-debug", "pyproject.toml", 53),
        ("db-per-test", "tests/conftest.py", 41),
        ("db-per-test", "tests/conftest.py", 52),
        # create_app() per test, its lifespan (the notifier) started by `client`.
        ("app-per-test", "tests/conftest.py", 102),
    },
    "shop": set(),
}


def doctor(project: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], list[dict[str, object]]]:
    """``python -m pytest_tuneup.doctor`` from this checkout's src, in ``project``."""
    out = project / ".doctor.json"
    env = {**tool_env(), "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "pytest_tuneup.doctor", "--json", str(out), *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    findings = json.loads(out.read_text())
    out.unlink()
    return done, findings


def found(findings: list[dict[str, object]]) -> Found:
    return {(str(item["code"]), str(item["path"]), int(str(item["line"]))) for item in findings}


def test_every_fixture_project_is_listed() -> None:
    assert set(EXPECTED) == {path.name for path in PROJECTS.iterdir() if path.is_dir()}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_doctor_names_the_right_lines_in_each_fixture_project(name: str) -> None:
    # The doctor only reads: run in place.
    _, findings = doctor(PROJECTS / name)
    assert found(findings) == EXPECTED[name]
    assert all(item["cost"] == "not measured" for item in findings)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_doctor_on_the_bundled_examples(name: str, tmp_path: Path) -> None:
    _, findings = doctor(make_example(name, tmp_path / name))
    assert found(findings) == EXAMPLES[name]


def test_the_report_says_where_what_cost_and_fix() -> None:
    done, _ = doctor(PROJECTS / "doctor_async_two_schemas")
    assert done.stdout.splitlines()[2:5] == [
        "tests/conftest.py:15: [db-per-test]",
        "    what  per-test database setup: async fixture `db` (function scope) creates an",
        "          engine, runs create_all and drop_all, opens a session on that engine, again",
    ]
    assert "    cost  not measured" in done.stdout
    assert "list each of the 2\n          schemas' MetaData under tuneup_models" in done.stdout


def test_measured_costs_come_from_one_probed_run(tmp_path: Path) -> None:
    """--measure: the suite once with the benchmark's probe, once under -X importtime."""
    project = make_project("doctor_sync_sessionmaker", tmp_path / "ledger")
    done, findings = doctor(project, "--measure")
    assert "costs: one run of the suite now" in done.stdout
    static = [item for item in findings if item["code"] != "heavy-import"]
    assert found(static) == EXPECTED["doctor_sync_sessionmaker"]
    cost = {str(item["code"]): str(item["cost"]) for item in static}
    # All 100 tests use `session`.
    each = r"measured: [\d.]+ s in setup and teardown over 100 set-ups \([\d.]+ ms each\)"
    assert re.fullmatch(each, cost["db-per-test"]), cost
    assert cost["testpaths"] == "not measured"
    # Heavy imports (timing decides which) name a module-level import line.
    for item in findings:
        if item["code"] == "heavy-import":
            line = (project / str(item["path"])).read_text().splitlines()[int(str(item["line"])) - 1]
            assert line.startswith(("import ", "from ")), line


def test_a_saved_baseline_gives_the_costs(tmp_path: Path) -> None:
    project = make_project("doctor_async_two_schemas", tmp_path / "atlas")
    baseline = {
        "fixtures": [
            {"fixture": "db", "scope": "function", "module": "conftest", "count": 12, "setup": 0.9, "teardown": 0.3}
        ]
    }
    (project / ".tuneup-bench").mkdir()
    (project / ".tuneup-bench" / "baseline.json").write_text(json.dumps(baseline))
    done, findings = doctor(project)
    assert "costs: the benchmark in" in done.stdout
    assert findings[0]["cost"] == "measured: 1.20 s in setup and teardown over 12 set-ups (100.0 ms each)"


def test_without_libcst_one_line_says_how_to_get_it(tmp_path: Path) -> None:
    # An environment without libcst: None in sys.modules makes its import fail.
    env = {"PYTHONPATH": str(REPO / "src"), "PATH": os.environ["PATH"]}
    code = (
        "import runpy, sys; sys.modules['libcst'] = None; runpy.run_module('pytest_tuneup.doctor', run_name='__main__')"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "pytest-tuneup's doctor reads the suite with libcst, which this environment lacks: run `make tuneup-deps`"
    ]


def test_make_doctor_in_an_adopted_project(template: Path, tmp_path: Path) -> None:
    """The vendored package, through tuneup.mk: the findings that adoption left."""
    project = make_project("doctor_sync_sessionmaker", tmp_path / "ledger")
    copy_template(template, project, {"coverage": False})
    commit_all(project, "pytest-tuneup")
    assert (project / "tests" / "tuneup" / "pytest_tuneup" / "doctor" / "cli.py").is_file()
    assert not list((project / "tests" / "tuneup").rglob("test_*.py"))
    result = run_make(project, "doctor")
    assert result.returncode == 0, result.stderr
    assert "tests/conftest.py:19: [db-per-test]" in result.stdout
    assert "tests/conftest.py:9: [sys-path]" in result.stdout
    help_text = run_make(project, "help").stdout
    assert "what makes the suite slow: file:line, cost and fix (MEASURE=1)" in help_text
    # libcst always (docs/decisions/doctor.md): the project's mypy sees the doctor too.
    assert "--require 'libcst>=1.1'" in run_make(project, "-n", "tuneup-deps").stdout
