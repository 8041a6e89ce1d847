"""Working days, Albanian holidays, periods and clock hours (lpsc_cli.calendar)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lpsc_cli.calendar import (
    WorkingCalendar,
    add_hours,
    hours_between,
    period_bounds,
    period_of,
    periods,
)

CAL = WorkingCalendar()
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
STEPS = st.integers(min_value=1, max_value=400)


def test_weekends_and_holidays_are_not_working_days() -> None:
    assert CAL.is_working_day(date(2025, 3, 12))  # a Wednesday
    assert not CAL.is_working_day(date(2025, 3, 15))  # Saturday
    assert not CAL.is_working_day(date(2025, 3, 16))  # Sunday
    assert not CAL.is_working_day(date(2025, 3, 14))  # Summer Day, a Friday
    assert not CAL.is_working_day(date(2025, 5, 1))  # International Workers' Day


def test_a_holiday_on_a_weekend_moves_to_the_monday() -> None:
    # Nowruz, Saturday 2025-03-22, is observed on Monday 2025-03-24
    names = CAL.holidays(2025)
    assert names[date(2025, 3, 22)] == "Nowruz Day"
    assert names[date(2025, 3, 24)] == "Nowruz Day (observed)"
    assert not CAL.is_working_day(date(2025, 3, 24))
    assert CAL.is_working_day(date(2025, 3, 25))
    # Liberation Day, Saturday 2025-11-29, is observed on Monday 2025-12-01
    assert not CAL.is_working_day(date(2025, 12, 1))


def test_stepping_back_skips_a_holiday_and_its_observed_day() -> None:
    # 5 working days before Tuesday 2025-04-01: 31 Mar (Eid al-Fitr observed) and 24 Mar
    # (Nowruz observed) do not count, nor the weekends: 28, 27, 26, 25 Mar, then 21 Mar.
    assert CAL.add_working_days(date(2025, 4, 1), -5) == date(2025, 3, 21)
    assert CAL.working_days_between(date(2025, 3, 21), date(2025, 4, 1)) == 5


def test_stepping_over_a_weekend() -> None:
    assert CAL.add_working_days(date(2025, 3, 7), 1) == date(2025, 3, 10)  # Friday -> Monday
    assert CAL.add_working_days(date(2025, 3, 8), 1) == date(2025, 3, 10)  # Saturday -> Monday
    assert CAL.add_working_days(date(2025, 3, 9), -1) == date(2025, 3, 7)  # Sunday -> Friday
    assert CAL.add_working_days(date(2025, 3, 12), 0) == date(2025, 3, 12)


def test_stepping_over_the_year_end() -> None:
    # 1 and 2 January are holidays, 3-4 January 2026 a weekend
    assert CAL.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 5)
    assert CAL.add_working_days(date(2026, 1, 5), -1) == date(2025, 12, 31)
    assert CAL.working_days_between(date(2025, 12, 30), date(2026, 1, 6)) == 3
    # 25 December is Christmas; 2025-12-24 a municipal closure in this calendar
    closed = WorkingCalendar(closures=[date(2025, 12, 24)])
    assert closed.add_working_days(date(2025, 12, 22), 2) == date(2025, 12, 26)
    assert CAL.add_working_days(date(2025, 12, 22), 2) == date(2025, 12, 24)


def test_leap_day_is_a_working_day() -> None:
    assert date(2028, 2, 29).weekday() == 1  # a Tuesday
    assert CAL.is_working_day(date(2028, 2, 29))
    # Eid al-Fitr 2028 (estimated) falls on Saturday 26 February and is observed on Monday 28th
    assert not CAL.is_working_day(date(2028, 2, 28))
    assert CAL.add_working_days(date(2028, 2, 25), 1) == date(2028, 2, 29)
    assert CAL.add_working_days(date(2028, 3, 1), -1) == date(2028, 2, 29)


def test_large_steps_extend_the_table() -> None:
    fresh = WorkingCalendar()
    far = fresh.add_working_days(date(2025, 1, 1), 1000)
    assert fresh.working_days_between(date(2025, 1, 1), far) == 1000
    assert fresh.add_working_days(far, -1000) == date(2024, 12, 31)  # 1 January is a holiday


def test_closures_from_config() -> None:
    calendar = WorkingCalendar.from_config({"calendar": {"closures": ["2025-12-24", "not a date", 7]}})
    assert calendar.closures == frozenset({date(2025, 12, 24)})
    assert not calendar.is_working_day(date(2025, 12, 24))
    assert calendar.holidays(2025)[date(2025, 12, 24)] == "Closure"
    assert WorkingCalendar.from_config({}).closures == frozenset()


def test_years_can_be_precomputed() -> None:
    calendar = WorkingCalendar(years=range(2024, 2027))
    assert calendar.add_working_days(date(2025, 6, 6), 1) == date(2025, 6, 9)  # Eid al-Adha, Fri 6 June


@given(DAYS, STEPS)
def test_forward_then_back_returns_a_working_day_no_later_than_the_start(day: date, n: int) -> None:
    ahead = CAL.add_working_days(day, n)
    back = CAL.add_working_days(ahead, -n)
    assert CAL.is_working_day(back)
    assert back <= day
    if CAL.is_working_day(day):
        assert back == day
    assert CAL.working_days_between(day, ahead) == n


@given(DAYS, st.integers(min_value=-400, max_value=400).filter(bool))
def test_no_result_falls_on_a_non_working_day(day: date, n: int) -> None:
    result = CAL.add_working_days(day, n)
    assert CAL.is_working_day(result)
    assert (result > day) == (n > 0)


@given(DAYS, DAYS)
def test_counting_agrees_with_is_working_day(start: date, end: date) -> None:
    low, high = min(start, end), max(start, end)
    if (high - low).days > 200:
        high = low + timedelta(days=200)
    counted = sum(CAL.is_working_day(low + timedelta(days=i)) for i in range(1, (high - low).days + 1))
    assert CAL.working_days_between(low, high) == counted
    assert CAL.working_days_between(high, low) == -counted


@pytest.mark.parametrize(
    ("period", "bounds"),
    [
        ("2025", (date(2025, 1, 1), date(2025, 12, 31))),
        ("2025-H1", (date(2025, 1, 1), date(2025, 6, 30))),
        ("2025-H2", (date(2025, 7, 1), date(2025, 12, 31))),
        ("2025-Q3", (date(2025, 7, 1), date(2025, 9, 30))),
        ("2025-03", (date(2025, 3, 1), date(2025, 3, 31))),
        ("2028-02", (date(2028, 2, 1), date(2028, 2, 29))),
        ("2025-02", (date(2025, 2, 1), date(2025, 2, 28))),
    ],
)
def test_period_bounds(period: str, bounds: tuple[date, date]) -> None:
    assert period_bounds(period) == bounds


@pytest.mark.parametrize("bad", ["2025-13", "2025-Q5", "2025-H3", "25", "2025-1", "x"])
def test_period_bounds_refuses_what_is_not_a_period(bad: str) -> None:
    with pytest.raises(ValueError, match="not a period"):
        period_bounds(bad)


def test_periods_cover_a_span() -> None:
    assert periods("month", date(2025, 1, 15), date(2025, 3, 1)) == ["2025-01", "2025-02", "2025-03"]
    assert periods("quarter", date(2025, 2, 1), date(2025, 7, 1)) == ["2025-Q1", "2025-Q2", "2025-Q3"]
    assert periods("half", date(2024, 12, 31), date(2025, 7, 1)) == ["2024-H2", "2025-H1", "2025-H2"]
    assert periods("year", date(2025, 6, 1), date(2026, 1, 1)) == ["2025", "2026"]
    assert periods("month", date(2025, 3, 2), date(2025, 3, 1)) == []
    assert period_of("quarter", date(2025, 12, 31)) == "2025-Q4"
    with pytest.raises(ValueError, match="unknown period kind"):
        periods("week", date(2025, 1, 1), date(2025, 2, 1))


def test_hours_are_counted_on_the_clock_across_midnight_and_dst() -> None:
    assert hours_between(datetime(2025, 3, 12, 20, 0), datetime(2025, 3, 13, 20, 0)) == 24.0
    # clocks go forward at 02:00 on Sunday 2025-03-30: that wall-clock day has 23 hours
    assert hours_between(datetime(2025, 3, 29, 20, 0), datetime(2025, 3, 30, 20, 0)) == 23.0
    assert add_hours(datetime(2025, 3, 29, 20, 0), 24) == datetime(2025, 3, 30, 21, 0)
    # clocks go back at 03:00 on Sunday 2025-10-26: 25 hours
    assert hours_between(datetime(2025, 10, 25, 20, 0), datetime(2025, 10, 26, 20, 0)) == 25.0
    assert add_hours(datetime(2025, 10, 25, 20, 0), 24) == datetime(2025, 10, 26, 19, 0)
    assert hours_between(datetime(2025, 3, 13, 10, 0), datetime(2025, 3, 12, 10, 0)) == -24.0
