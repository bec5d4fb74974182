from __future__ import annotations

import pytest

from parcels import Depot, Parcel, Tracker


async def test_north_to_south_goes_through_the_hub(network):
    hops = await network.deliver(Parcel("x1", "south", 4.0), start="north")
    assert hops == ["north", "hub", "south"]


async def test_a_local_parcel_stops_at_once(network):
    assert await network.deliver(Parcel("x2", "hub", 1.0), start="hub") == ["hub"]


async def test_unknown_destination_loops_and_is_reported():
    tracker = Tracker([Depot("a", {"*": "b"}), Depot("b", {"*": "a"})])
    with pytest.raises(RuntimeError, match="looping"):
        await tracker.deliver(Parcel("lost", "nowhere", 1.0), start="a", max_hops=4)


@pytest.mark.parametrize("start", ["north", "south"])
async def test_every_depot_reaches_the_hub(network, start):
    assert (await network.deliver(Parcel("h", "hub", 1.0), start=start))[-1] == "hub"
