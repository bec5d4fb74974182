import pytest

from routing.graph import Roads


def test_roads_go_both_ways_by_default():
    roads = Roads()
    roads.connect("depot", "mill", 12)
    assert roads.neighbours("mill") == {"depot": 12}


def test_one_way_roads():
    roads = Roads()
    roads.connect("depot", "mill", 12, one_way=True)
    assert roads.neighbours("mill") == {}


def test_a_drive_takes_time():
    with pytest.raises(ValueError):
        Roads().connect("a", "b", 0)
