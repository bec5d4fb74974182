"""Shared fixtures for the kitchen tests.

``db_engine``, ``db_connection`` and ``db_session`` come from the test
plugin; the recipe fixtures here are built on top of ``db_session``, so
they are rolled back with the rest of the test.
"""

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from kitchen.models import Recipe
from kitchen.services import Item, import_recipe

PANCAKES = [Item("Flour", 200), Item("Milk", 300, "ml"), Item("Egg", 2, "pcs")]
CREPES = [Item("Flour", 125), Item("Milk", 250, "ml"), Item("Egg", 2, "pcs"), Item("Butter", 30)]


@pytest.fixture
async def pancakes(db_session: AsyncSession) -> Recipe:
    return await import_recipe(db_session, "Pancakes", PANCAKES, servings=4)


@pytest.fixture
async def crepes(db_session: AsyncSession) -> Recipe:
    return await import_recipe(db_session, "Crêpes", CREPES, servings=6)
