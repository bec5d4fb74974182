"""The sorter, built with db_sessionmaker, opens sessions of its own on the test's data."""

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from depot.models import Parcel


async def test_the_sorter_sorts_what_the_test_committed(db_session, sorter, parcel):
    assert await sorter.sort_waiting() == 1

    await db_session.refresh(parcel)
    assert parcel.bay == "N1"


async def test_the_sorters_sessions_are_sqlmodel_sessions(db_sessionmaker):
    async with db_sessionmaker() as session:
        assert isinstance(session, AsyncSession)
        assert (await session.exec(select(Parcel))).all() == []
