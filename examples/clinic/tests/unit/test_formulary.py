import pytest

from clinic.enums import Severity, Species
from clinic.formulary import FORMULARY, UnknownProduct

CARPROFEN = "KV-CARPR-50T-14"
CARPROFEN_LARGE = "KV-CARPR-100T-50"
MELOXICAM = "MW-MELOX-1P5S-30"
PREDNISOLONE = "MW-PREDN-5T-10"
ENROFLOXACIN = "KV-ENROF-50T-20"
THEOPHYLLINE = "NV-THEOP-100T-50"
MAROPITANT = "AP-MAROP-16T-10"


def test_the_price_list_is_loaded_whole():
    assert len(FORMULARY) > 1000
    assert all(product.pack_price_cents > 0 and product.pack_size > 0 for product in FORMULARY)


def test_a_product_knows_its_ingredient_and_class():
    product = FORMULARY.product(CARPROFEN)

    assert product.name == "Carprofen 50mg Tablets x14 (Kestrel Veterinary)"
    assert product.ingredient.drug_class == "nsaid"
    assert product.divisible and not product.by_volume


def test_an_unknown_code_names_itself():
    with pytest.raises(UnknownProduct, match="XX-NOPE-1T-1"):
        FORMULARY.product("XX-NOPE-1T-1")


def test_dosing_is_per_species():
    dog = FORMULARY.dosing("meloxicam", Species.DOG)
    cat = FORMULARY.dosing("meloxicam", Species.CAT)

    assert dog is not None and cat is not None
    assert cat.dose_mg_per_kg < dog.dose_mg_per_kg


def test_no_dosing_where_a_drug_is_contraindicated():
    assert Species.CAT in FORMULARY.product("AP-PERME-500SO-3").ingredient.contraindicated
    assert FORMULARY.dosing("permethrin", Species.CAT) is None


def test_two_products_of_one_ingredient_are_duplicate_therapy():
    interaction = FORMULARY.interaction(CARPROFEN, CARPROFEN_LARGE)

    assert interaction is not None
    assert interaction.severity is Severity.MAJOR
    assert "duplicate therapy" in interaction.effect


def test_class_rules_apply_in_either_order():
    forwards = FORMULARY.interaction(CARPROFEN, PREDNISOLONE)
    backwards = FORMULARY.interaction(PREDNISOLONE, CARPROFEN)

    assert forwards is not None and forwards == backwards
    assert forwards.severity is Severity.MAJOR
    assert "ulceration" in forwards.effect


def test_unrelated_products_do_not_interact():
    assert FORMULARY.interaction(CARPROFEN, MAROPITANT) is None


def test_interactions_among_a_medication_list_come_most_severe_first():
    found = FORMULARY.interactions_among([ENROFLOXACIN, THEOPHYLLINE, CARPROFEN, MAROPITANT])

    assert [(item.severity, {item.first, item.second}) for item in found] == [
        (Severity.MAJOR, {ENROFLOXACIN, THEOPHYLLINE}),
        (Severity.MINOR, {CARPROFEN, ENROFLOXACIN}),
    ]


def test_a_code_listed_twice_does_not_interact_with_itself():
    assert FORMULARY.interactions_among([CARPROFEN, CARPROFEN]) == []


def test_search_matches_word_prefixes_of_every_word():
    names = [product.name for product in FORMULARY.search("carp 50")]

    assert names
    assert all(name.startswith("Carprofen 50mg") for name in names)


def test_search_finds_products_by_class():
    found = FORMULARY.search("nsaid", limit=100)

    assert {product.ingredient.name for product in found} >= {"carprofen", "meloxicam", "robenacoxib"}


def test_search_for_a_species_leaves_out_contraindicated_and_undosed_drugs():
    for_cats = {product.ingredient.name for product in FORMULARY.search("spot", Species.CAT, limit=100)}
    for_dogs = {product.ingredient.name for product in FORMULARY.search("spot", Species.DOG, limit=100)}

    assert "permethrin" not in for_cats
    assert "permethrin" in for_dogs


@pytest.mark.parametrize("query", ["", "   ", "--"])
def test_an_empty_search_finds_nothing(query):
    assert FORMULARY.search(query) == []


def test_search_is_sorted_and_limited():
    found = FORMULARY.search("tablets", limit=5)

    assert len(found) == 5
    assert [product.name for product in found] == sorted(product.name for product in found)
