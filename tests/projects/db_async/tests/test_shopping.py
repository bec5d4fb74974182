from kitchen.services import recipes_using, shopping_list


async def test_shopping_list_adds_up_quantities_across_recipes(db_session, pancakes, crepes):
    assert await shopping_list(db_session, ["Pancakes", "Crêpes"]) == {
        "butter": "30 g",
        "egg": "4 pcs",
        "flour": "325 g",
        "milk": "550 ml",
    }


async def test_shopping_list_ignores_unknown_recipes(db_session, pancakes):
    assert await shopping_list(db_session, ["Unicorn stew"]) == {}


async def test_recipes_using_an_ingredient(db_session, pancakes, crepes):
    assert await recipes_using(db_session, "Butter") == ["Crêpes"]
    assert await recipes_using(db_session, "Egg") == ["Crêpes", "Pancakes"]
