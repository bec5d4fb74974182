"""``import_recipe`` and ``rename_recipe`` call ``await session.rollback()``
themselves when something is wrong; the test keeps using the same session
afterwards."""

import pytest
from sqlalchemy import func, select

from kitchen.models import Ingredient
from kitchen.services import (
    DuplicateRecipe,
    InvalidQuantity,
    Item,
    UnknownRecipe,
    add_recipe,
    get_recipe,
    import_recipe,
    recipe_count,
    rename_recipe,
)

GUACAMOLE = [Item("Avocado", 3, "pcs"), Item("Lime", 1, "pcs"), Item("Coriander", 10)]
TYPO = [Item("Avocado", 3, "pcs"), Item("Lime", 0, "pcs"), Item("Coriander", 10)]


async def test_import_recipe_adds_the_recipe_and_its_ingredients(db_session):
    recipe = await import_recipe(db_session, "Guacamole", GUACAMOLE, servings=6)

    assert recipe.servings == 6
    assert [i.ingredient.name for i in recipe.items] == ["avocado", "lime", "coriander"]


async def test_bad_quantity_rolls_back_the_import_and_the_session_keeps_working(db_session):
    await add_recipe(db_session, "Nachos")

    with pytest.raises(InvalidQuantity):
        await import_recipe(db_session, "Guacamole", TYPO)

    # Nothing of the failed import is left ...
    with pytest.raises(UnknownRecipe):
        await get_recipe(db_session, "Guacamole")
    assert await db_session.scalar(select(func.count()).select_from(Ingredient)) == 0
    # ... but what was committed before it is.
    assert (await get_recipe(db_session, "Nachos")).items == []

    await import_recipe(db_session, "Guacamole", GUACAMOLE)
    assert await recipe_count(db_session) == 2


async def test_duplicate_recipe_name_rolls_back_the_import(db_session, pancakes):
    with pytest.raises(DuplicateRecipe):
        await import_recipe(db_session, "Pancakes", GUACAMOLE)

    assert await recipe_count(db_session) == 1
    assert len((await get_recipe(db_session, "Pancakes")).items) == 3


async def test_renaming_onto_a_taken_name_rolls_back(db_session, pancakes, crepes):
    with pytest.raises(DuplicateRecipe):
        await rename_recipe(db_session, "Crêpes", "Pancakes")

    assert (await get_recipe(db_session, "Crêpes")).servings == 6

    renamed = await rename_recipe(db_session, "Crêpes", "Galettes")
    assert renamed.name == "Galettes"
    assert await recipe_count(db_session) == 2
