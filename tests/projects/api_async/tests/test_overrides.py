"""The client's own override of get_session ends with each test; the suite's stay."""

import pytest

from tickets.db import get_session
from tickets.notify import get_notifier


class MailServerDown:
    def send(self, subject: str, body: str) -> None:
        raise ConnectionRefusedError("mail server down")


async def test_the_suites_notifier_override_is_in_place(app, client, notifier, outbox):
    assert app.dependency_overrides[get_notifier]() is notifier

    response = await client.post("/tickets", json={"subject": "Keyboard sticky", "customer": "Jen"})

    assert response.status_code == 201
    assert len(outbox) == 1


async def test_a_test_may_override_a_dependency_for_itself(app, client):
    app.dependency_overrides[get_notifier] = MailServerDown

    with pytest.raises(ConnectionRefusedError):
        await client.post("/tickets", json={"subject": "Mouse lost", "customer": "Roy"})


def test_outside_a_test_with_client_the_application_is_as_the_suite_left_it(app, notifier):
    assert get_session not in app.dependency_overrides
    assert app.dependency_overrides[get_notifier]() is notifier
