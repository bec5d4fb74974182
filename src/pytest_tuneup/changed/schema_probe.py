"""pytest plugin: write the test database's schema fingerprint to a file, then stop.

``python -m pytest -p pytest_tuneup.changed.schema_probe`` with
``TUNEUP_SCHEMA_PROBE=<file>``: at session start, before any test is collected, any
database is touched or any xdist worker starts, the db plugin's own fingerprint
(``pytest_tuneup.db.schema.fingerprint``: the models' DDL, the migrations' head, the
seed's source) is written to the file and the run stops.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

VARIABLE = "TUNEUP_SCHEMA_PROBE"


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    target = os.environ.get(VARIABLE)
    if not target:
        return
    from sqlalchemy import create_engine

    from ..db.schema import fingerprint
    from ..settings import read

    database = read(session.config).database
    # Only the dialect matters (DDL is compiled, never run): nothing connects.
    url = "postgresql+psycopg://" if database == "postgresql" else "sqlite://"
    Path(target).write_text(fingerprint(session.config, create_engine(url)))
    pytest.exit("pytest-tuneup: schema fingerprint written", returncode=0)
