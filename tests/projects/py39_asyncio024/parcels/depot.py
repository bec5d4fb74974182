"""A sorting depot: parcels arrive, wait on a belt, and leave towards their next stop."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Dict, List, Optional


@dataclass
class Parcel:
    code: str
    destination: str
    weight_kg: float
    hops: List[str] = field(default_factory=list)


class Depot:
    """One depot. ``routes`` maps a destination to the next depot's name."""

    def __init__(self, name: str, routes: Dict[str, str], belt_size: int = 10) -> None:
        self.name = name
        self.routes = routes
        self.belt: asyncio.Queue[Parcel] = asyncio.Queue(maxsize=belt_size)

    async def receive(self, parcel: Parcel) -> None:
        if parcel.weight_kg > 30:
            raise ValueError(f"{parcel.code}: {parcel.weight_kg} kg is over the 30 kg belt limit")
        parcel.hops.append(self.name)
        await self.belt.put(parcel)

    def next_stop(self, parcel: Parcel) -> Optional[str]:
        if parcel.destination == self.name:
            return None
        return self.routes.get(parcel.destination, self.routes.get("*"))

    async def dispatch(self) -> List[Parcel]:
        """Empty the belt; the parcels in the order they arrived."""
        out: List[Parcel] = []
        while not self.belt.empty():
            out.append(await self.belt.get())
            await asyncio.sleep(0)
        return out
