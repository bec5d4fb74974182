"""Shared fixtures for the ticket service's tests.

``app``, ``client`` and ``db_session`` come from the test plugins. The client's requests
run on the test's own ``db_session``: the API sees what a test wrote, the test sees
what the API committed, and all of it is rolled back after the test.
"""

import pytest

from tickets.models import Ticket
from tickets.notify import get_notifier


class RecordingNotifier:
    """Keeps the subjects it was asked to send instead of emailing anyone."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def send(self, subject: str, body: str) -> None:
        self.sent.append(subject)


@pytest.fixture(scope="session")
def notifier() -> RecordingNotifier:
    return RecordingNotifier()


@pytest.fixture(scope="session", autouse=True)
def no_emails(app, notifier):
    """Nobody gets email from the tests: one override for the whole session."""
    app.dependency_overrides[get_notifier] = lambda: notifier
    yield
    del app.dependency_overrides[get_notifier]


@pytest.fixture
def outbox(notifier) -> list[str]:
    notifier.sent.clear()
    return notifier.sent


@pytest.fixture
async def ticket(db_session) -> Ticket:
    """A ticket committed by the test itself (inside the test's transaction)."""
    ticket = Ticket(subject="Printer on fire", customer="Moss")
    db_session.add(ticket)
    await db_session.commit()
    return ticket
