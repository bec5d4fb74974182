"""Service functions: each takes the Session it works in."""
