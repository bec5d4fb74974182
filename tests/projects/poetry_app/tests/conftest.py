import pytest

from pantry.stock import Item, Stock


@pytest.fixture
def stock():
    stock = Stock()
    stock.add(Item("eggs", 4, minimum=6, pack_size=6))
    stock.add(Item("flour", 2000, minimum=1000, pack_size=1000))
    stock.add(Item("milk", 0, minimum=2))
    return stock
