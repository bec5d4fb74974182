"""Stock on hand and reservations for placed-but-unshipped orders."""

from __future__ import annotations

from collections.abc import Mapping


class OutOfStock(Exception):
    def __init__(self, sku: str, requested: int, available: int) -> None:
        super().__init__(f"{sku}: {requested} requested, {available} available")
        self.sku = sku
        self.requested = requested
        self.available = available


class Inventory:
    """Tracks units on hand and units reserved by open orders."""

    def __init__(self, on_hand: Mapping[str, int] | None = None) -> None:
        self._on_hand: dict[str, int] = {}
        self._reserved: dict[str, int] = {}
        for sku, quantity in (on_hand or {}).items():
            self.restock(sku, quantity)

    def on_hand(self, sku: str) -> int:
        return self._on_hand.get(sku, 0)

    def reserved(self, sku: str) -> int:
        return self._reserved.get(sku, 0)

    def available(self, sku: str) -> int:
        return self.on_hand(sku) - self.reserved(sku)

    def restock(self, sku: str, quantity: int) -> None:
        if quantity <= 0:
            raise ValueError("restock quantity must be positive")
        self._on_hand[sku] = self.on_hand(sku) + quantity

    def reserve_all(self, items: Mapping[str, int]) -> None:
        """Reserve every item or none of them."""
        for sku, quantity in items.items():
            if quantity > self.available(sku):
                raise OutOfStock(sku, quantity, self.available(sku))
        for sku, quantity in items.items():
            self._reserved[sku] = self.reserved(sku) + quantity

    def release(self, sku: str, quantity: int) -> None:
        """Give back a reservation, e.g. when an order is cancelled."""
        if quantity > self.reserved(sku):
            raise ValueError(f"{sku}: cannot release more than is reserved")
        self._reserved[sku] = self.reserved(sku) - quantity

    def fulfil(self, sku: str, quantity: int) -> None:
        """Turn a reservation into a shipment: the units leave the warehouse."""
        self.release(sku, quantity)
        self._on_hand[sku] -= quantity

    def low_stock(self, threshold: int = 5) -> list[str]:
        return sorted(sku for sku in self._on_hand if self.available(sku) <= threshold)
