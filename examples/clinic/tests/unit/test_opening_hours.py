import datetime as dt

import pytest

from clinic.enums import AppointmentKind
from clinic.services.scheduling import booking_problem, free_starts, on_grid, opening_hours, overlaps

MONDAY = dt.date(2024, 6, 10)
SATURDAY = dt.date(2024, 6, 15)
SUNDAY = dt.date(2024, 6, 16)
NOW = dt.datetime(2024, 6, 10, 8, 30)
HORIZON = dt.timedelta(days=90)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def test_weekday_hours():
    assert opening_hours(MONDAY) == (at(MONDAY, 8), at(MONDAY, 18, 30))


def test_saturday_morning_only():
    assert opening_hours(SATURDAY) == (at(SATURDAY, 9), at(SATURDAY, 13))


def test_closed_on_sunday():
    assert opening_hours(SUNDAY) is None


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((9, 0, 9, 15), (9, 15, 9, 30), False),  # back to back
        ((9, 0, 9, 15), (9, 10, 9, 30), True),
        ((9, 0, 10, 0), (9, 15, 9, 30), True),  # one inside the other
        ((9, 30, 9, 45), (9, 0, 9, 30), False),
        ((9, 0, 9, 15), (9, 0, 9, 15), True),
    ],
)
def test_overlaps(a, b, expected):
    first = (at(MONDAY, a[0], a[1]), at(MONDAY, a[2], a[3]))
    second = (at(MONDAY, b[0], b[1]), at(MONDAY, b[2], b[3]))
    assert overlaps(*first, *second) is expected
    assert overlaps(*second, *first) is expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [(at(MONDAY, 9, 5), True), (at(MONDAY, 9, 7), False), (at(MONDAY, 9, 5).replace(second=30), False)],
)
def test_appointments_start_on_five_minute_marks(moment, expected):
    assert on_grid(moment) is expected


@pytest.mark.parametrize(
    ("kind", "starts_at", "problem"),
    [
        (AppointmentKind.CONSULTATION, at(MONDAY, 9), None),
        (AppointmentKind.CONSULTATION, at(MONDAY, 8, 15), "that time has passed"),
        (AppointmentKind.CONSULTATION, at(MONDAY, 9, 3), "five-minute mark"),
        (AppointmentKind.CONSULTATION, at(SUNDAY, 10), "closed that day"),
        (AppointmentKind.CONSULTATION, at(MONDAY, 18, 20), "open 08:00-18:30"),
        (AppointmentKind.CONSULTATION, at(SATURDAY, 12, 45), None),
        (AppointmentKind.CONSULTATION, at(SATURDAY, 12, 50), "open 09:00-13:00"),
        (AppointmentKind.SURGERY, at(MONDAY, 11, 30), None),
        (AppointmentKind.SURGERY, at(MONDAY, 14), "admissions are until 12:00"),
        (AppointmentKind.DENTAL, at(SATURDAY, 9), "weekdays only"),
        (AppointmentKind.VACCINATION, NOW + dt.timedelta(days=91), "90 days ahead"),
    ],
)
def test_booking_problems(kind, starts_at, problem):
    found = booking_problem(kind, starts_at, NOW, HORIZON)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


def test_free_starts_skip_busy_times():
    busy = [(at(MONDAY, 8, 15), at(MONDAY, 8, 45))]
    starts = free_starts(MONDAY, AppointmentKind.CONSULTATION, busy)

    assert starts[:3] == [at(MONDAY, 8), at(MONDAY, 8, 45), at(MONDAY, 9)]
    assert starts[-1] == at(MONDAY, 18, 15)


def test_no_free_starts_on_sunday():
    assert free_starts(SUNDAY, AppointmentKind.CONSULTATION, []) == []


def test_theatre_starts_stop_at_the_last_admission():
    starts = free_starts(MONDAY, AppointmentKind.SURGERY, [], step=dt.timedelta(hours=1))

    assert starts == [at(MONDAY, hour) for hour in range(8, 13)]
    assert free_starts(SATURDAY, AppointmentKind.SURGERY, []) == []
