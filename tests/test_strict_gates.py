"""Adoption never turns a passing suite red; the strict gates stay one visible step away."""

from __future__ import annotations

from pathlib import Path

import pytest
from tuneup_testing import Renders, commit_all, copy_template, link_this_venv, make_project, run_make, update_template

pytestmark = pytest.mark.slow


def test_test_strict_shows_the_warning_that_would_fail_and_keeps_the_users_exemptions(
    renders: Renders, tmp_path: Path
) -> None:
    project = renders.copy("pyproject_ini_options", {}, tmp_path / "inventory", name="inventory")

    assert run_make(project, "test").returncode == 0, "default answers keep the suite green"
    strict = run_make(project, "test-strict")
    assert strict.returncode != 0
    # Only the DeprecationWarning fails; the user's ignore::UserWarning line still holds.
    assert "FAILED tests/test_legacy.py::test_import_counts_sums_duplicates - DeprecationWarning" in strict.stdout
    assert "1 failed" in strict.stdout


def test_test_strict_names_an_unregistered_marker(renders: Renders, tmp_path: Path) -> None:
    project = renders.copy("src_layout_makefile", {}, tmp_path / "billing", name="billing")

    assert run_make(project, "test").returncode == 0
    strict = run_make(project, "tuneup-test-strict")
    assert strict.returncode != 0
    assert "'integration' not found in `markers` configuration option" in strict.stdout


def test_strict_answer_makes_the_gates_the_default(template: Path, tmp_path: Path) -> None:
    project = make_project("pyproject_ini_options", tmp_path / "inventory")
    link_this_venv(project)  # the project runs this pytest 9: the gates are its ini keys
    copy_template(template, project)
    commit_all(project, "adopt pytest-tuneup")

    update_template(project, {"strict": True})

    text = (project / "pyproject.toml").read_text()
    for gate in ("strict_config = true", "strict_markers = true", "xfail_strict = true", '"error",'):
        assert gate in text
    assert "--cov" not in text, "coverage and its gate live in the make targets, not in addopts"
    result = run_make(project, "test")
    assert result.returncode != 0, "the gate the suite does not meet yet now fails make test"
    assert "test_import_counts_sums_duplicates - DeprecationWarning" in result.stdout


def test_strict_answer_on_a_clean_suite_passes(renders: Renders, tmp_path: Path) -> None:
    project = renders.copy("bare", {"strict": True, "coverage_fail_under": 50}, tmp_path / "bare")
    result = run_make(project, "test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Required test coverage of 50% reached" in result.stdout
