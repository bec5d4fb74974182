"""Utility meter readings and the bills computed from them."""
