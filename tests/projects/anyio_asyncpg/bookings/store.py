"""Bookings: a room is booked by one member at a time."""

from __future__ import annotations

from datetime import datetime

import anyio
import asyncpg


class Overlap(Exception):
    """The room is already booked for part of that time."""


class BookingStore:
    def __init__(self, connection: asyncpg.Connection) -> None:
        self.connection = connection
        self._lock = anyio.Lock()

    async def add_room(self, name: str, seats: int) -> int:
        return await self.connection.fetchval(
            "INSERT INTO rooms (name, seats) VALUES ($1, $2) RETURNING id", name, seats
        )

    async def book(self, room_id: int, member: str, starts: datetime, ends: datetime) -> int:
        # One connection: the lock keeps the overlap check and the insert together.
        async with self._lock:
            clash = await self.connection.fetchval(
                "SELECT count(*) FROM bookings WHERE room_id = $1 AND starts < $3 AND ends > $2",
                room_id,
                starts,
                ends,
            )
            if clash:
                raise Overlap(f"room {room_id} is taken between {starts:%H:%M} and {ends:%H:%M}")
            return await self.connection.fetchval(
                "INSERT INTO bookings (room_id, member, starts, ends) VALUES ($1, $2, $3, $4) RETURNING id",
                room_id,
                member,
                starts,
                ends,
            )

    async def day_plan(self, room_id: int) -> list[tuple[str, datetime]]:
        rows = await self.connection.fetch(
            "SELECT member, starts FROM bookings WHERE room_id = $1 ORDER BY starts", room_id
        )
        return [(row["member"], row["starts"]) for row in rows]
