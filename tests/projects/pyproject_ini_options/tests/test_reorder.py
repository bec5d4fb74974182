import pytest

from inventory.reorder import PurchaseSuggestion, ReorderRule, suggest_orders
from inventory.stock import StockItem, StockLevels


def test_rule_validation() -> None:
    with pytest.raises(ValueError):
        ReorderRule("AB-0001", reorder_point=10, max_level=10)


@pytest.mark.parametrize(
    ("on_hand", "expected"),
    [(25, 0), (10, 30), (4, 36), (0, 42)],
)
def test_quantity_rounds_up_to_pack_size(on_hand: int, expected: int) -> None:
    rule = ReorderRule("AB-0001", reorder_point=10, max_level=40, pack_size=6)
    assert rule.quantity_to_order(on_hand) == expected


def test_suggest_orders_skips_unknown_and_healthy_skus() -> None:
    levels = StockLevels()
    levels.add_item(StockItem("AB-0002", "Tape", 1))
    levels.add_item(StockItem("AB-0001", "Labels", 50))
    rules = [
        ReorderRule("AB-0001", reorder_point=20, max_level=100),
        ReorderRule("AB-0002", reorder_point=5, max_level=20),
        ReorderRule("CD-0001", reorder_point=5, max_level=20),
    ]
    assert suggest_orders(levels, rules) == [PurchaseSuggestion("AB-0002", 19)]


@pytest.mark.slow
def test_suggest_orders_for_whole_catalogue() -> None:
    levels = StockLevels()
    rules = []
    for n in range(1, 501):
        sku = f"XY-{n:04d}"
        levels.add_item(StockItem(sku, f"Item {n}", n % 25))
        rules.append(ReorderRule(sku, reorder_point=10, max_level=30, pack_size=5))
    suggestions = suggest_orders(levels, reversed(rules))
    assert [s.sku for s in suggestions] == sorted(s.sku for s in suggestions)
    assert len(suggestions) == 220
    assert all(s.quantity % 5 == 0 for s in suggestions)
