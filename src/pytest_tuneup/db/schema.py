"""The test database's schema: the models, their fingerprint, and building it once."""

from __future__ import annotations

import hashlib
import importlib
import os
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import URL, Engine, MetaData, create_engine
from sqlalchemy.schema import CreateIndex, CreateTable

from .. import settings

#: A database name marks a test database when it has "test" as a word of its own:
#: test_shop, shop_test, shop-tests. Nothing else is ever created, migrated or dropped.
TEST_NAME = re.compile(r"(^|[_\-.])tests?($|[_\-.])", re.IGNORECASE)


def load_metadata(config: pytest.Config) -> list[MetaData]:
    """The MetaData of each ``tuneup_models`` entry (a declarative base or MetaData)."""
    found = []
    for path in settings.read(config).models:
        module_name, _, attribute = path.partition(":")
        target: Any = importlib.import_module(module_name)
        for name in attribute.split("."):
            target = getattr(target, name)
        found.append(target if isinstance(target, MetaData) else target.metadata)
    return found


def create_all(metadata: list[MetaData], bind: Any) -> None:
    for each in metadata:
        each.create_all(bind)


def fingerprint(config: pytest.Config, engine: Engine) -> str:
    """A hash of the schema's DDL: the same models give the same schema, reused."""
    statements = []
    for metadata in load_metadata(config):
        tables = metadata.sorted_tables
        statements += [str(CreateTable(table).compile(engine)) for table in tables]
        statements += [
            str(CreateIndex(index).compile(engine))
            for table in tables
            for index in table.indexes
        ]
    if settings.read(config).schema == "alembic":
        # The migrations build the schema: a new revision changes it too.
        statements.append(migrations().head(settings.read(config).alembic_ini))
    return hashlib.sha256("\n".join(statements).encode()).hexdigest()[:16]


def create_schema(config: pytest.Config, url: URL) -> None:
    """Build the schema in an empty database: migrations up to head, or create_all."""
    found = settings.read(config)
    if found.schema == "alembic":
        migrations().upgrade(found.alembic_ini, url)
        return
    engine = create_engine(url)
    try:
        create_all(load_metadata(config), engine)
    finally:
        engine.dispose()


def migrations() -> Any:
    """The alembic module, imported only when the schema comes from migrations."""
    return importlib.import_module(f"{__package__}.migrations")


def worker_name() -> str:
    """``gw0``, ``gw1``... under pytest-xdist, ``main`` otherwise."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def require_test_name(url: URL, url_env: str) -> None:
    is_file = url.get_backend_name() == "sqlite"
    name = Path(url.database or "").stem if is_file else url.database or ""
    if url.database not in (None, "", ":memory:") and not TEST_NAME.search(name):
        pytest.exit(
            f"pytest-tuneup: refusing database {url.database!r} from {url_env}: its"
            " name does not mark it as a test database (use a name like test_shop or"
            " shop_test)",
            returncode=pytest.ExitCode.USAGE_ERROR,
        )


def wrong_backend(url_env: str, scheme: str) -> None:
    pytest.exit(
        f"pytest-tuneup: {url_env} must be a {scheme}:// URL",
        returncode=pytest.ExitCode.USAGE_ERROR,
    )
