"""The application's lifespan starts the escalator, a background task.

Tests do not need it, so the client leaves the lifespan alone, unless a test is marked
``tuneup_lifespan``: then startup runs before the test and shutdown after it.
"""

import asyncio

import pytest

from tickets.escalation import TASK_NAME


def escalators() -> list[asyncio.Task]:
    return [task for task in asyncio.all_tasks() if task.get_name() == TASK_NAME]


async def test_an_ordinary_test_starts_no_background_task(client):
    response = await client.get("/health")

    assert response.json() == {"status": "ok", "escalator": "off"}
    assert escalators() == []


@pytest.mark.tuneup_lifespan
async def test_a_marked_test_runs_the_lifespan(client):
    response = await client.get("/health")

    assert response.json() == {"status": "ok", "escalator": "running"}
    assert len(escalators()) == 1
