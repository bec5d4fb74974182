"""Reorder rules: when to buy more and how much."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from inventory.stock import StockLevels


@dataclass(frozen=True)
class ReorderRule:
    """Min/max style reorder rule for one SKU.

    When stock falls to ``reorder_point`` or below we order enough to get back
    up to ``max_level``, rounded up to whole ``pack_size`` multiples.
    """

    sku: str
    reorder_point: int
    max_level: int
    pack_size: int = 1

    def __post_init__(self) -> None:
        if self.reorder_point < 0:
            raise ValueError("reorder_point cannot be negative")
        if self.max_level <= self.reorder_point:
            raise ValueError("max_level must be above reorder_point")
        if self.pack_size < 1:
            raise ValueError("pack_size must be at least 1")

    def needs_reorder(self, on_hand: int) -> bool:
        return on_hand <= self.reorder_point

    def quantity_to_order(self, on_hand: int) -> int:
        if not self.needs_reorder(on_hand):
            return 0
        shortfall = self.max_level - on_hand
        packs = -(-shortfall // self.pack_size)  # ceiling division
        return packs * self.pack_size


@dataclass(frozen=True)
class PurchaseSuggestion:
    sku: str
    quantity: int


def suggest_orders(levels: StockLevels, rules: Iterable[ReorderRule]) -> list[PurchaseSuggestion]:
    """Return purchase suggestions for every SKU that hit its reorder point.

    Rules for SKUs we do not stock are ignored. The result is sorted by SKU so
    that purchase orders are stable between runs.
    """
    suggestions = []
    for rule in rules:
        if rule.sku not in levels:
            continue
        quantity = rule.quantity_to_order(levels.on_hand(rule.sku))
        if quantity:
            suggestions.append(PurchaseSuggestion(rule.sku, quantity))
    return sorted(suggestions, key=lambda s: s.sku)
