"""Every test gets a service of its own, started the way production starts it."""

from collections.abc import Iterator

import pytest

from relay import NotificationService, create_service


@pytest.fixture
def service() -> Iterator[NotificationService]:
    service = create_service()
    yield service
    service.close()
