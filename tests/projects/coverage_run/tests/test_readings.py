from datetime import date

import pytest

from meter.readings import Meter, Reading


@pytest.fixture
def meter():
    meter = Meter("E-1001", rollover=1000)
    meter.record(Reading(date(2024, 1, 1), 900))
    meter.record(Reading(date(2024, 2, 1), 980))
    meter.record(Reading(date(2024, 3, 1), 40))
    return meter


def test_consumption_is_the_difference(meter):
    assert meter.consumption(date(2024, 1, 1), date(2024, 2, 1)) == 80


def test_consumption_over_a_rollover(meter):
    assert meter.consumption(date(2024, 2, 1), date(2024, 3, 1)) == 60


def test_readings_must_move_forward(meter):
    with pytest.raises(ValueError, match="not after the last one"):
        meter.record(Reading(date(2024, 2, 15), 10))
