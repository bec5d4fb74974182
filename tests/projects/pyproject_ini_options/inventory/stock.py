"""Tracking of on-hand quantities per SKU."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator


class InsufficientStock(Exception):
    """Raised when a shipment asks for more units than are on hand."""

    def __init__(self, sku: str, requested: int, available: int) -> None:
        super().__init__(f"{sku}: requested {requested}, only {available} on hand")
        self.sku = sku
        self.requested = requested
        self.available = available


@dataclass
class StockItem:
    """A single SKU and how many units of it we hold."""

    sku: str
    name: str
    quantity: int = 0
    unit_cost: Decimal = Decimal("0")

    @property
    def value(self) -> Decimal:
        """Inventory value of this line at cost."""
        return self.unit_cost * self.quantity


class StockLevels:
    """In-memory view of the warehouse stock, keyed by SKU."""

    def __init__(self) -> None:
        self._items: dict[str, StockItem] = {}

    def __contains__(self, sku: object) -> bool:
        return sku in self._items

    def __iter__(self) -> Iterator[StockItem]:
        return iter(self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def add_item(self, item: StockItem) -> None:
        if item.sku in self._items:
            raise ValueError(f"duplicate SKU {item.sku!r}")
        if item.quantity < 0:
            raise ValueError("quantity cannot be negative")
        self._items[item.sku] = item

    def get(self, sku: str) -> StockItem:
        try:
            return self._items[sku]
        except KeyError:
            raise KeyError(f"unknown SKU {sku!r}") from None

    def on_hand(self, sku: str) -> int:
        return self.get(sku).quantity

    def receive(self, sku: str, quantity: int) -> int:
        """Book incoming units and return the new on-hand quantity."""
        if quantity <= 0:
            raise ValueError("received quantity must be positive")
        item = self.get(sku)
        item.quantity += quantity
        return item.quantity

    def ship(self, sku: str, quantity: int) -> int:
        """Remove units for an outgoing shipment and return what is left."""
        if quantity <= 0:
            raise ValueError("shipped quantity must be positive")
        item = self.get(sku)
        if quantity > item.quantity:
            raise InsufficientStock(sku, quantity, item.quantity)
        item.quantity -= quantity
        return item.quantity

    def total_value(self) -> Decimal:
        return sum((item.value for item in self._items.values()), Decimal("0"))
