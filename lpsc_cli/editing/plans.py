"""The multi-agency local action plan: items, activities, progress, approval, monitoring.

The plan follows the layout of R Table 1 (no., issue, priority, activities, responsible
institution, timing). Its progress rolls up from its activities as `lpsc_cli.planning` has it
(the same reading as the monitoring report): the weighted average of each activity's latest
percent by date (a done activity counts 100, a dropped one not at all).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from lpsc_cli.editing.core import WriteOptions, WriteResult, change_record, create_record, order, present, record_file
from lpsc_cli.errors import RecordError, UsageError
from lpsc_cli.i18n import gettext as _
from lpsc_cli.i18n import ngettext
from lpsc_cli.model import Record, as_date, text
from lpsc_cli.planning import activity_progress, activity_status, in_plan, plan_progress
from lpsc_cli.repository import Repository
from lpsc_cli.roundtrip import append_item, set_key
from lpsc_cli.vocabulary import TIMING_PERIODS

Text = str | dict[str, str]


def new_plan(
    repo: Repository,
    year: int,
    *,
    title: Text | None = None,
    start: str | None = None,
    end: str | None = None,
    consultation: str | None = None,
    options: WriteOptions,
) -> WriteResult:
    """A draft plan `plan-YEAR` covering the year (or `start`..`end`)."""
    data = present(
        id=f"plan-{year}",
        title=title,
        period={"from": start or f"{year}-01-01", "to": end or f"{year}-12-31"},
        status="draft",
        consultation=consultation,
    )
    return create_record(repo, "plan", data, options=options)


@dataclass(frozen=True, kw_only=True)
class Item:
    """An identified issue of the plan, with its number ("1.4") and priority (R art. 8.2)."""

    number: str
    issue: Text
    evidence: Text | None = None
    priority: str | None = None


def add_item(repo: Repository, plan: str, item: Item, *, options: WriteOptions) -> WriteResult:
    record = _plan(repo, plan)
    if any(str(i.get("number")) == item.number for i in record.get("items", default=[])):
        raise RecordError(_("{plan} already has an item {number}").format(plan=plan, number=item.number))
    fields = present(number=item.number, issue=item.issue, evidence=item.evidence, priority=item.priority)

    def change(doc: Any) -> None:
        append_item(doc, "items", fields, order("plan"))

    return change_record(repo, "plan", plan, change, options=options, verb="item", detail=item.number)


@dataclass(frozen=True, kw_only=True)
class Activity:
    """An activity of an item: what, who is responsible, when (structured timing), how measured."""

    text: Text
    responsible: tuple[str, ...] = ()
    lead: str | None = None
    timing: dict[str, Any] | None = None
    indicator: Text | None = None
    target: Text | None = None
    weight: float | None = None
    status: str | None = None
    number: str | None = None
    added: str | None = None  # the date of the revision that adds it; by default the latest one


def add_activity(repo: Repository, plan: str, item: str, activity: Activity, *, options: WriteOptions) -> WriteResult:
    record = _plan(repo, plan)
    items = record.get("items", default=[])
    index = next((i for i, entry in enumerate(items) if str(entry.get("number")) == item), None)
    if index is None:
        numbers = ", ".join(str(entry.get("number")) for entry in items) or _("none yet")
        raise RecordError(
            _("{plan} has no item {item} (items: {numbers}); add it with `lpsc plan item`").format(
                plan=plan, item=item, numbers=numbers
            )
        )
    existing = [str(a.get("number")) for a in items[index].get("activities", [])]
    number = activity.number or _next_number(item, existing)
    if number in existing:
        raise RecordError(_("{plan} already has an activity {number}").format(plan=plan, number=number))
    weight = (
        int(activity.weight) if activity.weight is not None and float(activity.weight).is_integer() else activity.weight
    )
    fields = present(
        number=number,
        text=activity.text,
        responsible=list(activity.responsible),
        lead=activity.lead,
        timing=activity.timing,
        indicator=activity.indicator,
        target=activity.target,
        weight=weight,
        added=activity.added or adding_revision(record),
        status=activity.status or "not-started",
    )

    def change(doc: Any) -> None:
        append_item(doc["items"][index], "activities", fields, order("plan", "items"))

    return change_record(repo, "plan", plan, change, options=options, verb="activity", detail=number)


def adding_revision(plan: Record) -> str | None:
    """The date an activity added now joins the plan: that of the latest revision of a revised
    plan (R art. 8.5: the LPSC revises the approved plan); None for a plan not revised (a draft,
    or the plan as approved), whose activities belong to it from the start."""
    if plan.get("status") != "revised":
        return None
    days = [day for r in plan.get("revisions", default=[]) if (day := as_date(r.get("date"))) is not None]
    return max(days).isoformat() if days else None


def _next_number(item: str, existing: list[str]) -> str:
    taken = {int(n.rsplit(".", 1)[-1]) for n in existing if n.startswith(f"{item}.") and n.rsplit(".", 1)[-1].isdigit()}
    return f"{item}.{max(taken, default=0) + 1}"


def parse_timing(value: str, label: Text | None = None, *, option: str = "--timing") -> dict[str, Any]:
    """A structured timing from `due:2025-06-30`, `H1` (or `period:H1`), `every:2` or `continuous`."""

    kind, _sep, rest = value.strip().partition(":")
    kind, rest = kind.strip().lower(), rest.strip()
    timing: dict[str, Any]
    if kind == "due":
        try:
            timing = {"kind": "due", "due": date.fromisoformat(rest).isoformat()}
        except ValueError:
            raise UsageError(
                _("{option}: '{value}' is not a date (due:YYYY-MM-DD)").format(option=option, value=rest)
            ) from None
    elif kind == "period" or kind.upper() in TIMING_PERIODS or kind == "year":
        period = rest if kind == "period" else kind
        period = "year" if period.lower() == "year" else period.upper()
        if period not in TIMING_PERIODS:
            raise UsageError(
                _("{option}: '{value}' is not one of {choices}").format(
                    option=option, value=period, choices=", ".join(TIMING_PERIODS)
                )
            )
        timing = {"kind": "period", "period": period}
    elif kind in ("every", "recurring"):
        if not rest.isdigit() or not 1 <= int(rest) <= 12:
            raise UsageError(
                _("{option}: 'every:N' takes a number of months from 1 to 12, not '{value}'").format(
                    option=option, value=rest
                )
            )
        timing = {"kind": "recurring", "every_months": int(rest)}
    elif kind == "continuous" and not rest:
        timing = {"kind": "continuous"}
    else:
        raise UsageError(
            _(
                "{option}: '{value}' is not a timing (due:YYYY-MM-DD, H1, H2, Q1..Q4, year, every:N or continuous)"
            ).format(option=option, value=value)
        )
    if label is not None:
        timing["label"] = label
    return timing


@dataclass(frozen=True, kw_only=True)
class Progress:
    """Progress of an activity: a date, a percent, a note, and the meeting that heard it."""

    date: str
    percent: float | None = None
    note: Text | None = None
    meeting: str | None = None
    status: str | None = None


def add_progress(
    repo: Repository, plan: str, activity: str, progress: Progress, *, options: WriteOptions
) -> WriteResult:
    """Add a progress entry to an activity; it becomes done at 100 %, else in progress."""
    record = _plan(repo, plan)
    where = next(
        (
            (i, j)
            for i, item in enumerate(record.get("items", default=[]))
            for j, entry in enumerate(item.get("activities", []))
            if str(entry.get("number")) == activity
        ),
        None,
    )
    if where is None:
        raise RecordError(
            _("{plan} has no activity {activity} (see `lpsc plan show {plan}`)").format(plan=plan, activity=activity)
        )
    percent = progress.percent
    entry = present(
        date=progress.date,
        percent=int(percent) if percent is not None and float(percent).is_integer() else percent,
        note=progress.note,
        meeting=progress.meeting,
    )
    status = progress.status or ("done" if percent == 100 else "in-progress" if percent is not None else None)

    def change(doc: Any) -> None:
        target = doc["items"][where[0]]["activities"][where[1]]
        append_item(target, "progress", entry, order("plan", "items", "activities"))
        if status is not None:
            set_key(target, "status", status, order("plan", "items", "activities"))

    return change_record(repo, "plan", plan, change, options=options, verb="progress", detail=activity)


def approve(repo: Repository, plan: str, meeting: str, *, options: WriteOptions) -> WriteResult:
    """Mark the plan approved by an LPSC meeting (R art. 6.7, 8.4)."""
    _plan(repo, plan)

    def change(doc: Any) -> None:
        set_key(doc, "status", "approved", order("plan"))
        set_key(doc, "approved_at", meeting, order("plan"))

    return change_record(repo, "plan", plan, change, options=options, verb="approve", detail=meeting)


def publish(
    repo: Repository, plan: str, institution: str, day: str, url: str | None, *, options: WriteOptions
) -> WriteResult:
    """Record that a member institution published the approved plan (R, multi-agency local plan)."""
    _plan(repo, plan)
    entry = present(institution=institution, date=day, url=url)

    def change(doc: Any) -> None:
        for existing in doc.get("published") or []:
            if existing.get("institution") == institution:
                for key, value in entry.items():
                    set_key(existing, key, value, ("institution", "date", "url"))
                return
        append_item(doc, "published", entry, order("plan"))

    return change_record(repo, "plan", plan, change, options=options, verb="publish", detail=institution)


@dataclass(frozen=True, kw_only=True)
class Monitoring:
    """A half-year's monitoring (R art. 8.5-8.6): the consultation, the report, the chair's approval."""

    period: str
    consultation: str | None = None
    report_date: str | None = None
    approved_by_chair: str | None = None


def monitor(repo: Repository, plan: str, monitoring: Monitoring, *, options: WriteOptions) -> WriteResult:
    """Record (or complete) the monitoring of one half-year."""
    _plan(repo, plan)
    fields = present(
        period=monitoring.period,
        consultation=monitoring.consultation,
        report_date=monitoring.report_date,
        approved_by_chair=monitoring.approved_by_chair,
    )

    def change(doc: Any) -> None:
        for existing in doc.get("monitoring") or []:
            if existing.get("period") == monitoring.period:
                for key, value in fields.items():
                    set_key(existing, key, value, tuple(fields))
                return
        append_item(doc, "monitoring", fields, order("plan"))

    return change_record(repo, "plan", plan, change, options=options, verb="monitor", detail=monitoring.period)


def revise(
    repo: Repository, plan: str, day: str, meeting: str | None, summary: Text | None, *, options: WriteOptions
) -> WriteResult:
    """Record a revision of an approved plan by a meeting; the plan becomes `revised`."""
    _plan(repo, plan)

    def change(doc: Any) -> None:
        append_item(doc, "revisions", present(date=day, meeting=meeting, summary=summary), order("plan"))
        set_key(doc, "status", "revised", order("plan"))

    return change_record(repo, "plan", plan, change, options=options, verb="revise")


def _plan(repo: Repository, plan: str) -> Record:
    record = repo.get("plan", plan)
    if record is None:
        record_file(repo, "plan", plan)  # names a missing plan clearly
        raise RecordError(
            _("{file} does not pass its schema; fix it first (see `lpsc check`)").format(file=f"plans/{plan}.yaml")
        )
    return record


def plan_rows(
    repo: Repository, *, as_of: date | None, status: str | None = None, year: int | None = None
) -> list[dict[str, Any]]:
    """One row per plan: id, period, status, approval, counts and weighted progress on `as_of`."""
    rows = []
    for plan in repo.of("plan"):
        if status and plan.get("status") != status:
            continue
        start, end = str(plan.get("period", "from", default="")), str(plan.get("period", "to", default=""))
        if year and not (start[:4] <= str(year) <= end[:4]):
            continue
        items = plan.get("items", default=[])
        rows.append(
            {
                "id": plan.id,
                "from": start,
                "to": end,
                "status": plan.get("status", default=""),
                "approved_at": plan.get("approved_at", default=""),
                "items": len(items),
                "activities": sum(len(i.get("activities", [])) for i in items),
                "progress": plan_progress(plan.data, as_of),
            }
        )
    return rows


def activity_rows(
    repo: Repository, plan: Record, *, as_of: date | None, status: str | None = None
) -> list[dict[str, Any]]:
    """One row per activity of a plan: number, priority, text, responsible, timing, and its status
    and percent on `as_of` (`lpsc_cli.planning`, as the monitoring report has them)."""
    rows = []
    for item in plan.get("items", default=[]):
        for activity in item.get("activities", []):
            if not in_plan(activity, as_of):
                continue
            status_then = activity_status(activity, as_of)
            if status and status_then != status:
                continue
            rows.append(
                {
                    "number": str(activity.get("number", "")),
                    "priority": item.get("priority", ""),
                    "text": text(activity.get("text"), repo.language),
                    "responsible": list(activity.get("responsible", [])),
                    "timing": timing_label(activity.get("timing"), repo.language),
                    "status": status_then,
                    "percent": activity_progress(activity, as_of),
                }
            )
    return rows


def timing_label(timing: Any, lang: str) -> str:
    """An activity's timing as a person reads it: the plan's own words (`label`, in `lang`), else
    built in the language of the run (`by 2025-06-30`, `every 2 months`, `continuous`)."""
    if not isinstance(timing, dict):
        return ""
    if timing.get("label"):
        return text(timing["label"], lang)
    kind = timing.get("kind")
    if kind == "due":
        return _("by {date}").format(date=timing.get("due"))
    if kind == "period":
        return str(timing.get("period"))
    if kind == "recurring":
        months = timing.get("every_months")
        return ngettext("every {n} month", "every {n} months", months if isinstance(months, int) else 2).format(
            n=months
        )
    if kind == "continuous":
        return _("continuous")
    return str(kind or "")
