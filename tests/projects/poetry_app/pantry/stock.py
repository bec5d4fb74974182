"""Stock per item, with the minimum each item should never fall below."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Item:
    name: str
    quantity: int
    minimum: int
    pack_size: int = 1


class Stock:
    def __init__(self) -> None:
        self._items: dict[str, Item] = {}

    def add(self, item: Item) -> None:
        if item.name in self._items:
            raise KeyError(f"{item.name} is already stocked")
        self._items[item.name] = item

    def use(self, name: str, amount: int) -> int:
        item = self._items[name]
        if amount > item.quantity:
            raise ValueError(f"only {item.quantity} {name} left")
        item.quantity -= amount
        return item.quantity

    def restock(self, name: str, packs: int) -> int:
        item = self._items[name]
        item.quantity += packs * item.pack_size
        return item.quantity

    def __iter__(self):
        return iter(sorted(self._items.values(), key=lambda item: item.name))
