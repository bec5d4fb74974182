"""Shared fixtures for the guild's tests.

``client``, ``db_session`` and ``db_sessionmaker`` come from the test plugins: the API's
requests run on the test's own ``db_session``, the roster opens sessions from
``db_sessionmaker``, and everything any of them commits is rolled back after the test.
"""

import pytest

from guild.models import Team
from guild.roster import Roster
from guild.services import found_team


@pytest.fixture
def team(db_session) -> Team:
    return found_team(db_session, "Preventers", "Sharp Tower")


@pytest.fixture
def roster(db_sessionmaker) -> Roster:
    """The roster as the application builds it, on the test's sessions."""
    return Roster(session_maker=db_sessionmaker)
