from kiosk.menu import MENU, without


def test_every_dish_has_a_price():
    assert all(dish.price_cents > 0 for dish in MENU.values())


def test_without_milk_leaves_soup_and_fish():
    assert [dish.code for dish in without("milk")] == ["S1", "M2"]
