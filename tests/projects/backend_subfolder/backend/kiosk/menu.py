"""Today's menu: dishes with prices in cents and the allergens they contain."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Dish:
    code: str
    name: str
    price_cents: int
    allergens: frozenset[str] = field(default_factory=frozenset)


MENU = {
    dish.code: dish
    for dish in (
        Dish("S1", "Lentil soup", 350),
        Dish("M1", "Mushroom risotto", 780, frozenset({"milk"})),
        Dish("M2", "Fish of the day", 920, frozenset({"fish"})),
        Dish("D1", "Apple crumble", 300, frozenset({"gluten", "milk"})),
    )
}


def without(allergen: str) -> list[Dish]:
    return [dish for dish in MENU.values() if allergen not in dish.allergens]


if __name__ == "__main__":
    for dish in MENU.values():
        print(f"{dish.code}  {dish.name:<20} {dish.price_cents / 100:6.2f}")
