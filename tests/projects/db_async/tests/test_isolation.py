"""Every test starts from an empty database, even though the services commit.

These tests create the same uniquely named rows again and again and count
exactly what they created themselves: if one test's committed rows survived
into the next, they would fail with an IntegrityError or a wrong count, in
whatever order (or worker) they run.
"""

import pytest
from sqlalchemy import func, select, text

from kitchen.models import Ingredient
from kitchen.services import Item, add_recipe, import_recipe, recipe_count

RATATOUILLE = [Item("Aubergine", 400), Item("Courgette", 300), Item("Tomato", 500)]


@pytest.mark.parametrize("attempt", range(1, 6))
async def test_ratatouille_is_new_in_every_test(db_session, attempt):
    recipe = await import_recipe(db_session, "Ratatouille", RATATOUILLE, servings=attempt)

    assert recipe.servings == attempt
    assert await recipe_count(db_session) == 1
    assert await db_session.scalar(select(func.count()).select_from(Ingredient)) == 3


@pytest.mark.parametrize("count", [0, 1, 2, 4])
async def test_recipe_count_is_exactly_what_this_test_added(db_session, count):
    for n in range(count):
        await add_recipe(db_session, f"Soup of the day #{n + 1}")

    assert await recipe_count(db_session) == count


@pytest.mark.parametrize("attempt", range(1, 3))
async def test_rows_written_on_the_connection_are_rolled_back_too(db_connection, attempt):
    await db_connection.execute(
        text("INSERT INTO ingredients (name, unit) VALUES (:name, :unit)"),
        {"name": "salt", "unit": "g"},
    )

    result = await db_connection.execute(text("SELECT COUNT(*) FROM ingredients"))
    assert result.scalar_one() == 1
