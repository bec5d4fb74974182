"""The formulary: every product our wholesalers list, with dosing and interactions.

The data are the CSV exports in ``clinic/data`` (products.csv is the wholesalers' merged
price list, refreshed monthly; dosing.csv and interactions.csv are maintained by the
clinical lead). They are loaded once, when this module is imported, and the interaction
table is computed for every pair of products up front, so the prescribing screen can
check a patient's whole medication list without a database round trip (ADR 0007).

Dosing figures are illustrative, for this example application only: not clinical guidance.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from itertools import combinations

from clinic.enums import Severity, Species

_WORD = re.compile(r"[a-z0-9]+(?:[.-][a-z0-9]+)*")


class UnknownProduct(LookupError):
    def __init__(self, code: str) -> None:
        super().__init__(f"no product {code!r} in the formulary")
        self.code = code


@dataclass(frozen=True, slots=True)
class Ingredient:
    name: str
    drug_class: str
    controlled: bool
    contraindicated: frozenset[Species]


@dataclass(frozen=True, slots=True)
class Dosing:
    ingredient: str
    species: Species
    dose_mg_per_kg: Decimal
    max_mg_per_kg_day: Decimal
    doses_per_day: int


@dataclass(frozen=True, slots=True)
class Product:
    code: str
    name: str
    ingredient: Ingredient
    form: str
    strength_mg: Decimal  # per unit: per tablet, per ml, per pipette
    unit: str
    pack_size: int
    pack_price_cents: int
    supplier: str

    @property
    def by_volume(self) -> bool:
        return self.unit == "ml"

    @property
    def divisible(self) -> bool:
        """Plain tablets may be halved; capsules, chewables and pipettes may not."""
        return self.form == "tablet"


@dataclass(frozen=True, slots=True)
class Interaction:
    first: str  # product codes, in code order
    second: str
    severity: Severity
    effect: str


class Formulary:
    """Products, dosing and interactions, indexed for the lookups prescribing needs."""

    def __init__(
        self,
        products: Iterable[Product],
        dosing: Iterable[Dosing],
        rules: dict[frozenset[str], tuple[Severity, str]],
    ) -> None:
        self._products = {product.code: product for product in products}
        self._dosing = {(entry.ingredient, entry.species): entry for entry in dosing}
        self._interactions = _pairwise_interactions(self._products.values(), rules)
        self._words = _word_index(self._products.values())

    def __len__(self) -> int:
        return len(self._products)

    def __iter__(self) -> Iterator[Product]:
        return iter(self._products.values())

    def __contains__(self, code: object) -> bool:
        return code in self._products

    def product(self, code: str) -> Product:
        try:
            return self._products[code]
        except KeyError:
            raise UnknownProduct(code) from None

    def dosing(self, ingredient: str, species: Species) -> Dosing | None:
        return self._dosing.get((ingredient, species))

    def interaction(self, code_a: str, code_b: str) -> Interaction | None:
        first, second = sorted((code_a, code_b))
        return self._interactions.get((first, second))

    def interactions_among(self, codes: Iterable[str]) -> list[Interaction]:
        """Every interaction between any two of ``codes``, the most severe first."""
        unique = sorted(set(codes))
        found = [
            interaction
            for first, second in combinations(unique, 2)
            if (interaction := self._interactions.get((first, second))) is not None
        ]
        return sorted(found, key=lambda item: (-item.severity.rank, item.first, item.second))

    def search(self, query: str, species: Species | None = None, limit: int = 20) -> list[Product]:
        """Products whose name has every word of ``query`` as a word prefix."""
        words = _WORD.findall(query.lower())
        if not words:
            return []
        matches: set[str] | None = None
        for word in words:
            codes = self._words.get(word, set())
            matches = set(codes) if matches is None else matches & codes
        found = [self._products[code] for code in matches or ()]
        if species is not None:
            found = [
                product
                for product in found
                if species not in product.ingredient.contraindicated
                and (product.ingredient.name, species) in self._dosing
            ]
        found.sort(key=lambda product: (product.name, product.code))
        return found[:limit]


def _pairwise_interactions(
    products: Iterable[Product], rules: dict[frozenset[str], tuple[Severity, str]]
) -> dict[tuple[str, str], Interaction]:
    table: dict[tuple[str, str], Interaction] = {}
    ordered = sorted(products, key=lambda product: product.code)
    for index, first in enumerate(ordered):
        for second in ordered[index + 1 :]:
            if first.ingredient.name == second.ingredient.name:
                severity = Severity.MAJOR
                effect = f"duplicate therapy: both products contain {first.ingredient.name}"
            else:
                rule = rules.get(frozenset((first.ingredient.drug_class, second.ingredient.drug_class)))
                if rule is None:
                    continue
                severity, effect = rule
            table[(first.code, second.code)] = Interaction(first.code, second.code, severity, effect)
    return table


def _word_index(products: Iterable[Product]) -> dict[str, set[str]]:
    index: defaultdict[str, set[str]] = defaultdict(set)
    for product in products:
        text = f"{product.name} {product.ingredient.drug_class} {product.code}".lower()
        for word in _WORD.findall(text):
            for end in range(1, len(word) + 1):
                index[word[:end]].add(product.code)
    return dict(index)


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("clinic.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def load() -> Formulary:
    ingredients = {
        row["ingredient"]: Ingredient(
            name=row["ingredient"],
            drug_class=row["drug_class"],
            controlled=row["controlled"] == "yes",
            contraindicated=frozenset(
                Species(name) for name in row["contraindicated_species"].split(";") if name
            ),
        )
        for row in _rows("ingredients.csv")
    }
    dosing = [
        Dosing(
            ingredient=row["ingredient"],
            species=Species(row["species"]),
            dose_mg_per_kg=Decimal(row["dose_mg_per_kg"]),
            max_mg_per_kg_day=Decimal(row["max_mg_per_kg_day"]),
            doses_per_day=int(row["doses_per_day"]),
        )
        for row in _rows("dosing.csv")
    ]
    products = [
        Product(
            code=row["code"],
            name=row["name"],
            ingredient=ingredients[row["ingredient"]],
            form=row["form"],
            strength_mg=Decimal(row["strength_mg"]),
            unit=row["unit"],
            pack_size=int(row["pack_size"]),
            pack_price_cents=int(row["pack_price_cents"]),
            supplier=row["supplier"],
        )
        for row in _rows("products.csv")
    ]
    rules = {
        frozenset((row["class_a"], row["class_b"])): (Severity(row["severity"]), row["effect"])
        for row in _rows("interactions.csv")
    }
    return Formulary(products, dosing, rules)


#: The clinic's formulary, loaded at import.
FORMULARY = load()
