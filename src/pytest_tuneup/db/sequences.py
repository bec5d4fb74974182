"""Sequences restarted at a test's start, for tests marked ``tuneup_reset_sequences``.

A rolled-back INSERT does not give its id back: on PostgreSQL the next test's first row
gets id 2, 3, ... whatever ran before it, in whatever order. A test that asserts ids
(``/items/1`` after an insert) needs the sequences restarted, as pytest-django's
``reset_sequences`` does. Here every sequence that numbers a table's column restarts
just above the rows already there (none, or the rows the template database holds), so
the test's first row gets the id it would get in a fresh database.

The restart runs on the test's connection, inside its transaction: ALTER SEQUENCE is
transactional, so the rollback after the test puts every sequence back as it was (and
``setval()``, which is not, is never used). Each xdist worker has a database of its own.

SQLite needs nothing: its ids come from the table itself (one above the largest rowid)
or, for AUTOINCREMENT tables, from ``sqlite_sequence``, an ordinary table that the
test's rollback restores. The marker is accepted there and does nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Connection, text

#: The marker, registered by pytest_tuneup.db.
MARKER = "tuneup_reset_sequences"
MARKER_HELP = (
    f"{MARKER}: restart the database's sequences at the test's start (inside its"
    " transaction), so its first row of each table gets id 1"
)

#: Each sequence owned by a table's column (serial, or an identity column): the
#: sequence, its table and the column, as SQL names relative to the search path.
OWNED_SEQUENCES = text(
    """
    SELECT s.oid::regclass::text, t.oid::regclass::text, quote_ident(a.attname)
    FROM pg_class s
    JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass
        AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
    JOIN pg_class t ON t.oid = d.refobjid
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
    JOIN pg_namespace n ON n.oid = s.relnamespace
    WHERE s.relkind = 'S'
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    ORDER BY 1
    """
)
#: Where a pooled connection keeps the query below (``Connection.info``): the schema
#: does not change during the run.
CHECK = "tuneup_sequences_check"


class MarkedTests:
    """Which test asks for the restart: registered on PostgreSQL only.

    The tests carrying the marker are found once, at collection; while one of them
    runs, ``now`` is set before its fixtures. The fixtures then need not look at the
    test (their ``request``, and the marker lookup walking up its nodes), a cost every
    db_session test paid. A suite that marks no test gets no per-test hook at all.
    """

    def __init__(self) -> None:
        self.marked: set[pytest.Item] = set()
        self.now = False
        self.following = False

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(
        self, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        self.marked = {item for item in items if item.get_closest_marker(MARKER)}
        if self.marked and not self.following:
            config.pluginmanager.register(FollowMarkedTests(self))
            self.following = True


class FollowMarkedTests:
    """Sets MarkedTests.now before each test's fixtures."""

    def __init__(self, tests: MarkedTests) -> None:
        self.tests = tests

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        self.tests.now = item in self.tests.marked


#: The run's MarkedTests, on PostgreSQL.
MARKED_TESTS = pytest.StashKey[MarkedTests]()


def follow_marked_tests(config: pytest.Config) -> None:
    config.stash[MARKED_TESTS] = MarkedTests()
    config.pluginmanager.register(config.stash[MARKED_TESTS], "tuneup_marked_tests")


def requested(config: pytest.Config, connection: Any) -> bool:
    """Whether the test now running asks for its sequences restarted, on a database
    that has them (SQLite has none; ``reset`` does nothing there)."""
    return connection.dialect.name == "postgresql" and config.stash[MARKED_TESTS].now


def reset(connection: Connection) -> None:
    """Restart the sequences, in the connection's open transaction.

    One query compares, for every sequence, the id it would give next with the one the
    column's next row should get (one above its largest value); ALTER SEQUENCE runs only
    where they differ. After a marked test's rollback a sequence is back where the
    restart found it, so in a suite whose id-asserting tests are all marked most
    restarts are skipped (each one rewrites the sequence: the expensive part).
    """
    if connection.dialect.name != "postgresql":
        return
    if CHECK not in connection.info:
        owned = connection.execute(OWNED_SEQUENCES).all()
        selects = [
            f"SELECT {index}, coalesce(max({column}), 0) + 1, (SELECT CASE WHEN"
            f" is_called THEN last_value + 1 ELSE last_value END FROM {sequence})"
            f" FROM {table}"
            for index, (sequence, table, column) in enumerate(owned)
        ]
        connection.info[CHECK] = (
            [name for name, _, _ in owned],
            " UNION ALL ".join(selects),
        )
    names, check = connection.info[CHECK]
    if not names:
        return
    for index, wanted, coming in connection.exec_driver_sql(check).all():
        if wanted != coming:
            restart = f"ALTER SEQUENCE {names[index]} RESTART WITH {int(wanted)}"
            connection.exec_driver_sql(restart)
