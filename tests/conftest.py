"""Fixtures for pytest-tuneup's own tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from tuneup_testing import add_version_two, snapshot_template


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The template under test as a git repo with tags v1.0.0 and v2.0.0."""
    repo = snapshot_template(tmp_path_factory.mktemp("template"))
    add_version_two(repo)
    return repo
