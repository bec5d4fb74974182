import pytest

from shop.services.prices import legacy_rate, volume_discount, with_vat


def test_vat_is_added() -> None:
    assert with_vat(1000) == 1200


@pytest.mark.parametrize(("quantity", "percent"), [(1, 0), (9, 0), (10, 10)])
def test_volume_discount(quantity: int, percent: int) -> None:
    assert volume_discount(quantity) == percent


def test_the_legacy_rate_still_answers() -> None:
    with pytest.deprecated_call():
        assert legacy_rate() == 20


def test_the_legacy_rate_without_the_check() -> None:
    assert legacy_rate() == 20
