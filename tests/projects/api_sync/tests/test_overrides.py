"""The client's own override of get_session ends with each test; the suite's stay."""

from datetime import datetime

from inventory.clock import get_clock
from inventory.db import get_session

NEW_YEAR = datetime(2025, 1, 1)


def test_the_suites_clock_override_is_in_place(app, client, product, fixed_clock):
    assert app.dependency_overrides[get_clock]() == fixed_clock

    response = client.post("/products/BOLT-M8/movements", json={"delta": 1, "reason": "counted"})

    assert response.json()["movements"][-1]["at"] == fixed_clock.isoformat()


def test_a_test_may_override_a_dependency_for_itself(app, client, product):
    app.dependency_overrides[get_clock] = lambda: NEW_YEAR

    response = client.post("/products/BOLT-M8/movements", json={"delta": 1, "reason": "counted"})

    assert response.json()["movements"][-1]["at"] == NEW_YEAR.isoformat()


def test_outside_a_test_with_client_the_application_is_as_the_suite_left_it(app, fixed_clock):
    assert get_session not in app.dependency_overrides
    assert app.dependency_overrides[get_clock]() == fixed_clock
