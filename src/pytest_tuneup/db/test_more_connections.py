"""The other databases' connections a test's db_connection keeps for db_session."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from .schema import MORE_CONNECTIONS, more_connections


def connection_with(info: dict[str, Any]) -> Any:
    return SimpleNamespace(info=info)


def test_one_database_means_no_other_connections() -> None:
    assert more_connections(connection_with({})) == []


def test_the_connections_db_connection_opened_are_shared() -> None:
    others = [object(), object()]
    assert more_connections(connection_with({MORE_CONNECTIONS: others})) is others
