"""Shared fixtures for the bakery's tests.

``flask_app`` (the application, built once by create_app with its context pushed) and
``db_session`` (the application's own ``db.session``, on the test's transaction) come
from the test plugins. Requests made with ``client`` run on that same session, and all
of what a test or a route commits is rolled back after the test.
"""

import pytest

from bakery.models import Loaf


@pytest.fixture
def client(flask_app, db_session):
    """Flask's test client; its requests run on db_session, the application's db.session."""
    return flask_app.test_client()


@pytest.fixture
def rye(db_session) -> Loaf:
    loaf = Loaf(name="Rye", price_cents=450)
    db_session.add(loaf)
    db_session.commit()
    return loaf
