"""The fixtures underneath the services: the engine and the raw connection."""

from sqlalchemy import insert, inspect, select, text

from kitchen.models import Ingredient
from kitchen.services import Item, add_recipe, add_to_recipe


async def test_engine_has_the_kitchen_tables(db_engine):
    async with db_engine.connect() as conn:
        tables = set(await conn.run_sync(lambda sync_conn: inspect(sync_conn).get_table_names()))

    assert {"recipes", "ingredients", "recipe_ingredients"} <= tables


async def test_raw_sql_on_the_connection(db_connection):
    await db_connection.execute(
        text("INSERT INTO recipes (name, servings) VALUES (:name, :servings)"),
        [{"name": "Minestrone", "servings": 8}, {"name": "Gazpacho", "servings": 4}],
    )

    result = await db_connection.execute(text("SELECT name, servings FROM recipes ORDER BY name"))

    assert [tuple(row) for row in result] == [("Gazpacho", 4), ("Minestrone", 8)]


async def test_core_insert_on_the_connection_is_seen_by_the_session(db_connection, db_session):
    await db_connection.execute(
        insert(Ingredient), [{"name": "saffron", "unit": "g"}, {"name": "rice", "unit": "g"}]
    )

    names = (await db_session.scalars(select(Ingredient.name).order_by(Ingredient.name))).all()

    assert names == ["rice", "saffron"]


async def test_service_commits_are_visible_on_the_connection(db_session, db_connection):
    await add_recipe(db_session, "Paella")
    await add_to_recipe(db_session, "Paella", Item("Rice", 400))

    result = await db_connection.execute(
        text(
            "SELECT r.name, i.name, ri.quantity FROM recipe_ingredients ri"
            " JOIN recipes r ON r.id = ri.recipe_id"
            " JOIN ingredients i ON i.id = ri.ingredient_id"
        )
    )

    assert [tuple(row) for row in result] == [("Paella", "rice", 400)]
