"""Plain-text notes with tags."""

__version__ = "0.2.0"
