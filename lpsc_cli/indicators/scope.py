"""What one computation looks at: a council's records, a period, and the day it is judged on.

`Scope` reads each record's dates once (a single pass over the cases) and keeps the groups
the indicators share — referrals received in the period, LPSC meetings held in it — so that
every indicator walks only its own group. A record falls in the period when its deciding date
is between `start` and `last`, the earlier of the period's end and the as-of day: nothing that
happens after the as-of day counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any

from lpsc_cli.calendar import WorkingCalendar
from lpsc_cli.lifecycle import (
    CaseIndex,
    OpenPeriod,
    ended_by,
    ended_on,
    is_open,
    open_between,
    referred_elsewhere,
    section,
)
from lpsc_cli.model import Record, as_date, as_datetime
from lpsc_cli.repository import config_value

if TYPE_CHECKING:
    from lpsc_cli.repository import Repository


#: Cases whose work ended this long before the period began are not looked at (see `Scope.current`).
HORIZON = timedelta(days=366)


@dataclass(frozen=True, slots=True)
class CaseFile:
    """A case with the dates the indicators judge it by, read once.

    `periods` are the spans during which the case is open and `followed` those under follow-up
    by its case manager, as `lpsc_cli.lifecycle` has them (the rules and reports read them the
    same way): from the referral (resp. the manager's assignment) to the closure, transfer or
    not-eligible screening, and again from each re-opening. `ended` is the end of the last
    open period: None while the case is open.
    """

    record: Record
    received: datetime | None
    received_day: date | None
    registered: date | None
    screened: date | None
    outcome: str | None
    assessed: date | None
    isp_prepared: date | None
    isp_approved: date | None
    closed: date | None
    transferred: date | None
    periods: tuple[OpenPeriod, ...]
    followed: tuple[OpenPeriod, ...]
    ended: date | None

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def data(self) -> Mapping[str, Any]:
        return self.record.data

    def get(self, *keys: str | int, default: Any = None) -> Any:
        """`Record.get`: follow `keys` into the data."""
        return self.record.get(*keys, default=default)

    def open_between(self, first: date, last: date) -> bool:
        """Whether the case was open on at least one day of `first`..`last`."""
        return open_between(self.periods, first, last)

    def open_on(self, day: date) -> bool:
        """Whether the case was open on `day`."""
        return is_open(self.periods, day)

    def ended_by(self, day: date) -> date | None:
        """The day the case ended, if it had ended by `day` (that day included) and not re-opened."""
        return ended_by(self.periods, day)

    def dated_between(self, first: date, last: date) -> bool:
        """Whether the case was open, or any of its steps (registration, screening, assessment,
        ISP approval, closure, transfer) is dated, on a day of `first`..`last`. A referral's day
        needs no test of its own: the case is open from it."""
        if self.open_between(first, last):
            return True
        steps = (self.registered, self.screened, self.assessed, self.isp_approved, self.closed, self.transferred)
        return any(day is not None and first <= day <= last for day in steps)

    def items(self, key: str) -> list[Any]:
        """The list under `key` (contacts, reviews, ...), empty when there is none."""
        value = self.record.data.get(key)
        return value if isinstance(value, list) else []

    @classmethod
    def of(cls, record: Record, index: CaseIndex | None = None) -> CaseFile:
        """The case file of `record` (its periods from `index`, where the rules read them too)."""
        data = record.data
        screening = section(data, "screening")
        received = as_datetime(section(data, "referral").get("received"))
        timeline = (index or CaseIndex()).timeline(record)
        periods = timeline.periods
        isp = section(data, "isp")
        return cls(
            record=record,
            received=received,
            received_day=received.date() if received is not None else None,
            registered=as_date(data.get("registered")),
            screened=as_date(screening.get("date")),
            outcome=screening.get("outcome"),
            assessed=as_date(section(data, "assessment").get("date")),
            isp_prepared=as_date(isp.get("prepared")),
            isp_approved=as_date(isp.get("approved")),
            closed=as_date(section(data, "closure").get("date")),
            transferred=as_date(section(data, "transfer").get("date")),
            periods=periods,
            followed=timeline.followed,
            ended=ended_on(periods),
        )


def case_files(repo: Repository) -> list[CaseFile]:
    """The case file of every case of `repo`, sorted by id: each case read once per loaded
    repository (`Repository.case_index`, shared by its views), whatever the period asked."""
    index = repo.case_index
    return [index.facts("case-file", record, partial(CaseFile.of, index=index)) for record in repo.of("case")]


class Scope:
    """One council's records over `start`..`end`, judged on `as_of`."""

    def __init__(self, repo: Repository, *, start: date, end: date, as_of: date) -> None:
        self.repo = repo
        self.start = start
        self.end = end
        self.as_of = as_of
        #: The last day that counts: the end of the period, or the as-of day if earlier.
        self.last = min(end, as_of)
        #: Groups of records that several indicators of one module share, computed once.
        self.shared: dict[str, Any] = {}
        self._first_text = start.isoformat()
        self._last_text = self.last.isoformat()
        self._as_of_text = as_of.isoformat()

    def in_period(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.last

    def dated_in_period(self, value: object) -> bool:
        """Whether an ISO date (or date-time) string falls in the period; compared as text, fast."""
        return isinstance(value, str) and self._first_text <= value[:10] <= self._last_text

    def done(self, value: object) -> date | None:
        """The date of an act recorded as `value`, if it happened by the as-of day; else None."""
        if isinstance(value, str) and value[:10] > self._as_of_text:
            return None
        day = as_date(value)
        return day if day is not None and day <= self.as_of else None

    def done_by(self, value: object) -> bool:
        """Whether an ISO date string is recorded and on or before the as-of day (fast, as text)."""
        return isinstance(value, str) and value[:10] <= self._as_of_text

    def overlaps(self, first: date | None, until: date | None) -> bool:
        """Whether `first`..`until` (either open when None) meets the period."""
        return (first is None or first <= self.last) and (until is None or until >= self.start)

    def threshold(self, rule: str, key: str, default: int) -> int:
        """A threshold shared with a deadline rule: `lpsc.yaml` `rules: {rule: {key: n}}`, else `default`.

        Indicators that measure what a rule enforces use the rule's setting, so that `lpsc kpi`
        and `lpsc deadlines` judge alike; a value that is not a whole number is ignored (`lpsc
        check` reports it).
        """
        value = config_value(self.repo.config, "rules", rule, key, default=default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0 or value != int(value):
            return default
        return int(value)

    @cached_property
    def calendar(self) -> WorkingCalendar:
        return WorkingCalendar.from_config(self.repo.config)

    @cached_property
    def cases(self) -> list[CaseFile]:
        """Every case, sorted by id (each read once per loaded repository: `case_files`)."""
        return case_files(self.repo)

    @cached_property
    def current(self) -> list[CaseFile]:
        """The cases anything in the period can concern: referred by its last day, and whose work
        did not end more than a year before it began. Older files are not looked at, which keeps
        a report on one year of a long-lived repository quick."""
        horizon = self.start - HORIZON
        return [
            case
            for case in self.cases
            if case.received_day is not None
            and case.received_day <= self.last
            and (case.ended is None or case.ended >= horizon)
        ]

    @cached_property
    def referrals(self) -> list[CaseFile]:
        """Cases whose referral was received in the period (the referral's date decides)."""
        return [case for case in self.current if self.in_period(case.received_day)]

    @cached_property
    def eligible(self) -> list[CaseFile]:
        """Cases screened eligible in the period (the screening date decides)."""
        return [c for c in self.current if c.outcome == "eligible" and self.in_period(c.screened)]

    @cached_property
    def assessments(self) -> list[CaseFile]:
        """Cases whose risk assessment is dated in the period."""
        return [case for case in self.current if self.in_period(case.assessed)]

    @cached_property
    def plans_prepared(self) -> list[CaseFile]:
        """Cases whose ISP was prepared in the period."""
        return [case for case in self.current if self.in_period(case.isp_prepared)]

    @cached_property
    def closures(self) -> list[CaseFile]:
        """Cases closed in the period (the closure date decides), less those referred elsewhere at
        screening: they end without a support plan, so no closure report or exit notification is
        owed for them (A Annex 3 VI), as the `closure-complete` rule says."""
        return [
            case for case in self.current if self.in_period(case.closed) and not referred_elsewhere(case.record.data)
        ]

    @cached_property
    def lpsc_meetings(self) -> list[Record]:
        """LPSC meetings (type `lpsc`) held in the period: dated from `start` to `last`."""
        return [
            m for m in self.repo.of("meeting") if m.get("type") == "lpsc" and self.in_period(as_date(m.get("date")))
        ]

    @cached_property
    def sector_of(self) -> dict[str, str]:
        """The sector of every institution, by id."""
        return {i.id: str(i.get("sector", default="other")) for i in self.repo.of("institution")}


def whole_months(first: date, last: date) -> list[str]:
    """Ids (`YYYY-MM`) of the calendar months after `first`'s month that end on or before `last`."""
    begin = first.year * 12 + first.month  # the month after `first`'s, counted from year 0
    through = last.year * 12 + last.month - 1
    if (last + timedelta(days=1)).month == last.month:  # `last` is not a month's last day
        through -= 1
    return [f"{index // 12:04d}-{index % 12 + 1:02d}" for index in range(begin, through + 1)]
