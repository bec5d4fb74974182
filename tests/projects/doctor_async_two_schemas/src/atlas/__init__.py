"""Places and visits."""
