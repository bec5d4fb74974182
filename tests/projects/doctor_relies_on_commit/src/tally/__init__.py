"""Council votes."""
