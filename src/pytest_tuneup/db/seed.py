"""Rows every test starts from (``tuneup_seed = module:function``), built once.

The function runs once on the template database, after the schema is built and
verified: its rows are part of the template, copied into each worker's database, and
every test starts from them and is rolled back to them. It gets a plain, synchronous
``sqlalchemy.orm.Session`` (for async suites too: the template is built with the sync
driver), bound to every database of the schema; it adds rows, and pytest-tuneup
commits them. Core statements go through ``session.execute(...)``.

The hash of the function's source file is part of the schema's fingerprint: a change
to the seed code builds the template again.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Sequence
from typing import Any, Callable

import pytest
from sqlalchemy.orm import Session

from .. import settings
from . import models

#: The seed function, checked at session start (None: no seed).
LOADED = pytest.StashKey["Callable[[Session], object] | None"]()


def function(config: pytest.Config) -> Callable[[Session], object] | None:
    """The seed function, loaded and checked on first use (session start)."""
    if LOADED not in config.stash:
        config.stash[LOADED] = load(config)
    return config.stash[LOADED]


def load(config: pytest.Config) -> Callable[[Session], object] | None:
    entry = settings.read(config).seed
    if not entry:
        return None
    target = models.resolve(config, entry, "tuneup_seed")
    if not callable(target):
        models.refuse(
            entry,
            f"is {models.describe(target)}, not a function taking a Session",
            "tuneup_seed",
        )
    found: Callable[[Session], object] = target
    return found


def source_hash(config: pytest.Config) -> str:
    """A hash of the file that defines the seed function ('' without a seed)."""
    found = function(config)
    if found is None:
        return ""
    try:
        path = inspect.getsourcefile(found)
    except TypeError:  # a builtin or C function: nothing to read
        path = None
    if path is None:
        return repr(found)
    with open(path, "rb") as source:
        return hashlib.sha256(source.read()).hexdigest()


def run(
    config: pytest.Config, databases: Sequence[Any], binds: dict[Any, Any] | None
) -> None:
    """Run the seed function on the newly built databases and commit its rows."""
    found = function(config)
    if found is None:
        return
    entry = settings.read(config).seed
    try:
        with Session(bind=databases[0], binds=binds) as session:
            found(session)
            session.commit()
    except Exception as error:  # the user's code: any failure is one line
        # In the db_engine fixture, not at session start: pytest.exit stops the run.
        raise pytest.exit.Exception(
            models.line(
                entry,
                f"failed on the template database, which is not kept:"
                f" {models.one_line(error)}",
                "tuneup_seed",
                "fix the seed function (the next run builds the template again)",
            ),
            returncode=pytest.ExitCode.USAGE_ERROR,
        ) from error
