"""Async unit-of-work functions for the canteen planner.

Every function takes the caller's ``AsyncSession`` and commits its own work.
They look rows up by name and return freshly loaded objects, because after a
commit the session expires what it holds and an expired attribute cannot be
lazily refreshed under asyncio.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from kitchen.models import Ingredient, Recipe, RecipeIngredient


class KitchenError(Exception):
    """Base class for the errors the services raise on purpose."""


class UnknownRecipe(KitchenError, LookupError):
    pass


class DuplicateRecipe(KitchenError):
    pass


class AlreadyListed(KitchenError):
    """The ingredient is already part of the recipe."""


class InvalidQuantity(KitchenError, ValueError):
    pass


@dataclass(frozen=True)
class Item:
    ingredient: str
    quantity: int
    unit: str = "g"


def _check_quantity(item: Item) -> None:
    if item.quantity <= 0:
        raise InvalidQuantity(f"{item.ingredient}: quantity must be positive, got {item.quantity}")


async def add_recipe(session: AsyncSession, name: str, servings: int = 4) -> Recipe:
    recipe = Recipe(name=name.strip(), servings=servings)
    session.add(recipe)
    await session.commit()
    await session.refresh(recipe)
    return recipe


async def get_or_create_ingredient(session: AsyncSession, name: str, unit: str = "g") -> Ingredient:
    """Return the named ingredient, adding it (unflushed) if it is new."""
    name = name.strip().lower()
    ingredient = await session.scalar(select(Ingredient).where(Ingredient.name == name))
    if ingredient is None:
        ingredient = Ingredient(name=name, unit=unit)
        session.add(ingredient)
    return ingredient


async def add_ingredient(session: AsyncSession, name: str, unit: str = "g") -> Ingredient:
    ingredient = Ingredient(name=name.strip().lower(), unit=unit)
    session.add(ingredient)
    await session.commit()
    await session.refresh(ingredient)
    return ingredient


async def get_recipe(session: AsyncSession, name: str) -> Recipe:
    """The recipe with its items and their ingredients loaded."""
    recipe = await session.scalar(
        select(Recipe)
        .where(Recipe.name == name)
        .options(selectinload(Recipe.items).selectinload(RecipeIngredient.ingredient))
        .execution_options(populate_existing=True)
    )
    if recipe is None:
        raise UnknownRecipe(name)
    return recipe


async def add_to_recipe(session: AsyncSession, recipe_name: str, item: Item) -> Recipe:
    _check_quantity(item)
    recipe = await get_recipe(session, recipe_name)
    ingredient = await get_or_create_ingredient(session, item.ingredient, item.unit)
    if any(existing.ingredient is ingredient for existing in recipe.items):
        raise AlreadyListed(f"{ingredient.name} is already in {recipe_name}")
    recipe.items.append(RecipeIngredient(ingredient=ingredient, quantity=item.quantity))
    await session.commit()
    return await get_recipe(session, recipe_name)


async def import_recipe(
    session: AsyncSession, name: str, items: Iterable[Item], servings: int = 4
) -> Recipe:
    """Add a recipe with all its items as one all-or-nothing unit.

    A bad quantity or a name that is already taken throws the whole import
    away (``await session.rollback()``) and re-raises.
    """
    name = name.strip()
    recipe = Recipe(name=name, servings=servings, items=[])
    session.add(recipe)
    try:
        await session.flush()
    except IntegrityError as exc:
        await session.rollback()
        raise DuplicateRecipe(name) from exc
    try:
        for item in items:
            _check_quantity(item)
            ingredient = await get_or_create_ingredient(session, item.ingredient, item.unit)
            recipe.items.append(RecipeIngredient(ingredient=ingredient, quantity=item.quantity))
            await session.flush()
    except InvalidQuantity:
        await session.rollback()
        raise
    await session.commit()
    return await get_recipe(session, name)


async def rename_recipe(session: AsyncSession, old_name: str, new_name: str) -> Recipe:
    recipe = await get_recipe(session, old_name)
    recipe.name = new_name
    try:
        await session.commit()
    except IntegrityError as exc:
        await session.rollback()
        raise DuplicateRecipe(new_name) from exc
    return await get_recipe(session, new_name)


async def recipe_count(session: AsyncSession) -> int:
    return await session.scalar(select(func.count()).select_from(Recipe)) or 0


async def recipes_using(session: AsyncSession, ingredient_name: str) -> list[str]:
    result = await session.scalars(
        select(Recipe.name)
        .join(Recipe.items)
        .join(RecipeIngredient.ingredient)
        .where(Ingredient.name == ingredient_name.lower())
        .order_by(Recipe.name)
    )
    return list(result)


async def shopping_list(session: AsyncSession, recipe_names: Sequence[str]) -> dict[str, str]:
    """Total quantity of each ingredient over the given recipes, e.g. {"flour": "450 g"}."""
    rows = await session.execute(
        select(Ingredient.name, Ingredient.unit, func.sum(RecipeIngredient.quantity))
        .join(RecipeIngredient.ingredient)
        .join(RecipeIngredient.recipe)
        .where(Recipe.name.in_(recipe_names))
        .group_by(Ingredient.name, Ingredient.unit)
        .order_by(Ingredient.name)
    )
    return {name: f"{total} {unit}" for name, unit, total in rows}
