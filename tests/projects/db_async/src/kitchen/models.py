"""Database models. Portable between SQLite and PostgreSQL: plain types only.

Relationships are ``lazy="raise"``: under asyncio an implicit lazy load
would fail anyway, so the services load what they read with
``selectinload`` and an accidental lazy load fails loudly.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Recipe(Base):
    __tablename__ = "recipes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    servings: Mapped[int] = mapped_column(default=4)

    items: Mapped[list[RecipeIngredient]] = relationship(
        back_populates="recipe",
        cascade="all, delete-orphan",
        order_by="RecipeIngredient.id",
        lazy="raise",
    )

    def __repr__(self) -> str:
        return f"Recipe(id={self.id!r}, name={self.name!r})"


class Ingredient(Base):
    __tablename__ = "ingredients"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    unit: Mapped[str] = mapped_column(String(8), default="g")

    def __repr__(self) -> str:
        return f"Ingredient(id={self.id!r}, name={self.name!r}, unit={self.unit!r})"


class RecipeIngredient(Base):
    __tablename__ = "recipe_ingredients"
    __table_args__ = (UniqueConstraint("recipe_id", "ingredient_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipe_id: Mapped[int] = mapped_column(ForeignKey("recipes.id"), index=True)
    ingredient_id: Mapped[int] = mapped_column(ForeignKey("ingredients.id"), index=True)
    quantity: Mapped[int]

    recipe: Mapped[Recipe] = relationship(back_populates="items", lazy="raise")
    ingredient: Mapped[Ingredient] = relationship(lazy="raise")

    def __repr__(self) -> str:
        return f"RecipeIngredient({self.recipe_id!r}, {self.ingredient_id!r}, {self.quantity!r})"
