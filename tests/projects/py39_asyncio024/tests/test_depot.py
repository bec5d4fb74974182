from __future__ import annotations

import pytest

from parcels import Depot, Parcel


async def test_parcels_leave_in_arrival_order():
    depot = Depot("hub", {})
    for code in ("a1", "a2", "a3"):
        await depot.receive(Parcel(code, "south", 1.0))
    assert [parcel.code for parcel in await depot.dispatch()] == ["a1", "a2", "a3"]


async def test_heavy_parcels_are_refused():
    depot = Depot("hub", {})
    with pytest.raises(ValueError, match="over the 30 kg"):
        await depot.receive(Parcel("big", "south", 31.5))
    assert depot.belt.empty()


def test_next_stop_falls_back_to_the_wildcard():
    depot = Depot("hub", {"north": "n", "*": "w"})
    assert depot.next_stop(Parcel("p", "north", 1)) == "n"
    assert depot.next_stop(Parcel("p", "east", 1)) == "w"
    assert depot.next_stop(Parcel("p", "hub", 1)) is None


async def test_receiving_records_the_hop():
    depot = Depot("north", {})
    parcel = Parcel("p", "north", 2.0)
    await depot.receive(parcel)
    await depot.dispatch()
    assert parcel.hops == ["north"]
