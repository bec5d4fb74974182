"""Which tests get their sequences restarted: marked, on a database with sequences."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import create_engine

from .sequences import MARKED_TESTS, MARKER, FollowMarkedTests, MarkedTests, requested


class Item:
    """A collected test carrying (or not) the marker; counts the look-ups."""

    def __init__(self, has_marker: bool) -> None:
        self.has_marker = has_marker
        self.lookups = 0

    def get_closest_marker(self, name: str) -> Any:
        self.lookups += 1
        assert name == MARKER
        return object() if self.has_marker else None


class Config:
    """What MarkedTests uses of pytest's Config: the stash and plugin registration."""

    def __init__(self) -> None:
        self.stash = pytest.Stash()
        self.registered: list[Any] = []
        self.pluginmanager = SimpleNamespace(register=self.registered.append)


def collect(items: list[Any]) -> tuple[Any, MarkedTests]:
    config: Any = Config()
    tests = MarkedTests()
    config.stash[MARKED_TESTS] = tests
    tests.pytest_collection_modifyitems(config, items)
    return config, tests


def dialect(name: str) -> Any:
    return SimpleNamespace(dialect=SimpleNamespace(name=name))


def test_only_the_marked_test_asks_for_the_restart() -> None:
    marked: Any = Item(has_marker=True)
    plain: Any = Item(has_marker=False)
    config, _ = collect([marked, plain])
    [follower] = config.registered
    assert isinstance(follower, FollowMarkedTests)
    for item, expected in ((marked, True), (plain, False), (marked, True)):
        follower.pytest_runtest_setup(item)
        assert requested(config, dialect("postgresql")) is expected
    # Looked up once each, at collection, not per test.
    assert (marked.lookups, plain.lookups) == (1, 1)


def test_a_suite_that_marks_nothing_gets_no_per_test_hook() -> None:
    config, _ = collect([Item(has_marker=False), Item(has_marker=False)])
    assert config.registered == []
    assert not requested(config, dialect("postgresql"))


def test_collecting_again_registers_no_second_follower() -> None:
    marked: Any = Item(has_marker=True)
    config, tests = collect([marked])
    tests.pytest_collection_modifyitems(config, [marked])
    assert len(config.registered) == 1


def test_on_sqlite_nothing_is_restarted() -> None:
    config, tests = collect([Item(has_marker=True)])
    tests.now = True
    engine = create_engine("sqlite://")
    try:
        with engine.connect() as connection:
            assert not requested(config, connection)
    finally:
        engine.dispose()
