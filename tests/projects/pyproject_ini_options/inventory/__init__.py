"""Stock levels and reorder rules for the warehouse."""

from inventory.reorder import PurchaseSuggestion, ReorderRule, suggest_orders
from inventory.stock import InsufficientStock, StockItem, StockLevels

__all__ = [
    "InsufficientStock",
    "PurchaseSuggestion",
    "ReorderRule",
    "StockItem",
    "StockLevels",
    "suggest_orders",
]

__version__ = "0.4.2"
