"""make tune on a rendered project (issue 13): the stages run, a tiny suite keeps
xdist off, and WRITE=1 leaves a configuration pytest runs with.

The decision rule and the writer are unit-tested beside the code
(src/pytest_tuneup/tune/test_*.py); this is the one end-to-end run, cheap: the bare
project's few tests, two rounds per stage.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tuneup_testing import Renders, run_make, run_pytest

from pytest_tuneup.doctor.config import read_config


@pytest.mark.slow
def test_make_tune_on_a_small_suite_never_chooses_xdist(renders: Renders, tmp_path: Path) -> None:
    project = renders.copy("bare", {"coverage": False}, tmp_path / "bare")
    config = read_config(project)
    assert config.path is not None
    before = config.path.read_bytes()

    done = run_make(project, "tune", "ROUNDS=2", "WRITE=1")
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "xdist workers:" in out and "plugins:" in out, out
    # A handful of tests: every worker imports everything again, so -n always loses.
    assert re.search(r"^  -n 2 .*(dropped|no win)", out, re.MULTILINE), out
    chosen = re.search(r"^Chosen: (.*?): ", out, re.MULTILINE)
    if chosen is None:
        assert "nothing to change" in out, out
        assert config.path.read_bytes() == before
        return
    assert "-n" not in chosen.group(1).split(), out
    text = config.path.read_text()
    assert re.search(r"^# pytest-tuneup tune \d{4}-\d\d-\d\d: ", text, re.MULTILINE)
    # Only lines were added: the file's own lines are all still there, in order.
    kept = [line for line in text.splitlines() if line in before.decode().splitlines()]
    assert kept == before.decode().splitlines()
    assert read_config(project).words("addopts")[-len(chosen.group(1).split()) :] == (chosen.group(1).split())
    # The written configuration runs the suite as before.
    after = run_pytest(project, "-q")
    assert after.returncode == 0, after.stdout + after.stderr


@pytest.mark.slow
def test_plain_pytest_after_the_defaults_measures_no_coverage(renders: Renders) -> None:
    """Issue 13, part 1: coverage runs where it is read (make test, test-cov, CI)."""
    project = renders.get("bare")  # every answer its default: coverage on
    assert (project / "tuneup.mk").read_text().count("tuneup-test-cov:") == 1
    addopts = read_config(project).words("addopts")
    assert not [word for word in addopts if word.startswith("--cov")], addopts
    done = run_pytest(project, "-q")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "coverage: platform" not in done.stdout and "TOTAL" not in done.stdout
