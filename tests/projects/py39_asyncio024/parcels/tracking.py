"""Follows parcels across depots until they reach their destination."""

from __future__ import annotations

from typing import Dict, List

from parcels.depot import Depot, Parcel


class Tracker:
    def __init__(self, depots: List[Depot]) -> None:
        self.depots: Dict[str, Depot] = {depot.name: depot for depot in depots}

    async def deliver(self, parcel: Parcel, start: str, max_hops: int = 8) -> List[str]:
        """Send ``parcel`` from ``start`` along the routes; the depots it passed."""
        current = start
        for _ in range(max_hops):
            depot = self.depots[current]
            await depot.receive(parcel)
            await depot.dispatch()
            nxt = depot.next_stop(parcel)
            if nxt is None:
                return parcel.hops
            current = nxt
        raise RuntimeError(f"{parcel.code} is looping: {' > '.join(parcel.hops)}")
