"""Shelving library books by call number."""
