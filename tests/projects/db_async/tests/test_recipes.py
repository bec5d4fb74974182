import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, InvalidRequestError

from kitchen.models import Ingredient, Recipe
from kitchen.services import (
    AlreadyListed,
    InvalidQuantity,
    Item,
    UnknownRecipe,
    add_ingredient,
    add_recipe,
    add_to_recipe,
    get_recipe,
)


async def test_add_recipe_commits_and_assigns_an_id(db_session):
    recipe = await add_recipe(db_session, "  Shakshuka ", servings=2)

    assert recipe.id is not None
    assert recipe.name == "Shakshuka"
    assert (await get_recipe(db_session, "Shakshuka")).servings == 2


async def test_recipe_names_are_unique(db_session):
    await add_recipe(db_session, "Dal")

    with pytest.raises(IntegrityError):
        await add_recipe(db_session, "Dal")
    await db_session.rollback()

    names = (await db_session.scalars(select(Recipe.name))).all()
    assert names == ["Dal"]


async def test_get_recipe_loads_items_and_ingredients(db_session, pancakes):
    recipe = await get_recipe(db_session, "Pancakes")

    assert [(i.ingredient.name, i.quantity, i.ingredient.unit) for i in recipe.items] == [
        ("flour", 200, "g"),
        ("milk", 300, "ml"),
        ("egg", 2, "pcs"),
    ]


async def test_get_recipe_of_an_unknown_name_raises(db_session):
    with pytest.raises(UnknownRecipe):
        await get_recipe(db_session, "Unicorn stew")


async def test_relationships_are_never_lazy_loaded(db_session):
    recipe = await add_recipe(db_session, "Porridge")

    with pytest.raises(InvalidRequestError, match="lazy='raise'"):
        _ = recipe.items


async def test_add_to_recipe_appends_an_item(db_session, pancakes):
    recipe = await add_to_recipe(db_session, "Pancakes", Item("Sugar", 25))

    assert [i.ingredient.name for i in recipe.items] == ["flour", "milk", "egg", "sugar"]


async def test_add_to_recipe_reuses_a_known_ingredient(db_session, pancakes):
    await add_ingredient(db_session, "Blueberries")
    await add_recipe(db_session, "Muffins")

    await add_to_recipe(db_session, "Muffins", Item("blueberries", 150))
    await add_to_recipe(db_session, "Muffins", Item("flour", 250))

    assert await db_session.scalar(select(func.count()).select_from(Ingredient)) == 4


async def test_add_to_recipe_refuses_an_ingredient_twice(db_session, pancakes):
    with pytest.raises(AlreadyListed):
        await add_to_recipe(db_session, "Pancakes", Item("Milk", 50, "ml"))

    recipe = await get_recipe(db_session, "Pancakes")
    assert len(recipe.items) == 3


@pytest.mark.parametrize("quantity", [0, -5])
async def test_add_to_recipe_refuses_a_non_positive_quantity(db_session, pancakes, quantity):
    with pytest.raises(InvalidQuantity):
        await add_to_recipe(db_session, "Pancakes", Item("Sugar", quantity))
