"""The adventurers' guild."""
