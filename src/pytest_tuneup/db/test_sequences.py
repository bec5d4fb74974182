"""Which tests get their sequences restarted: marked, on a database with sequences."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import create_engine

from .sequences import MARKER, marked


class Node:
    """A test's node carrying (or not) the marker; counts the look-ups."""

    def __init__(self, has_marker: bool) -> None:
        self.has_marker = has_marker
        self.lookups = 0

    def get_closest_marker(self, name: str) -> Any:
        self.lookups += 1
        assert name == MARKER
        return object() if self.has_marker else None


def request_for(node: Node) -> Any:
    return SimpleNamespace(node=node)


def dialect(name: str) -> Any:
    return SimpleNamespace(dialect=SimpleNamespace(name=name))


@pytest.mark.parametrize("has_marker", [True, False])
def test_on_postgresql_the_marker_decides(has_marker: bool) -> None:
    node = Node(has_marker)
    assert marked(request_for(node), dialect("postgresql")) is has_marker
    assert node.lookups == 1


def test_on_sqlite_the_marker_is_not_even_looked_up() -> None:
    engine = create_engine("sqlite://")
    try:
        with engine.connect() as connection:
            node = Node(has_marker=True)
            assert not marked(request_for(node), connection)
            assert node.lookups == 0
    finally:
        engine.dispose()
