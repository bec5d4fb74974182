"""Appointments beside the legacy patient registry."""
