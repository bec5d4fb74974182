"""The shopping list: whole packs of every item below its minimum."""

from __future__ import annotations

import math

from pantry.stock import Stock


def shopping_list(stock: Stock) -> dict[str, int]:
    """Packs to buy per item so that each item is back at its minimum."""
    wanted: dict[str, int] = {}
    for item in stock:
        missing = item.minimum - item.quantity
        if missing > 0:
            wanted[item.name] = math.ceil(missing / item.pack_size)
    return wanted


def render(wanted: dict[str, int]) -> str:
    if not wanted:
        return "nothing to buy"
    return "\n".join(f"- {packs} x {name}" for name, packs in wanted.items())
