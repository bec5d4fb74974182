"""The test database's schema: the models, their fingerprint, and building it once.

The models' MetaData come from ``models.py`` (loaded and checked at session start).
Entries whose table names overlap cannot share a database: they are split into
groups, each group in a database of its own (one SQLite file, or one PostgreSQL
template and worker database, per group), and ``db_session`` binds each table to its
group's connection. One group, the common case, is one database as before.

A build is verified before it is kept: every table of the models is there (and, for
migrations, ``alembic_version`` at head). Only then is it cached (SQLite) or labelled
(PostgreSQL); an empty or partial build is never reused.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import pytest
from sqlalchemy import URL, Connection, Engine, MetaData, inspect
from sqlalchemy.schema import CreateIndex, CreateTable

from .. import settings
from . import models, seed

#: A database name marks a test database when it has "test" as a word of its own:
#: test_shop, shop_test, shop-tests. Nothing else is ever created, migrated or dropped.
TEST_NAME = re.compile(r"(^|[_\-.])tests?($|[_\-.])", re.IGNORECASE)

#: The groups of MetaData, each group built into a database of its own.
GROUPS = pytest.StashKey[tuple[tuple[MetaData, ...], ...]]()


def load_metadata(config: pytest.Config) -> list[MetaData]:
    """The MetaData of every ``tuneup_models`` entry, loaded and checked once."""
    return list(models.metadata(config))


def groups(config: pytest.Config) -> tuple[tuple[MetaData, ...], ...]:
    """The MetaData split into groups whose table names do not overlap.

    Each MetaData goes into the first group that has none of its table names, so
    entries that never clash (the common case) make one group, one database.
    """
    if GROUPS not in config.stash:
        found = split(load_metadata(config))
        if len(found) > 1 and settings.read(config).schema == "alembic":
            clash = sorted(set(found[0][0].tables) & set(found[1][0].tables))
            # At session start: a UsageError is one line, exit code 4.
            raise pytest.UsageError(
                "pytest-tuneup: tuneup_schema = alembic builds one database, but the"
                f" tuneup_models entries share table names ({', '.join(clash)}):"
                " list only the models the migrations build"
            )
        config.stash[GROUPS] = tuple(tuple(group) for group in found)
    return config.stash[GROUPS]


def split(metadata: Sequence[MetaData]) -> list[list[MetaData]]:
    """Each MetaData into the first group that has none of its table names."""
    found: list[list[MetaData]] = []
    for each in metadata:
        names = set(each.tables)
        free = (g for g in found if not names & {n for m in g for n in m.tables})
        group = next(free, None)
        if group is None:
            found.append([each])
        else:
            group.append(each)
    return found


def group_suffix(index: int) -> str:
    """Added to the database names of every group but the first: ``_g1``, ``_g2``."""
    return f"_g{index}" if index else ""


def create_all(metadata: Sequence[MetaData], bind: Any) -> None:
    for each in metadata:
        each.create_all(bind)


def fingerprint(config: pytest.Config, engine: Engine) -> str:
    """A hash of the schema's DDL and seed: the same models give the same schema."""
    statements = []
    for index, group in enumerate(groups(config)):
        statements.append(f"-- database {index}")
        for metadata in group:
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
    # The seed's rows are part of the template: a change to its code rebuilds it.
    statements.append(seed.source_hash(config))
    return hashlib.sha256("\n".join(statements).encode()).hexdigest()[:16]


def build(config: pytest.Config, binds: Sequence[Any], migrate: bool) -> None:
    """Build the schema into each group's empty database, verify it, then seed it.

    ``binds``: an Engine (or a Connection, for in-memory databases) per group.
    ``migrate``: run the migrations (``tuneup_schema = alembic``) rather than
    create_all. Any failure stops the run with one line; the caller then discards
    the databases (so nothing partial is cached) since this raises.
    """
    migrating = migrate and settings.read(config).schema == "alembic"
    if migrating:
        migrations().upgrade(settings.read(config).alembic_ini, binds[0])
    else:
        for bind, group in zip(binds, groups(config)):
            create_all(group, bind)
    verify(config, binds, migrating)
    seed.run(config, binds, table_binds(config, binds))


@contextmanager
def connected(bind: Any) -> Iterator[Connection]:
    if isinstance(bind, Connection):
        yield bind
    else:
        with bind.connect() as connection:
            yield connection


def verify(config: pytest.Config, binds: Sequence[Any], migrating: bool) -> None:
    """Stop unless each database holds its group's tables (and migrations at head)."""
    found = settings.read(config)
    for bind, group in zip(binds, groups(config)):
        with connected(bind) as connection:
            inspector = inspect(connection)
            missing = [
                table.fullname
                for metadata in group
                for table in metadata.tables.values()
                if not inspector.has_table(table.name, schema=table.schema)
            ]
            version = migrations().current(connection) if migrating else None
        if missing:
            where = "the migrations" if migrating else "create_all"
            not_built(
                f"{where} did not create {len(missing)} table(s) of the models:"
                f" {', '.join(sorted(missing)[:5])}"
            )
        if migrating:
            head = migrations().head(found.alembic_ini)
            if version != head:
                not_built(
                    f"the test database's alembic_version is {version or 'missing'},"
                    f" not head ({head}): env.py did not migrate the test database"
                )


def not_built(reason: str) -> NoReturn:
    pytest.exit(
        f"pytest-tuneup: the test database schema is not usable, so it is not kept:"
        f" {reason}",
        returncode=pytest.ExitCode.USAGE_ERROR,
    )


def table_binds(
    config: pytest.Config, connections: Sequence[Any]
) -> dict[Any, Any] | None:
    """Each table bound to its group's connection (or engine); None for one group."""
    if len(connections) < 2:
        return None
    return {
        table: connection
        for connection, group in zip(connections, groups(config))
        for metadata in group
        for table in metadata.tables.values()
    }


def by_entry(config: pytest.Config, connections: Sequence[Any]) -> dict[str, Any]:
    """Each ``tuneup_models`` entry with the connection of its group."""
    return {entry: connections[index] for entry, index in entry_groups(config)}


#: Each entry with the index of its group.
ENTRY_GROUPS = pytest.StashKey[tuple[tuple[str, int], ...]]()


def entry_groups(config: pytest.Config) -> tuple[tuple[str, int], ...]:
    if ENTRY_GROUPS not in config.stash:
        found = groups(config)
        config.stash[ENTRY_GROUPS] = tuple(
            (entry, next(i for i, g in enumerate(found) if any(m is md for m in g)))
            for entry, md in models.entries(config)
        )
    return config.stash[ENTRY_GROUPS]


#: Where db_connection keeps the test's connections to the second and later databases:
#: in its own connection's ``info`` (the pooled connection's dictionary), set before
#: the test and removed after it. Not in the test's node: reaching that needs the
#: fixture's ``request``, a cost pytest charges every test that reaches the fixture.
MORE_CONNECTIONS = "tuneup_more_connections"


def more_connections(connection: Any) -> list[Any]:
    """The test's connections beside db_connection, one per further database (table
    names that clash): opened by db_connection with its own, in the same way, so
    db_session, db_sessionmaker and db_connections share them. None for one database
    (the common case), where a db_session test then sets up two database fixtures,
    as with the hand-written recipe, and no more."""
    found: list[Any] = connection.info.get(MORE_CONNECTIONS, [])
    return found


def migrations() -> Any:
    """The alembic module, imported only when the schema comes from migrations."""
    return importlib.import_module(f"{__package__}.migrations")


def worker_name() -> str:
    """``gw0``, ``gw1``... under pytest-xdist, ``main`` otherwise.

    In shard i of ``make test-shard`` (``TUNEUP_SHARD=i``) it is ``s<i>_gw0`` or
    ``s<i>_main``: shards running at once against one server never share a database.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    shard = os.environ.get("TUNEUP_SHARD", "")
    if not shard:
        return worker
    if not shard.isdigit():
        pytest.exit(
            f"pytest-tuneup: TUNEUP_SHARD must be a shard number like 2, not {shard!r}",
            returncode=pytest.ExitCode.USAGE_ERROR,
        )
    return f"s{shard}_{worker}"


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
