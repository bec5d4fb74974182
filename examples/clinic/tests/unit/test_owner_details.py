from decimal import Decimal

import pytest

from clinic.enums import Species
from clinic.services.errors import DomainError
from clinic.services.owners import check_weight, normalise_email, normalise_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [(" Eleanor@Example.ORG ", "eleanor@example.org"), ("a.b+vet@example.co.uk", "a.b+vet@example.co.uk")],
)
def test_emails_are_stored_lower_case(typed, stored):
    assert normalise_email(typed) == stored


@pytest.mark.parametrize("typed", ["eleanor", "eleanor@", "@example.org", "ele anor@example.org", "x@y.z"])
def test_bad_emails_are_refused(typed):
    with pytest.raises(DomainError, match="not an email address"):
        normalise_email(typed)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("07700 900123", "+447700900123"),
        ("+44 7700 900123", "+447700900123"),
        ("0044 7700-900123", "+447700900123"),
        ("", None),
        (None, None),
    ],
)
def test_phone_numbers_are_stored_international(typed, stored):
    assert normalise_phone(typed) == stored


def test_a_phone_number_needs_enough_digits():
    with pytest.raises(DomainError, match="not a phone number"):
        normalise_phone("12345")


@pytest.mark.parametrize(
    ("species", "weight", "ok"),
    [
        (Species.DOG, Decimal("38.456"), True),
        (Species.DOG, Decimal("120"), False),
        (Species.CAT, Decimal("42"), False),  # grams typed as kilograms
        (Species.RABBIT, Decimal("0"), False),
    ],
)
def test_weights_must_be_plausible(species, weight, ok):
    if ok:
        assert check_weight(species, weight) == weight.quantize(Decimal("0.01"))
    else:
        with pytest.raises(DomainError):
            check_weight(species, weight)
