import pytest

from routing.graph import Roads
from routing.shortest import route


@pytest.fixture
def roads():
    roads = Roads()
    roads.connect("depot", "mill", 10)
    roads.connect("mill", "farm", 10)
    roads.connect("depot", "farm", 25)
    roads.connect("farm", "lake", 5, one_way=True)
    return roads


def test_the_detour_is_shorter(roads):
    assert route(roads, "depot", "farm") == (["depot", "mill", "farm"], 20)


def test_one_way_roads_are_respected(roads):
    with pytest.raises(LookupError):
        route(roads, "lake", "depot")


def test_start_is_the_goal(roads):
    assert route(roads, "mill", "mill") == (["mill"], 0)
