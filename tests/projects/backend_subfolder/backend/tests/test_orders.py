import pytest

from kiosk.orders import Order


def test_a_main_alone_pays_full_price():
    order = Order()
    order.add("M1")
    assert order.total_cents() == 780


def test_the_deal_applies_once_per_pair():
    order = Order()
    order.add("M2", 2)
    order.add("S1")
    assert order.total_cents() == 2 * 920 + 350 - 150


def test_unknown_dishes_are_refused():
    with pytest.raises(KeyError, match="no dish"):
        Order().add("X9")


def test_quantities_are_positive():
    with pytest.raises(ValueError):
        Order().add("S1", 0)
