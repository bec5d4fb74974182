"""Room bookings in PostgreSQL."""
