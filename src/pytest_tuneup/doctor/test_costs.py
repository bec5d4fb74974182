"""Measured costs: matching the probe's fixture keys to findings, benchmark JSON,
heavy imports from -X importtime, files imported twice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_tuneup.bench.importtime import ImportRow, Imports, parse_importtime
from pytest_tuneup.bench.results import imports_json
from pytest_tuneup.doctor.config import read_config
from pytest_tuneup.doctor.costs import (
    Measured,
    MeasureError,
    attach,
    from_bench_json,
    module_matches,
)
from pytest_tuneup.doctor.imports import findings as heavy_imports
from pytest_tuneup.doctor.model import NOT_MEASURED, Finding
from pytest_tuneup.doctor.suite import read_suite
from pytest_tuneup.doctor.syspath import imported_twice


@pytest.mark.parametrize(
    ("module", "path", "matches"),
    [
        ("conftest", "tests/conftest.py", True),
        ("tests.conftest", "tests/conftest.py", True),
        ("api.conftest", "tests/api/conftest.py", True),
        ("conftest", "tests/api/test_x.py", False),
        ("other.conftest", "tests/conftest.py", False),
        ("a.b.tests.conftest", "tests/conftest.py", False),
    ],
)
def test_the_probe_module_names_the_file(module: str, path: str, matches: bool) -> None:
    assert module_matches(module, path) is matches


def finding(path: str, fixture: str | None) -> Finding:
    return Finding("db-per-test", path, 3, "what", "fix", fixture=fixture)


def test_costs_attach_by_fixture_and_file() -> None:
    measured = Measured("test")
    measured.add("session", "tests.conftest", 40, 3.0, 1.0)
    measured.add("session", "test_other", 5, 9.0, 9.0)  # a fixture of the same name
    findings = [
        finding("tests/conftest.py", "session"),
        finding("tests/conftest.py", "unused"),
        finding("pyproject.toml", None),
    ]
    attach(findings, measured)
    assert findings[0].cost == (
        "measured: 4.00 s in setup and teardown over 40 set-ups (100.0 ms each)"
    )
    assert findings[1].cost == "measured: not set up in the measured run"
    assert findings[2].cost == NOT_MEASURED


def test_a_benchmark_json_gives_fixtures_imports_and_duplicates(tmp_path: Path) -> None:
    data = {
        "fixtures": [
            {
                "fixture": "engine",
                "scope": "function",
                "module": "conftest",
                "count": 12,
                "setup": 1.2,
                "teardown": 0.3,
                "total": 1.5,
            }
        ],
        # Written by the benchmark's own code, as make bench --json does.
        "imports": imports_json(
            Imports(0.1, 0.5, [ImportRow("pandas", 0.4, 0.1, None)])
        ),
        "duplicates": [{"file": "tests/helpers.py", "names": ["helpers", "t.helpers"]}],
    }
    path = tmp_path / "bench.json"
    path.write_text(json.dumps(data))
    measured = from_bench_json(path)
    assert measured.fixtures[("engine", "conftest")].count == 12
    assert measured.imports is not None and measured.imports.top[0].module == "pandas"
    assert measured.duplicates == [["tests/helpers.py", "helpers", "t.helpers"]]
    twice = list(imported_twice(measured.duplicates))
    assert [(item.code, item.path) for item in twice] == [
        ("imported-twice", "tests/helpers.py")
    ]


def test_a_file_that_is_not_a_benchmark_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bench.json"
    path.write_text('{"fixtures": [{"fixture": 1}]}')
    with pytest.raises(MeasureError, match="is not a benchmark result"):
        from_bench_json(path)


IMPORTTIME = """\
tuneup-bench: collection starts
import time:      5000 |     400000 |   pandas
import time:       900 |     300000 | app.main
import time:      3000 |     250000 |   numpy
import time:       200 |     200000 | sqlalchemy
import time:       100 |       5000 | json_tools
tuneup-bench: collection ends
"""


def test_heavy_imports_name_the_import_line(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "conftest.py").write_text(
        "import json_tools\nfrom sqlalchemy import orm\n\nimport app.main\n"
    )
    (tmp_path / "tests" / "test_a.py").write_text("import sqlalchemy\nimport numpy\n")
    suite = read_suite(tmp_path, read_config(tmp_path))
    imports = parse_importtime(IMPORTTIME, 10)
    found = [
        (item.path, item.line, item.cost) for item in heavy_imports(suite, imports)
    ]
    # app.main: the conftest's line 4; sqlalchemy: the conftest loads first; pandas is
    # app.main's import, numpy's importer is not a suite file; json_tools is cheap.
    assert found == [
        (
            "tests/conftest.py",
            4,
            "measured: 300 ms to import (-X importtime, with what it imports)",
        ),
        (
            "tests/conftest.py",
            2,
            "measured: 200 ms to import (-X importtime, with what it imports)",
        ),
    ]
    # The application imports sqlalchemy itself: the tests pay for it whatever they do.
    (tmp_path / "src" / "app").mkdir(parents=True)
    (tmp_path / "src" / "app" / "db.py").write_text(
        '"""Models."""\n\nfrom sqlalchemy.orm import DeclarativeBase\n'
    )
    suite = read_suite(tmp_path, read_config(tmp_path))
    assert [item.line for item in heavy_imports(suite, imports)] == [4]
