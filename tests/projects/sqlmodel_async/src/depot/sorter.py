"""The sorting belt: built once with an async_sessionmaker, a session per batch."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from depot.models import Parcel

BAYS = {"north": "N1", "south": "S1"}


class Sorter:
    def __init__(self, session_maker: Callable[[], AsyncSession]) -> None:
        self.session_maker = session_maker

    async def sort_waiting(self) -> int:
        """Put every waiting parcel in the bay of its destination; commit the batch."""
        async with self.session_maker() as session:
            waiting = (await session.exec(select(Parcel).where(col(Parcel.bay).is_(None)))).all()
            for parcel in waiting:
                parcel.bay = BAYS.get(parcel.destination, "X0")
            await session.commit()
            return len(waiting)
