"""Kitchen stock and the shopping list derived from it."""
