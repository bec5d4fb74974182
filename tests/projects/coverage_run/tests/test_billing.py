from datetime import date

import pytest

from meter.billing import bill, energy_cost
from meter.readings import Meter, Reading


@pytest.mark.parametrize(
    ("units", "cost"),
    [(0, 0.0), (50, 10.0), (100, 20.0), (200, 45.0), (500, 127.0)],
)
def test_tiers(units, cost):
    assert energy_cost(units) == cost


def test_bill_adds_the_standing_charge():
    meter = Meter("E-7")
    meter.record(Reading(date(2024, 4, 1), 0))
    meter.record(Reading(date(2024, 4, 11), 100))
    assert bill(meter, date(2024, 4, 1), date(2024, 4, 11)) == 25.0


def test_a_bill_needs_a_day():
    with pytest.raises(ValueError, match="one day"):
        bill(Meter("E-8"), date(2024, 4, 1), date(2024, 4, 1))
