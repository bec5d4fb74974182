import pytest

from shelf.callnumber import CallNumber


def test_parse_reads_number_and_cutter():
    assert CallNumber.parse("523.1 HAW") == CallNumber(523.1, "HAW")


def test_hundreds_is_the_main_class():
    assert CallNumber.parse("599.75 ATT").hundreds == 500


@pytest.mark.parametrize("text", ["", "52 HAW", "523.1 hawking", "HAW 523"])
def test_malformed_numbers_are_refused(text):
    with pytest.raises(ValueError):
        CallNumber.parse(text)
