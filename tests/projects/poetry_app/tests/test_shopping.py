from pantry.shopping import render, shopping_list
from pantry.stock import Stock


def test_buys_whole_packs_up_to_the_minimum(stock):
    assert shopping_list(stock) == {"eggs": 1, "milk": 2}


def test_nothing_below_minimum_means_nothing_to_buy():
    assert render(shopping_list(Stock())) == "nothing to buy"


def test_the_list_has_one_line_per_item(stock):
    assert render(shopping_list(stock)) == "- 1 x eggs\n- 2 x milk"
