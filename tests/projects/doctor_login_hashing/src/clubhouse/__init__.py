"""Members and court bookings."""
