"""The application's lifespan starts a thread that pushes stock levels to the ERP.

Tests do not need it, so the client leaves the lifespan alone, unless a test is marked
``tuneup_lifespan``: then startup runs before the test and shutdown after it.
"""

import threading

import pytest

from inventory.sync import THREAD_NAME


def sync_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == THREAD_NAME]


def test_an_ordinary_test_starts_no_thread(client):
    response = client.get("/health")

    assert response.json() == {"status": "ok", "stock_sync": "off"}
    assert sync_threads() == []


@pytest.mark.tuneup_lifespan
def test_a_marked_test_runs_the_lifespan(client):
    response = client.get("/health")

    assert response.json() == {"status": "ok", "stock_sync": "running"}
    assert len(sync_threads()) == 1
