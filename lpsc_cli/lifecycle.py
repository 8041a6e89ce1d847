"""When a case is open, followed and ended, and its status on a given day: one reading for all.

Every rule, indicator, document and command that asks "was this case open then?" asks here, so
that `lpsc deadlines`, `lpsc kpi`, the reports and the case commands agree (A Annex 3; SPEC §2.1).
Only clear structured fields are read, never sealed data, and time is a parameter.

**Open periods.** A case is open from the day its referral was received (`referral.received`)
until the day it ends: its closure (`closure.date`), its transfer (`transfer.date`), a
screening that found it not eligible (`screening.outcome: not-eligible`) or one that referred it
elsewhere (`screening.outcome: refer-elsewhere`), whichever comes first.
Both ends are included: a case closed on 1 March is open on 1 March (and its status that day is
`closed`). A re-opening (`reopened[].date`) of an ended case starts a new open period, which the
next dated end closes. A case closed 2025-03-01 and re-opened 2025-04-01 is open from its referral
to 2025-03-01 and from 2025-04-01 on. A screening that refers the case elsewhere ends it on the
screening day as *closed*, with the closure reason `referred-elsewhere` (`REFERRED_ELSEWHERE`):
the council passed it to the service it belongs to and does not manage it, so it owes no
contacts, reviews, reports or closure report for it (A Annex 3 I: referrals are "screened and
triaged"; the triage that sends a case elsewhere is its end here).

A case file holds one `closure`: closing a re-opened case again replaces the earlier closure
date. A re-opening dated inside an open period (the closure it undid is no longer recorded) is
therefore read as no break at all. A case whose recorded status says it ended but whose end is
not dated (`lpsc check` reports it) is taken to have ended on its last known step (screening,
registration, else referral), not before its last re-opening.

**Followed periods.** Follow-up by the case manager (monthly contacts, A Annex 3 IV) runs from
`case_manager.assigned` — or, when no manager is recorded, from the ISP's approval
(`isp.approved`), so that a missing manager does not take a case out of follow-up (the rule
manager-3d reports the missing manager) — to the end of each open period; a re-opened period is
followed from its re-opening.

**Status on a day.** `None` before the referral; on and after an end, that end's status
(`closed`, `transferred`, `not-eligible`) until a re-opening, after which the case is `active`;
otherwise the latest step dated on or before the day: case manager assigned or ISP approved
(`active`), ISP prepared (`planning`), assessment, screening, registration, and referral.

**Emergencies.** An emergency referral is *addressed within 24 hours* when `referral.addressed_at`
is at most 24 hours on the clock (Europe/Tirane) after `referral.received`. A Annex 3 I measures
the "% of referrals involving emergency escalation addressed within 24 hours": the escalation
makes the referral an emergency (`referral.emergency`), the addressing is what is timed, so
`escalated_at` is recorded but not required. The rule emergency-24h, the indicator
emergencies-24h and the reports all use `emergency_window`.

**One reading per loaded repository.** A `CaseIndex` keeps what is read of each case (its
open and followed periods, and what the indicators read of it) so that the rules, the
indicators and the site, which each ask about every case, read a case once per loaded
repository (`Repository.case_index`), not once per question.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from lpsc_cli.calendar import add_hours, hours_between
from lpsc_cli.model import Record, as_date, as_datetime

_T = TypeVar("_T")

#: Statuses of a case whose council work has ended (only `closed` can be re-opened).
ENDED: frozenset[str] = frozenset({"closed", "transferred", "not-eligible"})
#: The closure reason of a case that screening referred elsewhere (`screening.outcome: refer-elsewhere`).
REFERRED_ELSEWHERE = "referred-elsewhere"
#: The `referral.referred_by` id of the National CVE Coordination Centre (A §3.6.4).
NATIONAL_CVE = "cve"
#: An emergency referral is addressed within this many hours on the clock (A Annex 3 I).
EMERGENCY_HOURS = 24
#: Steps of an open case, latest first, each with the fields whose dates start it.
_STEPS: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
    ("active", (("case_manager", "assigned"), ("isp", "approved"))),
    ("planning", (("isp", "prepared"),)),
    ("assessment", (("assessment", "date"),)),
    ("screening", (("screening", "date"),)),
    ("registered", (("registered",),)),
)
_START, _END, _REOPEN = 0, 1, 2


@dataclass(frozen=True, slots=True)
class OpenPeriod:
    """A span during which a case is open: `start`..`end`, both included (`end` None: still open).

    `ended_by` is the status the end left the case in (`closed`, `transferred`, `not-eligible`),
    `reopened` whether the period began with a re-opening rather than the referral.
    """

    start: date
    end: date | None = None
    ended_by: str | None = None
    reopened: bool = False

    def holds(self, day: date) -> bool:
        """Whether the case is open on `day` in this period."""
        return self.start <= day and (self.end is None or day <= self.end)

    def meets(self, first: date, last: date) -> bool:
        """Whether this period shares at least one day with `first`..`last`."""
        return self.start <= last and (self.end is None or self.end >= first)


_NOTHING: Mapping[str, Any] = {}


def _is_mapping(value: Any) -> bool:
    # records are plain dicts: the ABC check (slow, once per case and rule) only for the others
    return value.__class__ is dict or isinstance(value, Mapping)


def section(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """The mapping under `key` of a record's data, or an empty one when there is none (or it is
    not a mapping): what every reader of a case's steps reads its dates from."""
    value = data.get(key)
    return value if value is not None and _is_mapping(value) else _NOTHING


def _field(data: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    value: Any = data
    for key in keys:
        if value is None or not _is_mapping(value):
            return None
        value = value.get(key)
    return value


def received_on(data: Mapping[str, Any]) -> date | None:
    """The day the referral was received: where every case's first open period starts."""
    return as_date(section(data, "referral").get("received"))


def _ends(data: Mapping[str, Any]) -> list[tuple[date, str]]:
    ends: list[tuple[date, str]] = []
    for key, status in (("closure", "closed"), ("transfer", "transferred")):
        day = as_date(section(data, key).get("date"))
        if day is not None:
            ends.append((day, status))
    screening = section(data, "screening")
    outcome = screening.get("outcome")
    if outcome in _SCREENED_OUT:
        day = as_date(screening.get("date"))
        if day is not None:
            ends.append((day, _SCREENED_OUT[outcome]))
    return ends


#: Screening outcomes that end a case, with the status they leave it in.
_SCREENED_OUT = {"not-eligible": "not-eligible", "refer-elsewhere": "closed"}


def referred_elsewhere(data: Mapping[str, Any]) -> bool:
    """Whether screening referred the case elsewhere (its outcome, or the closure reason saying so)."""
    return (
        section(data, "screening").get("outcome") == "refer-elsewhere"
        or section(data, "closure").get("reason") == REFERRED_ELSEWHERE
    )


def open_periods(data: Mapping[str, Any]) -> tuple[OpenPeriod, ...]:
    """The periods during which the case with record data `data` is open, in order (see the module)."""
    received = received_on(data)
    if received is None:
        return ()
    ends = _ends(data)
    reopened = data.get("reopened")
    if not ends and not reopened and data.get("status") not in ENDED:
        return (OpenPeriod(received),)  # most cases: referred and still open
    events = [(received, _START, ""), *((day, _END, status) for day, status in ends)]
    for entry in reopened if isinstance(reopened, list) else ():
        day = as_date(entry.get("date")) if _is_mapping(entry) else None
        if day is not None:
            events.append((day, _REOPEN, ""))
    events.sort()
    periods: list[OpenPeriod] = []
    current: OpenPeriod | None = None
    for day, event, outcome in events:
        if event == _START and current is None and not periods:
            current = OpenPeriod(start=day)
        elif event == _END and current is not None:
            periods.append(OpenPeriod(current.start, day, outcome, current.reopened))
            current = None
        elif event == _REOPEN and current is None and periods:
            current = OpenPeriod(start=day, reopened=True)
    if current is not None:
        status = data.get("status")
        if status in ENDED:  # ended on a day the record does not hold
            fallback = as_date(_field(data, ("screening", "date"))) or as_date(data.get("registered")) or received
            current = OpenPeriod(current.start, max(fallback, current.start), str(status), current.reopened)
        periods.append(current)
    return tuple(periods)


def ended_on(periods: tuple[OpenPeriod, ...]) -> date | None:
    """The day the case's last open period ended, or None while it is open (or was never referred)."""
    return periods[-1].end if periods else None


def ended_by(periods: tuple[OpenPeriod, ...], day: date) -> date | None:
    """The day the case ended, if it had ended by `day` (that day included) and was not re-opened."""
    current = _period_of(periods, day)
    return current.end if current is not None and current.end is not None and current.end <= day else None


def _period_of(periods: tuple[OpenPeriod, ...], day: date) -> OpenPeriod | None:
    """The last open period that began on or before `day`."""
    return next((period for period in reversed(periods) if period.start <= day), None)


def is_open(periods: tuple[OpenPeriod, ...], day: date) -> bool:
    """Whether the case is open on `day` (an end day included)."""
    return any(period.holds(day) for period in periods)


def open_between(periods: tuple[OpenPeriod, ...], first: date, last: date) -> bool:
    """Whether the case is open on at least one day of `first`..`last`."""
    return any(period.meets(first, last) for period in periods)


def follow_up_start(data: Mapping[str, Any]) -> date | None:
    """When follow-up by the case manager began: `case_manager.assigned`, else `isp.approved`."""
    return as_date(_field(data, ("case_manager", "assigned"))) or as_date(_field(data, ("isp", "approved")))


def followed_periods(data: Mapping[str, Any], periods: tuple[OpenPeriod, ...] | None = None) -> tuple[OpenPeriod, ...]:
    """The open periods clipped to follow-up: from its start (or a later re-opening) to each end."""
    began = follow_up_start(data)
    if began is None:
        return ()
    followed = []
    for period in open_periods(data) if periods is None else periods:
        if period.end is not None and period.end < began:
            continue
        start = max(period.start, began)
        followed.append(OpenPeriod(start, period.end, period.ended_by, period.reopened))
    return tuple(followed)


def status_on(data: Mapping[str, Any], day: date, periods: tuple[OpenPeriod, ...] | None = None) -> str | None:
    """The status of the case on `day` from its dated steps (see the module); None before its referral."""
    current = _period_of(open_periods(data) if periods is None else periods, day)
    if current is None:
        return None
    if current.end is not None and current.end <= day:
        return current.ended_by
    if current.reopened:
        return "active"
    for status, fields in _STEPS:
        if any((found := as_date(_field(data, keys))) is not None and found <= day for keys in fields):
            return status
    return "referred"


@dataclass(frozen=True, slots=True)
class EmergencyWindow:
    """An emergency referral's clock: when it was received and addressed, and the hours allowed."""

    received: datetime
    addressed: datetime | None
    hours: float = EMERGENCY_HOURS

    @property
    def due(self) -> datetime:
        """The wall time `hours` on the clock after receipt (Europe/Tirane)."""
        return add_hours(self.received, self.hours)

    @property
    def hours_taken(self) -> float | None:
        """Hours on the clock from receipt to addressing, or None if not addressed."""
        return None if self.addressed is None else hours_between(self.received, self.addressed)

    @property
    def in_time(self) -> bool:
        """Whether it was addressed at most `hours` on the clock after receipt."""
        taken = self.hours_taken
        return taken is not None and taken <= self.hours


def emergency_window(data: Mapping[str, Any], hours: float = EMERGENCY_HOURS) -> EmergencyWindow | None:
    """The 24-hour window of an emergency referral (`referral.emergency: true`); None otherwise.

    A referral recorded with a date only is taken as received at 00:00. See the module for
    what "addressed within 24 hours" requires.
    """
    referral = section(data, "referral")
    if referral.get("emergency") is not True:
        return None
    received = as_datetime(referral.get("received"))
    if received is None:
        return None
    return EmergencyWindow(received, as_datetime(referral.get("addressed_at")), hours)


@dataclass(frozen=True, slots=True)
class CaseTimeline:
    """A case's open periods and the parts of them under follow-up (see the module), read once."""

    periods: tuple[OpenPeriod, ...]
    followed: tuple[OpenPeriod, ...]

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> CaseTimeline:
        periods = open_periods(data)
        return cls(periods, followed_periods(data, periods))

    def to_row(self) -> tuple[Any, ...]:
        """Plain data (for a cache): the periods as (start, end, ended_by, reopened), days as ordinals."""
        return tuple(tuple(_period_row(period) for period in part) for part in (self.periods, self.followed))

    @classmethod
    def from_row(cls, row: Any) -> CaseTimeline:
        periods, followed = row
        return cls(
            tuple([_period_of_row(item) for item in periods]), tuple([_period_of_row(item) for item in followed])
        )


def _period_row(period: OpenPeriod) -> tuple[Any, ...]:
    end = None if period.end is None else period.end.toordinal()
    return (period.start.toordinal(), end, period.ended_by, period.reopened)


def _period_of_row(row: Any) -> OpenPeriod:
    start, end, ended, reopened = row
    return OpenPeriod(_day_of(start), None if end is None else _day_of(end), ended, reopened)


_day_of = date.fromordinal


class CaseIndex:
    """What is read of each case, kept by case id: every reader asks once per loaded repository.

    An entry holds the very data object it was read from, and is used only for that object
    (records never change once loaded), so a view of the repository with another record under
    the same id reads that record afresh. `facts` keeps any other reading (the indicators'
    `CaseFile`) the same way, under a name of its own.
    """

    __slots__ = ("_entries",)

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], tuple[object, Any]] = {}

    def timeline(self, record: Record) -> CaseTimeline:
        """The open and followed periods of the case `record`."""
        return self.facts("timeline", record, lambda r: CaseTimeline.of(r.data))

    def periods(self, record: Record) -> tuple[OpenPeriod, ...]:
        """The open periods of the case `record` (`open_periods`)."""
        return self.timeline(record).periods

    def keep(self, name: str, record: Record, value: object) -> None:
        """Hold `value` as what `name` reads of `record` (read earlier, e.g. from a cache)."""
        self._entries[(name, record.id)] = (record.data, value)

    def facts(self, name: str, record: Record, read: Callable[[Record], _T]) -> _T:
        """`read(record)`, read once for this record's data and kept under `name`."""
        key = (name, record.id)
        entry = self._entries.get(key)
        if entry is not None and entry[0] is record.data:
            found: _T = entry[1]
            return found
        value = read(record)
        self._entries[key] = (record.data, value)
        return value
