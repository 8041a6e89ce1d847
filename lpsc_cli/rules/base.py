"""What every rule shares: the `Deadline` item, the `Rule`, the `RuleContext` and the judge.

A rule is a small pure function `(repository, context) -> Iterable[Deadline]`, made a `Rule`
by the `rule` decorator with its SPEC §4 id, a title, its source, the legal bases it comes from
(`REGULATION`: a council regulation modelled on the Elbasan regulation, R; `NORMATIVE_ACT`: DCM
678/2024 as the assessment reads it, A), a default severity and default thresholds. The rules
are listed, in order, in one tuple (`lpsc_cli.rules.ALL_RULES`). The context carries the day judged (`as_of`), the working-day
calendar, the rule's resolved settings, the coverage window and `Facts`: indexes of the
repository (meetings by type and date, the first day of recorded activity, the open periods of
each case) built once per run and shared by every rule, so that no rule scans the records more
than once.

Every obligation has a stable id, `Deadline.id` — the rule, the record (or the period, for the
council's periodic obligations) and what tells apart several obligations of one record, e.g.
`invitation-notice:lpsc-2025-12-17`, `meetings-per-year:2025`,
`absence-explained:lpsc-2025-03-12:member-arta-kola` — which an acknowledgement names.

Statuses (see `RuleContext.judge`): an obligation is *met* when it was done on or before its
due date and *met-late* when done after it; one that is not done (or done after `as_of`, which
the records may announce in advance) is *overdue* once `as_of` is past its due date,
*due-soon* when its due date is at most `within` calendar days away, and *upcoming* otherwise.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from lpsc_cli.calendar import WorkingCalendar, hours_between, period_bounds, periods
from lpsc_cli.errors import JsonPath, Severity
from lpsc_cli.i18n import gettext as _
from lpsc_cli.i18n import ngettext
from lpsc_cli.lifecycle import OpenPeriod
from lpsc_cli.model import CONFIG_FILE, Record, as_date, as_datetime

if TYPE_CHECKING:
    from lpsc_cli.repository import Repository

Status = Literal["overdue", "due-soon", "upcoming", "met", "met-late"]
Unit = Literal["working-days", "days"]
STATUSES: tuple[Status, ...] = ("overdue", "due-soon", "upcoming", "met", "met-late")
OPEN: frozenset[str] = frozenset({"overdue", "due-soon", "upcoming"})
MISSED: frozenset[str] = frozenset({"overdue", "met-late"})
Threshold = int | float | bool

#: The legal bases a council may work under (`lpsc.yaml` `basis`), with how rules cite them.
REGULATION = "council-regulation"
NORMATIVE_ACT = "normative-act"
BASES: dict[str, str] = {
    REGULATION: "a council regulation modelled on the Elbasan model regulation (R)",
    NORMATIVE_ACT: "the Normative Act, DCM 678/2024 (A)",
}


@dataclass(frozen=True, slots=True)
class Deadline:
    """One obligation with its due date and where it stands on `as_of`.

    `days` is counted in `unit` (working days or calendar days): left (+) or late (−); for a
    met item, the margin it was done with (+) or how late (−). `record`/`file`/`path` point at
    the record concerned; council-wide obligations point at `lpsc.yaml` with no record.
    `obligation` says what is owed, `done` when it was done (None if not by `as_of`);
    `message` (built on demand: a check of 10,000 cases formats only what it reports) adds
    where it stands. `id` is the obligation's stable id (see the module), and `acknowledged`
    the id of the acknowledgement record that accepts it as late, if any.
    """

    rule: str
    record: str | None
    file: str | None
    path: JsonPath
    due: date | datetime
    status: Status
    days: int
    unit: Unit
    severity: Severity
    obligation: str
    done: date | datetime | None = None
    period: str | None = None
    id: str = ""
    acknowledged: str | None = None

    @property
    def due_day(self) -> date:
        return self.due.date() if isinstance(self.due, datetime) else self.due

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def message(self) -> str:
        """The obligation and where it stands: done when, or due when; how early or late."""
        due = format_moment(self.due)
        if self.done is not None:
            timed = isinstance(self.due, datetime)
            done = format_moment(self.done if timed or not isinstance(self.done, datetime) else self.done.date())
            if self.status == "met":
                return _("{obligation}: done {done}, due {due}").format(obligation=self.obligation, done=done, due=due)
            if isinstance(self.due, datetime):
                margin = _hours(-hours_between(_moment(self.done), self.due))
            else:
                margin = _plural(-self.days, self.unit)
            return _("{obligation}: done {done}, {margin} late (due {due})").format(
                obligation=self.obligation, done=done, margin=margin, due=due
            )
        if self.status == "overdue":
            if self.days < 0:
                return _("{obligation}: not done, due {due} ({late} late)").format(
                    obligation=self.obligation, due=due, late=_plural(-self.days, self.unit)
                )
            return _("{obligation}: not done, due {due}").format(obligation=self.obligation, due=due)
        if self.days == 0:
            return _("{obligation}: due today ({due})").format(obligation=self.obligation, due=due)
        return _("{obligation}: due {due} (in {left})").format(
            obligation=self.obligation, due=due, left=_plural(self.days, self.unit)
        )

    def sort_key(self) -> tuple[int, date, str, str, str]:
        return (0 if self.status == "overdue" else 1, self.due_day, self.rule, self.record or "", str(self.path))

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of SPEC §3, plus `unit`, `done`, `period`, `severity`, `file`, the stable
        `obligation` id that `lpsc ack` takes, and the acknowledgement that accepts it late."""
        return {
            "rule": self.rule,
            "record": self.record,
            "due": format_moment(self.due),
            "status": self.status,
            "days": self.days,
            "unit": self.unit,
            "done": format_moment(self.done) if self.done is not None else None,
            "period": self.period,
            "severity": self.severity.value,
            "file": self.file,
            "message": self.message,
            "obligation": self.id,
            "acknowledged": self.acknowledged,
        }


#: A rule yields one item per obligation; None stands for an item the run does not keep.
RuleFunction = Callable[["Repository", "RuleContext"], Iterable["Deadline | None"]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule: SPEC §4 id, title, source, legal bases, default severity and thresholds, and
    the function that yields its obligations (calling the rule calls it)."""

    id: str
    title: str
    source: str
    bases: frozenset[str]
    severity: Severity
    defaults: Mapping[str, Threshold]
    run: RuleFunction

    def __call__(self, repo: Repository, context: RuleContext) -> Iterable[Deadline | None]:
        return self.run(repo, context)

    @property
    def citation(self) -> str:
        """The rule's docstring: the obligation and where the sources set it."""
        return (self.run.__doc__ or "").strip()


def rule(
    rule_id: str,
    *,
    title: str,
    source: str,
    bases: tuple[str, ...],
    severity: Severity,
    **defaults: Threshold,
) -> Callable[[RuleFunction], Rule]:
    """Make a rule function a `Rule` with id `rule_id` (its thresholds are the keyword defaults)."""
    unknown = set(bases) - set(BASES)
    if not bases or unknown:
        raise ValueError(f"rule {rule_id}: bases must be among {sorted(BASES)}, not {sorted(bases)}")

    def make(function: RuleFunction) -> Rule:
        return Rule(rule_id, title, source, frozenset(bases), severity, dict(defaults), function)

    return make


# --- facts: indexes of the repository built once per run --------------------------------------


@dataclass(frozen=True, slots=True)
class HeldMeeting:
    """A meeting reduced to what the rules compare: its day, its record, its plan actions."""

    day: date
    record: Record


#: Records that show the council at work, with the date that says when: (kind, keys).
#: A report submission counts from the start of the period it reports on.
ACTIVITY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("plan", ("period", "from")),
    ("training", ("date",)),
    ("report", ("period",)),
)


def _day(value: Any) -> date | None:
    """A record's date, or the first day of a period (`2025`, `2025-H1`, `2025-03`)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and len(value) < 10:
        try:
            return period_bounds(value)[0]
        except ValueError:
            return None
    return as_date(value)


class Facts:
    """Indexes of one repository shared by all rules of a run (built lazily, once)."""

    def __init__(self, repo: Repository, *, as_of: date, coverage: tuple[date | None, date | None]) -> None:
        self.repo = repo
        self.as_of = as_of
        self.coverage = coverage
        self._spans: dict[tuple[str, date], list[tuple[str, date, date]]] = {}

    @cached_property
    def meetings(self) -> dict[str, list[HeldMeeting]]:
        """Meetings by type, sorted by day (every meeting, held or scheduled)."""
        by_type: dict[str, list[HeldMeeting]] = {}
        for record in self.repo.records.get("meeting", {}).values():
            day = as_date(record.data.get("date"))
            if day is None:
                continue
            by_type.setdefault(str(record.data.get("type", "")), []).append(HeldMeeting(day, record))
        for items in by_type.values():
            items.sort(key=lambda m: (m.day, m.record.id))
        return by_type

    @cached_property
    def _meeting_days(self) -> dict[str, list[int]]:
        return {kind: [m.day.toordinal() for m in items] for kind, items in self.meetings.items()}

    def meetings_between(self, kind: str, start: date, end: date) -> list[HeldMeeting]:
        """Meetings of `kind` with `start <= day <= end` (binary search on the sorted index)."""
        days = self._meeting_days.get(kind, [])
        low = bisect_left(days, start.toordinal())
        high = bisect_right(days, end.toordinal())
        return self.meetings.get(kind, [])[low:high]

    def meeting_day(self, meeting_id: object) -> date | None:
        record = self.repo.records.get("meeting", {}).get(str(meeting_id)) if meeting_id else None
        return as_date(record.data.get("date")) if record is not None else None

    @cached_property
    def reports(self) -> dict[str, dict[str, list[tuple[date, Record]]]]:
        """Submitted reports by kind and period (`2025`, `2025-H1`, ...), earliest first."""
        found: dict[str, dict[str, list[tuple[date, Record]]]] = {}
        for record in self.repo.records.get("report", {}).values():
            day = as_date(record.data.get("submitted"))
            if day is not None:
                by_period = found.setdefault(str(record.data.get("kind")), {})
                by_period.setdefault(str(record.data.get("period")), []).append((day, record))
        for by_period in found.values():
            for items in by_period.values():
                items.sort(key=lambda item: (item[0], item[1].id))
        return found

    @cached_property
    def case_periods(self) -> dict[str, tuple[OpenPeriod, ...]]:
        """The open periods of every case by id (`lpsc_cli.lifecycle`), read once for all rules."""
        index = self.repo.case_index
        return {record.id: index.periods(record) for record in self.repo.records.get("case", {}).values()}

    @cached_property
    def acknowledgements(self) -> dict[str, str]:
        """The acknowledged obligations: obligation id -> the acknowledgement record's id (the
        earliest by id when two acknowledge the same obligation)."""
        found: dict[str, str] = {}
        for record in sorted(self.repo.records.get("acknowledgement", {}).values(), key=lambda r: r.id):
            found.setdefault(str(record.data.get("obligation")), record.id)
        return found

    @cached_property
    def composed(self) -> date | None:
        """The day of the mayor's order that (re)composed the council (`lpsc.yaml` `composition:
        {order, date}`; A §3.1), or None when not recorded."""
        return composition_day(self.repo.config)

    @cached_property
    def first_activity(self) -> date | None:
        """The day of the council's earliest recorded activity (None when there is none): its
        earliest meeting, plan period, training, or the start of a period a report covers."""
        days = [items[0].day for items in self.meetings.values() if items]
        for kind, keys in ACTIVITY:
            days.extend(day for record in self.repo.records.get(kind, {}).values() if (day := _day(record.get(*keys))))
        return min(days) if days else None

    @cached_property
    def first_day(self) -> date | None:
        """Where the council's recurring obligations start: its first activity, not before
        `coverage.from` nor the composition day (see `rules/coverage.py`); None while the
        repository records no activity."""
        first = self.first_activity
        if first is None:
            return None
        return max(day for day in (first, self.coverage[0], self.composed) if day is not None)

    @cached_property
    def last_day(self) -> date:
        """Where recurring obligations stop: the day judged, or `coverage.to` if earlier."""
        end = self.coverage[1]
        return self.as_of if end is None or end > self.as_of else end

    def spans(self, kind: str, since: date | None = None) -> list[tuple[str, date, date]]:
        """The `kind` periods (month, quarter, half, year) up to `last_day`, with their bounds.

        They start at `first_day`, or at `since` (not before `coverage.from`) for obligations
        that start with a record of their own, such as a case; only periods that start on or
        after `coverage.from` are judged, and, for the council's own obligations, only periods
        whose middle day the council had been composed by (`mostly_after`).
        """
        start = self.first_day if since is None else max(since, self.coverage[0] or since)
        if start is None or start > self.last_day:
            return []
        key = (kind, start)
        if key not in self._spans:
            # whole periods only: one that starts before `coverage.from` is covered in part
            low = self.coverage[0]
            composed = self.composed if since is None else None
            self._spans[key] = [
                (p, first, last)
                for p in periods(kind, start, self.last_day)
                for first, last in (period_bounds(p),)
                if (low is None or first >= low) and (composed is None or mostly_after(composed, first, last))
            ]
        return self._spans[key]


# --- the context: one rule's view of a run ----------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RuleContext:
    """What a rule is given: the day judged, the calendar, its settings and the shared facts."""

    rule: str
    as_of: date
    calendar: WorkingCalendar
    settings: Mapping[str, Threshold]
    severity: Severity
    facts: Facts
    within: int = 14
    coverage: tuple[date | None, date | None] = field(default=(None, None))
    keep: frozenset[str] | None = None

    def number(self, key: str) -> int:
        """A whole-number threshold of this rule."""
        return int(self.settings[key])

    def covers(self, start: date | None, end: date | None = None) -> bool:
        """Whether the span `start`..`end` (one day if `end` is None) overlaps the coverage."""
        if start is None:
            return True
        end = start if end is None else end
        low, high = self.coverage
        return not ((low is not None and end < low) or (high is not None and start > high))

    def judge(
        self,
        *,
        record: Record | None,
        path: JsonPath = (),
        due: date | datetime,
        done: date | datetime | None,
        what: str,
        unit: Unit = "days",
        period: str | None = None,
        key: str | None = None,
        council: bool = False,
    ) -> Deadline | None:
        """Turn a due date and the day it was done (None if not) into a `Deadline`.

        The obligation's id is the rule, the record (left out when `council`: a council-wide
        obligation that points at whichever report or plan met it), the period and `key`.

        Dates done after `as_of` count as not done yet. With a date-time `due` the margin is
        counted on the clock (Europe/Tirane), in calendar days in `days` (the message gives
        hours). This runs once per obligation, so it only compares and counts; it returns
        None for a status the run does not `keep` (`lpsc check` keeps only missed ones).
        """
        as_of = self.as_of
        if done is not None and (done.date() if isinstance(done, datetime) else done) > as_of:
            done = None
        status: Status
        if isinstance(due, datetime):
            unit = "days"
            if done is not None:
                margin = hours_between(_moment(done), due)
                days = math.floor(margin / 24) if margin >= 0 else -math.ceil(-margin / 24)
                status = "met" if margin >= 0 else "met-late"
            else:
                days = (due.date() - as_of).days
                status = "overdue" if days < 0 else "due-soon" if days <= self.within else "upcoming"
            if self.keep is not None and status not in self.keep:
                return None
        else:
            if done is not None:
                start = done.date() if isinstance(done, datetime) else done
                status = "met" if start <= due else "met-late"
            else:
                start = as_of
                status = "overdue" if as_of > due else "due-soon" if (due - as_of).days <= self.within else "upcoming"
            if self.keep is not None and status not in self.keep:
                return None
            working = unit == "working-days"
            days = self.calendar.working_days_between(start, due) if working else (due - start).days
        anchor = None if council or record is None else record.id
        identity = ":".join(part for part in (self.rule, anchor, period, key) if part)
        acknowledged = self.facts.acknowledgements.get(identity)
        if record is None:
            return Deadline(
                self.rule, None, CONFIG_FILE, path, due, status, days, unit, self.severity, what, done, period,
                identity, acknowledged,
            )  # fmt: skip
        return Deadline(
            self.rule, record.id, record.path, path, due, status, days, unit, self.severity, what, done, period,
            identity, acknowledged,
        )  # fmt: skip


# --- small readers shared by the rule modules ---------------------------------------------------


def composition_day(config: Mapping[str, Any]) -> date | None:
    """`lpsc.yaml` `composition.date`: the day of the mayor's order composing the council."""
    section = config.get("composition")
    return as_date(section.get("date")) if isinstance(section, Mapping) else None


def mostly_after(day: date, first: date, last: date) -> bool:
    """Whether a period `first`..`last` is judged for something that began on `day` (the
    council's composition, a plan's approval): when `day` is on or before the period's middle
    day, so that most of the period lay after it. A period that began before `day` and ends
    soon after it (the month of a composition on the 17th, the two months of a plan approved in
    the second) asks for nothing; the year of a composition in February is judged.
    """
    return day <= first + (last - first) / 2


def _moment(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.combine(value, time())


#: An empty mapping for absent optional objects (schema-valid records hold mappings or nothing).
NOTHING: Mapping[str, Any] = {}


def latest(*values: Any) -> date | None:
    """The latest of several record dates, or None if any is missing (all are required)."""
    days = [as_date(v) for v in values]
    if not days or any(d is None for d in days):
        return None
    return max(d for d in days if d is not None)


def moment(day: Any, clock: Any = None) -> datetime | None:
    """A naive local date-time from a record's date and an optional `"HH:MM"` time."""
    if isinstance(clock, str) and len(clock) >= 4 and isinstance(day, str):
        return as_datetime(f"{day[:10]}T{clock}")
    return as_datetime(day)


def listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def format_moment(value: date | datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M") if isinstance(value, datetime) else value.isoformat()


def _plural(count: int, unit: Unit) -> str:
    if unit == "working-days":
        return ngettext("{n} working day", "{n} working days", count).format(n=count)
    return ngettext("{n} day", "{n} days", count).format(n=count)


def _hours(value: float) -> str:
    rounded = round(value, 1)
    text = str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"
    return ngettext("{n} hour", "{n} hours", 1 if text == "1" else 2).format(n=text)
