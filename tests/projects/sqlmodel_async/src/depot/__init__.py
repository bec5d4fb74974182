"""Parcels through the depot."""
