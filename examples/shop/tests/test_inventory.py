import pytest

from shop.inventory import OutOfStock


def test_initial_stock(inventory):
    assert inventory.on_hand("KB-001") == 10
    assert inventory.available("KB-001") == 10


def test_reserve_reduces_available_not_on_hand(inventory):
    inventory.reserve_all({"KB-001": 4})
    assert inventory.on_hand("KB-001") == 10
    assert inventory.reserved("KB-001") == 4
    assert inventory.available("KB-001") == 6


def test_reservation_is_all_or_nothing(inventory):
    with pytest.raises(OutOfStock) as excinfo:
        inventory.reserve_all({"KB-001": 2, "BK-100": 4})
    assert excinfo.value.sku == "BK-100"
    assert inventory.reserved("KB-001") == 0


def test_release_returns_units(inventory):
    inventory.reserve_all({"MS-002": 5})
    inventory.release("MS-002", 5)
    assert inventory.available("MS-002") == 50


def test_cannot_release_more_than_reserved(inventory):
    inventory.reserve_all({"MS-002": 1})
    with pytest.raises(ValueError):
        inventory.release("MS-002", 2)


def test_fulfil_removes_units_from_warehouse(inventory):
    inventory.reserve_all({"CF-010": 3})
    inventory.fulfil("CF-010", 3)
    assert inventory.on_hand("CF-010") == 17
    assert inventory.reserved("CF-010") == 0


def test_restock_adds_units(inventory):
    inventory.restock("KB-001", 5)
    assert inventory.on_hand("KB-001") == 15
    with pytest.raises(ValueError):
        inventory.restock("KB-001", 0)


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [(2, []), (10, ["BK-100", "KB-001"])],
)
def test_low_stock(inventory, threshold, expected):
    assert inventory.low_stock(threshold) == expected

