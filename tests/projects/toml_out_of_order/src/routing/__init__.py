"""Shortest routes over a road graph."""
