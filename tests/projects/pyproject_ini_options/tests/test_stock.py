from decimal import Decimal

import pytest

from inventory.stock import InsufficientStock, StockItem, StockLevels


@pytest.fixture
def levels() -> StockLevels:
    levels = StockLevels()
    levels.add_item(StockItem("AB-0001", "Pallet wrap", 12, Decimal("4.50")))
    levels.add_item(StockItem("AB-0002", "Box cutter", 3, Decimal("2.25")))
    return levels


def test_receive_increases_on_hand(levels: StockLevels) -> None:
    assert levels.receive("AB-0002", 10) == 13
    assert levels.on_hand("AB-0002") == 13


def test_ship_decreases_on_hand(levels: StockLevels) -> None:
    assert levels.ship("AB-0001", 5) == 7


def test_ship_more_than_on_hand_raises(levels: StockLevels) -> None:
    with pytest.raises(InsufficientStock) as excinfo:
        levels.ship("AB-0002", 4)
    assert excinfo.value.available == 3
    assert levels.on_hand("AB-0002") == 3


@pytest.mark.parametrize("quantity", [0, -1])
def test_non_positive_quantities_are_rejected(levels: StockLevels, quantity: int) -> None:
    with pytest.raises(ValueError):
        levels.receive("AB-0001", quantity)


def test_duplicate_sku_is_rejected(levels: StockLevels) -> None:
    with pytest.raises(ValueError, match="duplicate"):
        levels.add_item(StockItem("AB-0001", "Other"))


def test_unknown_sku(levels: StockLevels) -> None:
    with pytest.raises(KeyError):
        levels.on_hand("ZZ-9999")


def test_total_value(levels: StockLevels) -> None:
    assert levels.total_value() == Decimal("60.75")
