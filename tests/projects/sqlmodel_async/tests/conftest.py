"""Shared fixtures for the depot's tests.

``client``, ``db_session`` and ``db_sessionmaker`` come from the test plugins; all of
what the API, the sorter and the tests commit is rolled back after each test.
"""

import pytest

from depot.models import Parcel
from depot.sorter import Sorter


@pytest.fixture
def sorter(db_sessionmaker) -> Sorter:
    """The sorter as the application builds it, on the test's sessions."""
    return Sorter(session_maker=db_sessionmaker)


@pytest.fixture
async def parcel(db_session) -> Parcel:
    parcel = Parcel(barcode="PX-0001", destination="north", weight_grams=1200)
    db_session.add(parcel)
    await db_session.commit()
    return parcel
