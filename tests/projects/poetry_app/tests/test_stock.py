import pytest

from pantry.stock import Item


def test_using_lowers_the_quantity(stock):
    assert stock.use("flour", 500) == 1500


def test_cannot_use_more_than_there_is(stock):
    with pytest.raises(ValueError, match="only 4 eggs left"):
        stock.use("eggs", 5)


def test_restock_counts_whole_packs(stock):
    assert stock.restock("eggs", 2) == 16


def test_an_item_is_stocked_once(stock):
    with pytest.raises(KeyError):
        stock.add(Item("milk", 1, minimum=1))


def test_items_come_in_name_order(stock):
    assert [item.name for item in stock] == ["eggs", "flour", "milk"]
