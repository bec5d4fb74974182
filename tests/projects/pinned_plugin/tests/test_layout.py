import pytest

from shelf.layout import Layout


@pytest.fixture
def layout():
    return Layout(["000 AAA", "300 AAA", "500 AAA", "800 AAA"])


@pytest.mark.parametrize(("text", "shelf"), [("001 ZZZ", 1), ("523.1 HAW", 3), ("500 AAA", 3), ("999 ZZZ", 4)])
def test_books_land_on_their_range(layout, text, shelf):
    assert layout.shelf_for(text) == shelf


def test_starts_must_be_sorted():
    with pytest.raises(ValueError, match="in order"):
        Layout(["500 AAA", "100 AAA"])
