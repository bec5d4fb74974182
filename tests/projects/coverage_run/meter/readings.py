"""Readings of one meter, in the order they were taken."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, order=True)
class Reading:
    taken: date
    value: float


class Meter:
    def __init__(self, serial: str, rollover: float = 100_000.0) -> None:
        self.serial = serial
        self.rollover = rollover
        self.readings: list[Reading] = []

    def record(self, reading: Reading) -> None:
        if self.readings and reading.taken <= self.readings[-1].taken:
            raise ValueError(f"{self.serial}: reading of {reading.taken} is not after the last one")
        self.readings.append(reading)

    def consumption(self, start: date, end: date) -> float:
        """Units used between the readings taken on ``start`` and ``end``; counts one rollover."""
        by_day = {reading.taken: reading.value for reading in self.readings}
        first, last = by_day[start], by_day[end]
        return last - first if last >= first else self.rollover - first + last
