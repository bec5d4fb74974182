"""Parcel routing through sorting depots."""

from __future__ import annotations

from parcels.depot import Depot, Parcel
from parcels.tracking import Tracker

__all__ = ["Depot", "Parcel", "Tracker"]
