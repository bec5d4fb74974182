import pytest

from inventory import legacy


def test_import_counts_sums_duplicates() -> None:
    export = "# exported 2019-03-01\nAB-0001;5\n\nAB-0002;3\nAB-0001;2\n"
    assert legacy.import_counts(export) == {"AB-0001": 7, "AB-0002": 3}


def test_normalize_sku_pads_and_uppercases() -> None:
    assert legacy.normalize_sku("ab-7") == "AB-0007"


def test_malformed_sku_is_rejected() -> None:
    with pytest.raises(ValueError, match="not a legacy SKU"):
        legacy.normalize_sku("ABC")
