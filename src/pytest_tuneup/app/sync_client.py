"""The ``client`` fixture for ``tuneup_client = sync``: Starlette's TestClient.

Registered by ``pytest_tuneup.app``; not a plugin of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from typing import Any

import pytest
from fastapi.testclient import TestClient

from . import BASE_URL, overrides_restored, wants_lifespan


@pytest.fixture
def client(
    app: Any, tuneup_app_session: Any, request: pytest.FixtureRequest
) -> Iterator[TestClient]:
    """A TestClient that calls the application in process (on the test's db_session)."""
    with overrides_restored(app, request.config, tuneup_app_session):
        http = TestClient(app, base_url=BASE_URL)
        # Entering a TestClient runs the lifespan; otherwise only the requests run.
        with http if wants_lifespan(request) else closing(http):
            yield http
