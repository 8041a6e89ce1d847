"""Working days, Albanian public holidays and reporting periods.

A *working day* is a Monday to Friday that is neither an Albanian public holiday (the
``holidays`` package, country ``AL``, observed days included: a holiday falling on a weekend
moves to the following Monday, named "... (observed)") nor a closure listed in ``lpsc.yaml``
under ``calendar.closures``.

The counting rule used by every deadline:

* "at least N working days before day M" is met when the act happens on or before the day
  reached by stepping back N working days from M (non-working days are skipped, not counted):
  ``add_working_days(M, -N)``. Example: for a meeting on Tuesday 2025-04-01 and N = 5, Monday
  03-31 (Eid al-Fitr observed) and Monday 03-24 (Nowruz observed) are skipped, so the fifth
  working day back, and the last day to send the invitation, is Friday 2025-03-21.
* "within N working days after day R" is met when the act happens on or before the day reached
  by stepping forward N working days from R: ``add_working_days(R, N)``. R itself never counts,
  whether or not it is a working day.
* ``working_days_between(start, end)`` counts the working days after ``start`` up to and
  including ``end`` (negative when ``end`` is before ``start``), so that
  ``working_days_between(d, add_working_days(d, n)) == n`` for every ``n``.
* Hour windows ("within 24 hours") are counted on the clock: naive local datetimes are read as
  Europe/Tirane wall time, so 24 hours across the spring DST change end at 01:00 later on the
  wall clock (see ``hours_between``); 24 hours after Saturday 2025-03-29 20:00 is Sunday
  2025-03-30 21:00 local time.

Dates run from year 1 to 9999 (Python's range); records are limited to 1900–2999 by the
schemas. Arithmetic that would leave that range, or step more than `MAX_WORKING_DAYS` working
days at once, raises `CalendarRangeError` (a `ValueError`, and an `LpscError` the CLI shows as
a clear message with exit 2) instead of an internal error.

The calendar precomputes, per year, the sorted ordinals of all working days; each query is a
binary search, with no per-call object creation.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from lpsc_cli.errors import LpscError
from lpsc_cli.i18n import gettext as _
from lpsc_cli.i18n import ngettext
from lpsc_cli.model import as_date

TIRANE = ZoneInfo("Europe/Tirane")

PERIOD_KINDS = ("month", "quarter", "half", "year")

#: The most working days one step may span (about a century): the year tables it would need
#: take seconds to build, and no deadline is that far away.
MAX_WORKING_DAYS = 100 * 262
_PERIOD = re.compile(r"^(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?$")
_UTC = ZoneInfo("UTC")


class CalendarRangeError(LpscError, ValueError):
    """Date arithmetic that leaves the calendar (years 1 to 9999): a clear error, exit 2."""

    exit_code = 2


def _beyond(start: date | datetime, step: str) -> CalendarRangeError:
    return CalendarRangeError(
        _(
            "{start} {step} is beyond the calendar (years 1 to 9999); dates in records must lie between 1900 and 2999"
        ).format(start=start.isoformat(), step=step)
    )


def _working_days(n: int) -> str:
    """A signed count of working days for a message: `+5 working days`."""
    return ngettext("{n} working day", "{n} working days", abs(n)).format(n=f"{n:+,}")


class HolidayStore(Protocol):
    """Where holiday tables are kept between runs (`lpsc_cli.cache.HolidayCache`, in the user's
    cache folder): building a year's table with the `holidays` package costs tens of
    milliseconds, importing the package a tenth of a second more."""

    def get(self, year: int) -> dict[date, str] | None:
        """The table of ``year`` as kept, or None."""
        ...

    def put(self, year: int, table: dict[date, str]) -> None:
        """Keep the table of ``year`` (best effort)."""
        ...


#: Holiday tables built or read in this process, by year: each year is built once per process.
_KNOWN: dict[int, dict[date, str]] = {}
#: The store tables are read from and kept in (`keep_holidays_in`); none: built every run.
_STORE: list[HolidayStore] = []


def keep_holidays_in(store: HolidayStore | None) -> None:
    """Read holiday tables from `store` and keep new ones there (None: build them, keep nothing)."""
    _STORE[:] = [store] if store is not None else []


def albanian_holidays(year: int) -> dict[date, str]:
    """Albanian public holidays of ``year`` with observed days (built once per process and year,
    and kept in the store given to `keep_holidays_in`)."""
    table = _KNOWN.get(year)
    if table is None:
        store = _STORE[0] if _STORE else None
        table = store.get(year) if store is not None else None
        if table is None:
            table = build_holidays(year)
            if store is not None:
                store.put(year, table)
        _KNOWN[year] = table
    return table


def build_holidays(year: int) -> dict[date, str]:
    """Albanian public holidays of ``year`` with observed days, from the `holidays` package."""
    import holidays  # imported only when a table is built: a tenth of a second

    names = holidays.country_holidays("AL", years=year, observed=True)
    return {day: str(name) for day, name in sorted(names.items()) if day.year == year}


class WorkingCalendar:
    """Working days in Albania: weekends, public holidays (observed) and council closures."""

    __slots__ = ("_closures", "_first", "_high", "_last", "_low", "_ordinals")

    def __init__(self, *, closures: Iterable[date] = (), years: range | None = None) -> None:
        self._closures: frozenset[date] = frozenset(d for day in closures if (d := as_date(day)) is not None)
        self._ordinals: list[int] = []
        self._first = 0
        self._last = -1
        self._low = self._high = 0  # ordinals of the first and last day covered by the table
        if years is not None and len(years):
            self._cover(min(years), max(years))

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> WorkingCalendar:
        """Build the calendar from ``lpsc.yaml`` (``calendar.closures``: a list of dates).

        Entries that are not dates are skipped here; ``lpsc check`` reports them.
        """
        section = config.get("calendar") if isinstance(config, Mapping) else None
        raw = section.get("closures") if isinstance(section, Mapping) else None
        closures = [day for value in (raw if isinstance(raw, list) else ()) if (day := _closure(value)) is not None]
        return cls(closures=closures)

    @property
    def closures(self) -> frozenset[date]:
        return self._closures

    def _cover(self, first: int, last: int) -> None:
        """Make sure the ordinal table spans the years ``first``..``last`` (grows, never shrinks)."""
        if self._first <= first and last <= self._last:
            return
        if self._last >= self._first:
            first, last = min(first, self._first), max(last, self._last)
        ordinals: list[int] = []
        for year in range(first, last + 1):
            ordinals.extend(_year_working_ordinals(year, self._closures))
        self._ordinals = ordinals
        self._first, self._last = first, last
        self._low, self._high = date(first, 1, 1).toordinal(), date(last, 12, 31).toordinal()

    def _ensure(self, day: date) -> None:
        year = day.year
        if not self._first + 1 <= year <= self._last - 1:
            self._cover(max(year - 1, 1), min(year + 1, 9999))

    def holidays(self, year: int) -> dict[date, str]:
        """Public holidays (observed days included) and closures of ``year``, by date."""
        named = dict(albanian_holidays(year))
        for day in self._closures:
            if day.year == year:
                named.setdefault(day, "Closure")
        return dict(sorted(named.items()))

    def is_working_day(self, day: date) -> bool:
        if day.weekday() >= 5:
            return False
        if day in self._closures:
            return False
        return day not in albanian_holidays(day.year)

    def add_working_days(self, day: date, n: int) -> date:
        """Step ``n`` working days forward (``n`` > 0) or back (``n`` < 0) from ``day``.

        ``day`` itself is never counted; with ``n == 0`` it is returned unchanged.
        """
        if n == 0:
            return day
        if abs(n) > MAX_WORKING_DAYS:
            raise _beyond(
                day, _("{days} (more than {limit})").format(days=_working_days(n), limit=f"{MAX_WORKING_DAYS:,}")
            )
        self._ensure(day)
        ordinal = day.toordinal()
        while True:
            table = self._ordinals
            if n > 0:
                index = bisect_right(table, ordinal) + n - 1
                if index < len(table):
                    return date.fromordinal(table[index])
                if self._last >= date.max.year:
                    raise _beyond(day, _working_days(n))
                self._cover(self._first, min(self._last + 1 + n // 200, date.max.year))
            else:
                index = bisect_left(table, ordinal) + n
                if index >= 0:
                    return date.fromordinal(table[index])
                if self._first <= date.min.year:
                    raise _beyond(day, _working_days(n))
                self._cover(max(self._first - 1 - (-n) // 200, date.min.year), self._last)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if reversed)."""
        first, last = start.toordinal(), end.toordinal()
        if not (self._low <= first <= self._high and self._low <= last <= self._high):
            self._ensure(start)
            self._ensure(end)
        table = self._ordinals
        return bisect_right(table, last) - bisect_right(table, first)

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the first working day after it."""
        return day if self.is_working_day(day) else self.add_working_days(day, 1)


def _closure(value: object) -> date | None:
    """A closure day from ``lpsc.yaml``: a date (not the date part of a date-time), else None."""
    if isinstance(value, str) and len(value.strip()) != 10:
        return None
    return as_date(value.strip() if isinstance(value, str) else value)


def _year_working_ordinals(year: int, closures: frozenset[date]) -> list[int]:
    closed = {day.toordinal() for day in albanian_holidays(year)}
    closed.update(day.toordinal() for day in closures if day.year == year)
    start = date(year, 1, 1).toordinal()
    end = date(year, 12, 31).toordinal()
    # date.toordinal() of a Monday is ≡ 1 (mod 7); weekday() = (ordinal + 6) % 7
    return [ordinal for ordinal in range(start, end + 1) if (ordinal + 6) % 7 < 5 and ordinal not in closed]


def reversed_span(section: object, name: str) -> str | None:
    """Why a `{from, to}` span of `lpsc.yaml` (`name`, e.g. `coverage`) is empty, or None.

    A span whose `from` is after its `to` holds no day: `coverage` so written would switch
    every obligation off without a word. Open ends and values that are not dates are left to
    the schema.
    """
    if not isinstance(section, Mapping):
        return None
    first, last = as_date(section.get("from")), as_date(section.get("to"))
    if first is None or last is None or first <= last:
        return None
    return _("{name}.from ({first}) is after {name}.to ({last}): the span holds no day").format(
        name=name, first=first.isoformat(), last=last.isoformat()
    )


def period_bounds(period: str) -> tuple[date, date]:
    """First and last day of a period id: ``2025``, ``2025-H1``, ``2025-Q3``, ``2025-03``."""
    match = _PERIOD.match(str(period).strip())
    if not match:
        raise ValueError(
            _("not a period: {period} (expected 2025, 2025-H1, 2025-Q3 or 2025-03)").format(period=repr(period))
        )
    year = int(match.group(1))
    part = match.group(2)
    if part is None:
        return date(year, 1, 1), date(year, 12, 31)
    if part[0] == "H":
        first_month, months = (1, 6) if part == "H1" else (7, 6)
    elif part[0] == "Q":
        first_month, months = 3 * (int(part[1]) - 1) + 1, 3
    else:
        first_month, months = int(part), 1
        if not 1 <= first_month <= 12:
            raise ValueError(
                _("not a period: {period} (month {month} out of range)").format(period=repr(period), month=part)
            )
    last_month = first_month + months - 1
    last_day = _stdlib_calendar.monthrange(year, last_month)[1]
    return date(year, first_month, 1), date(year, last_month, last_day)


def period_of(kind: str, day: date) -> str:
    """The id of the ``kind`` period (month, quarter, half, year) that contains ``day``."""
    if kind == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if kind == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if kind == "half":
        return f"{day.year:04d}-H{1 if day.month <= 6 else 2}"
    if kind == "year":
        return f"{day.year:04d}"
    raise _unknown_kind(kind)


def _unknown_kind(kind: str) -> ValueError:
    return ValueError(
        _("unknown period kind {kind} (expected one of {kinds})").format(kind=repr(kind), kinds=", ".join(PERIOD_KINDS))
    )


def periods(kind: str, start: date, end: date) -> list[str]:
    """Ids of the ``kind`` periods that overlap ``start``..``end`` (both included), in order."""
    if kind not in PERIOD_KINDS:
        raise _unknown_kind(kind)
    result: list[str] = []
    day = start
    while day <= end:
        period = period_of(kind, day)
        result.append(period)
        last = period_bounds(period)[1]
        if last == date.max:
            break
        day = last + timedelta(days=1)
    return result


def localize(moment: datetime) -> datetime:
    """A naive datetime read as Europe/Tirane wall time; aware datetimes are kept as they are."""
    return moment.replace(tzinfo=TIRANE) if moment.tzinfo is None else moment


def hours_between(a: datetime, b: datetime) -> float:
    """Hours on the clock from ``a`` to ``b`` (negative if ``b`` is earlier).

    Naive datetimes are Europe/Tirane wall time: from 2025-03-29 20:00 to 2025-03-30 20:00 is
    23 hours, because clocks jump from 02:00 to 03:00 that night.
    """
    try:
        delta = localize(b).astimezone(_UTC) - localize(a).astimezone(_UTC)
    except OverflowError:
        raise _beyond(b, _("in universal time")) from None
    return delta.total_seconds() / 3600


def add_hours(moment: datetime, hours: float) -> datetime:
    """The naive Europe/Tirane wall time ``hours`` on the clock after ``moment``."""
    try:
        aware = localize(moment).astimezone(_UTC) + timedelta(hours=hours)
        result = aware.astimezone(TIRANE)
    except OverflowError:
        raise _beyond(
            moment, ngettext("{n} hour", "{n} hours", 1 if abs(hours) == 1 else 2).format(n=f"{hours:+,g}")
        ) from None
    return result.replace(tzinfo=None) if moment.tzinfo is None else result


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (earlier if negative), clamped to the month's end.

    2025-08-31 + 6 is 2026-02-28; 2027-08-31 + 6 is 2028-02-29. The one month arithmetic of
    lpsc: review points (A Annex 3 IX), plan deadlines, the re-opening window.
    """
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    if not date.min.year <= year <= date.max.year:
        raise _beyond(day, ngettext("{n} month", "{n} months", abs(months)).format(n=f"{months:+,}"))
    return date(year, month + 1, min(day.day, _stdlib_calendar.monthrange(year, month + 1)[1]))
