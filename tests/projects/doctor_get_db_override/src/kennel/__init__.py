"""Bookings for a dog boarding kennel."""
