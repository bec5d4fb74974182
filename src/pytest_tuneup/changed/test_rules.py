"""The rules that force the whole suite, one by one."""

from __future__ import annotations

import pytest

from pytest_tuneup.changed import rules

TUNEUP = "tests/tuneup"


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("tests/conftest.py", "is a conftest"),
        ("tests/api/conftest.py", "is a conftest"),
        ("conftest.py", "is a conftest"),
        ("tests/tuneup/pytest_tuneup/db/schema.py", "pytest-tuneup's own plugin"),
        ("pytest.ini", "pytest's configuration"),
        ("pytest.toml", "pytest's configuration"),
        ("tox.ini", "pytest's configuration"),
        ("setup.cfg", "pytest's configuration"),
        ("uv.lock", "pins the test environment"),
        ("poetry.lock", "pins the test environment"),
        ("pdm.lock", "pins the test environment"),
        ("requirements-dev.txt", "pins the test environment"),
        ("requirements/test.txt", "pins the test environment"),
    ],
)
def test_a_change_that_reaches_every_test_names_its_rule(path: str, words: str) -> None:
    reason = rules.whole_suite_reason(path, TUNEUP)
    assert reason is not None and reason.startswith(path) and words in reason


@pytest.mark.parametrize(
    "path", ["src/shop/services/orders.py", "tests/test_orders.py", "tests/helpers.py"]
)
def test_code_and_tests_are_left_to_the_import_graph(path: str) -> None:
    assert rules.whole_suite_reason(path, TUNEUP) is None


@pytest.mark.parametrize(
    "path", ["README.md", "docs/index.md", "LICENSE", ".gitignore"]
)
def test_documentation_is_no_reason_to_run_anything(path: str) -> None:
    assert rules.is_doc(path)


@pytest.mark.parametrize("path", ["Makefile", "tests/data/orders.json", "alembic.ini"])
def test_other_files_are_not_documentation(path: str) -> None:
    assert not rules.is_doc(path)


PYPROJECT = """\
[project]
name = "shop"
version = "1.0"
dependencies = ["sqlalchemy>=2.0"]

[tool.ruff]
line-length = 100

[tool.pytest.ini_options]
testpaths = ["tests"]
"""


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('version = "1.0"', 'version = "1.1"'),
        ("line-length = 100", "line-length = 120"),
    ],
)
def test_pyproject_metadata_and_linters_do_not_reach_the_tests(
    old: str, new: str
) -> None:
    assert rules.pyproject_reason(PYPROJECT, PYPROJECT.replace(old, new)) is None


@pytest.mark.parametrize(
    ("old", "new", "table"),
    [
        ('["sqlalchemy>=2.0"]', '["sqlalchemy>=2.1"]', "project.dependencies"),
        ('testpaths = ["tests"]', 'testpaths = ["src"]', "tool.pytest"),
        ("[tool.ruff]", '[dependency-groups]\ntest = ["pytest"]\n\n[tool.ruff]', ""),
    ],
)
def test_pyproject_dependencies_and_pytest_settings_reach_every_test(
    old: str, new: str, table: str
) -> None:
    reason = rules.pyproject_reason(PYPROJECT, PYPROJECT.replace(old, new))
    assert reason is not None and (table or "dependency-groups") in reason


def test_a_pyproject_that_does_not_parse_runs_everything() -> None:
    assert rules.pyproject_reason(PYPROJECT, PYPROJECT + "[[[") is not None
    assert rules.pyproject_reason(None, PYPROJECT) is not None
