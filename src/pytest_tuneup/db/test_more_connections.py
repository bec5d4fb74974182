"""The other databases' connections a test's db_connection keeps for db_session."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from .schema import MORE_CONNECTIONS, more_connections


def request_with(stash: pytest.Stash) -> Any:
    return SimpleNamespace(node=SimpleNamespace(stash=stash))


def test_one_database_means_no_other_connections() -> None:
    assert more_connections(request_with(pytest.Stash())) == []


def test_the_connections_db_connection_opened_are_shared() -> None:
    stash = pytest.Stash()
    others = [object(), object()]
    stash[MORE_CONNECTIONS] = others
    assert more_connections(request_with(stash)) is others
