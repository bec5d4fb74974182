"""An order: dishes and quantities, with the lunch deal applied to the total."""

from __future__ import annotations

from collections import Counter

from kiosk.menu import MENU

DEAL_CENTS = 150  # off a main course ordered with a soup or a dessert


class Order:
    def __init__(self) -> None:
        self.lines: Counter[str] = Counter()

    def add(self, code: str, quantity: int = 1) -> None:
        if code not in MENU:
            raise KeyError(f"no dish {code!r} today")
        if quantity < 1:
            raise ValueError("quantity must be positive")
        self.lines[code] += quantity

    def total_cents(self) -> int:
        gross = sum(MENU[code].price_cents * quantity for code, quantity in self.lines.items())
        mains = sum(quantity for code, quantity in self.lines.items() if code.startswith("M"))
        sides = sum(quantity for code, quantity in self.lines.items() if code[0] in "SD")
        return gross - DEAL_CENTS * min(mains, sides)
