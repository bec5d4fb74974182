"""pytest plugin: write the test database's schema fingerprint to a file, then stop.

``python -m pytest -p pytest_tuneup.changed.schema_probe`` with
``TUNEUP_SCHEMA_PROBE=<file>``: at session start, before any test is collected, any
database is touched or any xdist worker starts, the db plugin's own fingerprint
(``pytest_tuneup.db.schema.fingerprint``: the models' DDL, the migrations' head, the
seed's source) is written to the file and the run stops. Nothing is written when the
models were not imported from the folder probed: the caller then assumes a change.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import pytest

from ..settings import read
from .schema import VARIABLE


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    target = os.environ.get(VARIABLE)
    if not target:
        return
    settings = read(session.config)
    if not settings.models:
        pytest.exit("pytest-tuneup: no models, no fingerprint", returncode=0)
    # By name: without a database answer neither the db package nor SQLAlchemy is
    # there (and this module must still import, and type-check, in such a project).
    create_engine = importlib.import_module("sqlalchemy").create_engine
    fingerprint = importlib.import_module("..db.schema", __package__).fingerprint
    # Only the dialect matters (DDL is compiled, never run): nothing connects.
    url = "postgresql+psycopg://" if settings.database == "postgresql" else "sqlite://"
    found = fingerprint(session.config, create_engine(url))
    entries = [*settings.models, settings.seed]
    if all(from_here(entry, session.config.rootpath) for entry in entries if entry):
        Path(target).write_text(found)
    pytest.exit("pytest-tuneup: schema fingerprint taken", returncode=0)


def from_here(entry: str, root: Path) -> bool:
    """Whether the entry's module was imported from the project probed, not from an
    installed copy (an editable install would give the working tree's models to the
    base's probe too, and the same fingerprint at both ends)."""
    module = sys.modules.get(entry.split(":", 1)[0])
    location = getattr(module, "__file__", None)
    if not location:
        return False
    return Path(location).resolve().is_relative_to(root.resolve())
