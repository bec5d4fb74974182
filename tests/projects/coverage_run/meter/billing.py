"""Bills: tiered prices on consumption, plus a standing charge per day."""

from __future__ import annotations

from datetime import date

from meter.readings import Meter

TIERS = ((100.0, 0.20), (400.0, 0.25), (float("inf"), 0.32))


def energy_cost(units: float) -> float:
    cost, floor = 0.0, 0.0
    for ceiling, price in TIERS:
        if units <= floor:
            break
        cost += (min(units, ceiling) - floor) * price
        floor = ceiling
    return round(cost, 2)


def bill(meter: Meter, start: date, end: date, standing_per_day: float = 0.5) -> float:
    days = (end - start).days
    if days <= 0:
        raise ValueError("a bill covers one day at least")
    return round(energy_cost(meter.consumption(start, end)) + days * standing_per_day, 2)
