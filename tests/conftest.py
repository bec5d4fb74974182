"""Fixtures for pytest-tuneup's own tests."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from tuneup_testing import add_version_two, snapshot_template


def _database_per_worker() -> None:
    """Under xdist, each worker of this suite gets a database name of its own.

    The generated suites derive their template and worker databases from the name
    (tuneup_test_template, tuneup_test_main): two of our workers on one name would drop
    each other's databases. Runs at import, before the test modules read the variable.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    url = os.environ.get("TEST_DATABASE_URL")
    if worker and url:
        os.environ["TEST_DATABASE_URL"] = re.sub(r"/([^/?]+)(\?|$)", rf"/\1_{worker}\2", url, count=1)


_database_per_worker()


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The template under test as a git repo with tags v1.0.0 and v2.0.0."""
    repo = snapshot_template(tmp_path_factory.mktemp("template"))
    add_version_two(repo)
    return repo
