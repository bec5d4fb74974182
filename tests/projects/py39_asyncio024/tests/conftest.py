from __future__ import annotations

import asyncio

import pytest

from parcels import Depot, Tracker


@pytest.fixture
async def network():
    """Three depots in a line: north - hub - south. The hub also forwards anything unknown north."""
    depots = [
        Depot("north", {"south": "hub", "hub": "hub"}),
        Depot("hub", {"north": "north", "south": "south", "*": "north"}),
        Depot("south", {"north": "hub", "hub": "hub"}),
    ]
    await asyncio.sleep(0)
    yield Tracker(depots)
    for depot in depots:
        assert depot.belt.empty()
