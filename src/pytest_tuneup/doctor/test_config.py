"""Reading the pytest configuration and the suite's files."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_tuneup.doctor.config import read_config
from pytest_tuneup.doctor.suite import read_suite


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("pytest.ini", "[pytest]\ntestpaths = tests it\n", 2),
        ("pytest.toml", '[pytest]\ntestpaths = ["tests", "it"]\n', 2),
        ("pyproject.toml", '[tool.pytest]\n\ntestpaths = ["tests", "it"]\n', 3),
        (
            "pyproject.toml",
            '[tool.pytest.ini_options]\ntestpaths = ["tests", "it"]\n',
            2,
        ),
        ("tox.ini", "[tox]\n[pytest]\ntestpaths =\n  tests\n  it\n", 3),
        ("setup.cfg", "[tool:pytest]\ntestpaths = tests it\n", 2),
    ],
)
def test_each_file_pytest_reads(
    tmp_path: Path, name: str, text: str, line: int
) -> None:
    (tmp_path / name).write_text(text)
    config = read_config(tmp_path)
    assert config.path == tmp_path / name
    assert config.words("testpaths") == ["tests", "it"]
    assert config.line_of("testpaths") == line


def test_the_first_file_wins_and_a_pyproject_without_pytest_is_skipped(
    tmp_path: Path,
) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (tmp_path / "setup.cfg").write_text("[tool:pytest]\naddopts = -q --cov=x\n")
    config = read_config(tmp_path)
    assert config.path == tmp_path / "setup.cfg"
    assert config.words("addopts") == ["-q", "--cov=x"]
    (tmp_path / "pytest.ini").write_text("")
    assert read_config(tmp_path).path == tmp_path / "pytest.ini"


def test_no_configuration(tmp_path: Path) -> None:
    assert read_config(tmp_path).path is None


def test_the_suite_is_testpaths_its_conftests_and_those_above(tmp_path: Path) -> None:
    files = {
        "pytest.ini": "[pytest]\ntestpaths = tests\n",
        "conftest.py": "",
        "tests/conftest.py": "",
        "tests/unit/test_a.py": "",
        "tests/unit/helpers.py": "",
        "tests/.venv/lib/test_vendor.py": "",
        "tests/tuneup/pytest_tuneup/test_x.py": "",
        "scripts/test_not_in_testpaths.py": "",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    suite = read_suite(tmp_path, read_config(tmp_path))
    assert [source.rel for source in suite.files] == [
        "conftest.py",
        "tests/conftest.py",
        "tests/unit/test_a.py",
    ]


def test_fixtures_and_imports_are_read(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(
        "import pytest as pt\n"
        "from pytest_asyncio import fixture as afixture\n\n"
        "@pt.fixture(scope='module', autouse=True, name='renamed')\n"
        "def original(request, *, other):\n    pass\n\n"
        "@afixture(loop_scope='session')\n"
        "async def loop_bound():\n    pass\n\n"
        "def not_a_fixture():\n    pass\n"
    )
    suite = read_suite(tmp_path, read_config(tmp_path))
    renamed, loop_bound = suite.fixtures
    assert (renamed.name, renamed.scope, renamed.autouse, renamed.line) == (
        "renamed",
        "module",
        True,
        5,
    )
    assert renamed.params == ["request", "other"]
    assert (loop_bound.is_async, loop_bound.loop_scope, loop_bound.scope) == (
        True,
        "session",
        "function",
    )
