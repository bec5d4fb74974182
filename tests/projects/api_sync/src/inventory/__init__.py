"""Stock levels for the warehouse."""
