"""Recipes, ingredients and shopping lists for the canteen planner."""

from kitchen.models import Base, Ingredient, Recipe, RecipeIngredient

__all__ = ["Base", "Ingredient", "Recipe", "RecipeIngredient"]
