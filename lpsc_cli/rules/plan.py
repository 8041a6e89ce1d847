"""Rules on the multi-agency local action plan: adopted each year, published by every member
institution, monitored every six months, and each activity on time.

A plan counts as *approved* when its status is approved, revised or closed; its approval day is
the day of its `approved_at` meeting, or the first day of its period when that meeting is not
on record. Activity timings (docs/records.md) are read as follows:

* `due` — done by `timing.due`;
* `period` — done by the last day of H1/H2/Q1..Q4/year of the plan's year;
* `recurring` (`every_months: k`) — one item per k-month slot of the plan period, starting on
  its first day, met by a progress entry dated in the slot (a slot that starts before
  `coverage.from` is not judged: `lpsc_cli.rules.coverage`);
* `continuous` ("all year round") — a progress expectation per half-year of the plan period:
  one item per half, met by a progress entry dated in it.

An activity is *done* (for `due` and `period`) when its status is `done`; it was done on its
first progress entry at 100 %, else its last progress entry, else (no dates) on time. Dropped
activities produce nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from lpsc_cli.calendar import add_months, period_bounds
from lpsc_cli.errors import Severity
from lpsc_cli.i18n import N_, ngettext
from lpsc_cli.i18n import gettext as _
from lpsc_cli.model import Record, as_date, is_current
from lpsc_cli.planning import in_plan
from lpsc_cli.rules.base import NORMATIVE_ACT, REGULATION, Deadline, RuleContext, latest, listed, rule
from lpsc_cli.rules.coverage import whole_period

if TYPE_CHECKING:
    from lpsc_cli.repository import Repository

APPROVED = frozenset({"approved", "revised", "closed"})
#: Sectors of members that are not public institutions (R: "every public institution ...").
NOT_PUBLIC = frozenset({"civil-society", "business", "media", "religious-community"})
_SHORT_PERIOD = re.compile(r"^(H[12]|Q[1-4])$")


def plan_span(plan: Record) -> tuple[date, date] | None:
    start, end = as_date(plan.get("period", "from")), as_date(plan.get("period", "to"))
    return (start, end) if start is not None and end is not None and start <= end else None


def approval_day(plan: Record, ctx: RuleContext) -> date | None:
    """When the plan was approved (None for a draft)."""
    if plan.get("status") not in APPROVED:
        return None
    span = plan_span(plan)
    return ctx.facts.meeting_day(plan.get("approved_at")) or (span[0] if span else None)


def full_period(value: Any, year: int) -> str:
    """`H1` of a 2025 plan is `2025-H1`; `year` is `2025`; full ids stay as they are."""
    text = str(value)
    if text == "year":
        return str(year)
    return f"{year}-{text}" if _SHORT_PERIOD.match(text) else text


@rule(
    "plan-annual",
    title=N_("An approved action plan covers the current year"),
    source="R art. 6.7, 8.4; A KPI table",
    bases=(REGULATION, NORMATIVE_ACT),
    severity=Severity.ERROR,
    months=3,
)
def plan_annual(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """The multi-actor plan is annual (R art. 6.7: "The deadline for implementing the plan is
    annual") and is approved at the LPSC meeting that follows the consultation (R art. 8.4).
    One item per calendar year: a plan whose period overlaps the year is approved by the end of
    its `months`-th month (3: 31 March); met on the earliest such approval day. The
    assessment's KPI table asks the same of councils under the Normative Act ("action plan
    development and adoption", A §3.6.3).
    """
    plans = [p for p in repo.of("plan") if plan_span(p) is not None]
    for year, start, end in ctx.facts.spans("year"):
        covering = [p for p in plans if _overlaps(plan_span(p), start, end)]
        approvals = sorted((d, p.id) for p in covering if (d := approval_day(p, ctx)) is not None)
        due = add_months(start, ctx.number("months")) - timedelta(days=1)
        record = repo.get("plan", approvals[0][1]) if approvals else (covering[0] if covering else None)
        done = approvals[0][0] if approvals else None
        path = ("status",) if record is not None else ()
        what = _("approved action plan for {year}").format(year=year)
        yield ctx.judge(record=record, path=path, due=due, done=done, what=what, period=year, council=True)


def _overlaps(span: tuple[date, date] | None, start: date, end: date) -> bool:
    return span is not None and span[0] <= end and span[1] >= start


@rule(
    "plan-monitoring",
    title=N_("A plan monitoring report every six months"),
    source="R art. 8.5–8.6",
    bases=(REGULATION,),
    severity=Severity.WARNING,
    days_after=30,
)
def plan_monitoring(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """The plan is monitored once in 6 months (R art. 8.5) in a monitoring report drafted by
    the secretariats and approved by the chair (R art. 8.6). Per approved plan and half-year
    of its period: a `monitoring` entry of that half with `report_date` and
    `approved_by_chair`, due `days_after` (30) calendar days after the half ends; a report
    record of kind `plan-monitoring` for the half also counts.
    """
    submitted = ctx.facts.reports.get("plan-monitoring", {})
    for plan in repo.of("plan"):
        span = plan_span(plan)
        if span is None or approval_day(plan, ctx) is None:
            continue
        entries = {
            full_period(entry.get("period"), span[0].year): (index, entry)
            for index, entry in enumerate(listed(plan.get("monitoring")))
            if isinstance(entry, dict)
        }
        for half, start, end in ctx.facts.spans("half"):
            if not _overlaps(span, start, end):
                continue
            index, entry = entries.get(half, (None, {}))
            reports = submitted.get(half, [])
            done = latest(entry.get("report_date"), entry.get("approved_by_chair")) or (
                reports[0][0] if reports else None
            )
            path: tuple[str | int, ...] = ("monitoring", index) if index is not None else ("period",)
            due = end + timedelta(days=ctx.number("days_after"))
            what = _("monitoring report of {plan} for {period}, approved by the chair").format(
                plan=plan.id, period=half
            )
            yield ctx.judge(record=plan, path=path, due=due, done=done, what=what, period=half)


@rule(
    "plan-published",
    title=N_("Each member institution publishes the approved plan"),
    source='R "Multi-agency local plan"',
    bases=(REGULATION,),
    severity=Severity.WARNING,
    working_days=10,
)
def plan_published(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """Every public institution that is part of the LPSC publishes the multi-agency local plan
    on its official website (R "Multi-agency local plan", the roadmap's note beside art. 8.5–8.6).
    Per approved plan and member institution (institutions of chair and permanent members in
    term on the approval day, not civil society, business, media or religious communities): a
    `published` entry, due `working_days` (10) working days after the approval day.
    """
    for plan in repo.of("plan"):
        approved = approval_day(plan, ctx)
        if approved is None or not ctx.covers(approved):
            continue
        published: dict[str, tuple[int, date | None]] = {}
        for position, entry in enumerate(listed(plan.get("published"))):
            if isinstance(entry, dict) and entry.get("institution") not in published:
                published[str(entry.get("institution"))] = (position, as_date(entry.get("date")))
        due = ctx.calendar.add_working_days(approved, ctx.number("working_days"))
        for institution in member_institutions(repo, approved):
            found = published.get(institution)
            path: tuple[str | int, ...] = ("published", found[0]) if found else ("status",)
            day = found[1] if found else None
            what = _("{plan} published by {institution}").format(plan=plan.id, institution=institution)
            yield ctx.judge(record=plan, path=path, due=due, done=day, what=what, unit="working-days", key=institution)


def member_institutions(repo: Repository, day: date) -> list[str]:
    """Public institutions with a chair or permanent member in term on `day`, sorted."""
    found: set[str] = set()
    for member in repo.records.get("member", {}).values():
        roles = listed(member.get("roles"))
        if ("chair" not in roles and "permanent" not in roles) or not is_current(member, day):
            continue
        institution = member.get("institution")
        record = repo.get("institution", str(institution))
        if institution and (record is None or record.get("sector") not in NOT_PUBLIC):
            found.add(str(institution))
    return sorted(found)


@rule(
    "activity-due",
    title=N_("Each plan activity meets its timing"),
    source="R art. 8.3; A §3.3",
    bases=(REGULATION, NORMATIVE_ACT),
    severity=Severity.WARNING,
)
def activity_due(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """The action plan contains a calendar of activities and deadlines (R art. 8.3; the
    layout of R Table 1: activities, responsible institution, timing). Each activity of an
    approved plan that is not dropped meets its `timing`: by its due date, by the end of its
    period, in every slot of a recurrence, or with progress every half-year when continuous.
    Under the Normative Act every member institution reports on its actions in the plan's
    implementation period (A §3.3). Progress is asked only once the plan is approved: a slot of
    a recurrence or a half-year that ended before the approval day is not judged (a plan for
    the year approved on 6 May owes no bi-monthly progress for January–February nor
    March–April; May–June is owed). An activity a revision added (its `added` day, R art. 8.5)
    is judged the same way from that day.
    """
    for plan in repo.of("plan"):
        span = plan_span(plan)
        approved = approval_day(plan, ctx)
        if span is None or approved is None:
            continue
        for i, item in enumerate(listed(plan.get("items"))):
            if not isinstance(item, dict):
                continue
            for j, activity in enumerate(listed(item.get("activities"))):
                if not isinstance(activity, dict) or activity.get("status") == "dropped":
                    continue
                if not in_plan(activity, ctx.as_of):
                    continue  # added by a revision after the day judged
                # an activity a revision added owes progress from the revision on, as a plan from its approval
                since = max(approved, as_date(activity.get("added")) or approved)
                yield from _activity(ctx, plan, span, since, ("items", i, "activities", j), activity)


def _activity(
    ctx: RuleContext,
    plan: Record,
    span: tuple[date, date],
    approved: date,
    path: tuple[str | int, ...],
    activity: Mapping[str, Any],
) -> Iterator[Deadline | None]:
    given = activity.get("timing")
    timing: Mapping[str, Any] = given if isinstance(given, Mapping) else {}
    kind = timing.get("kind")
    number = str(activity.get("number", "/".join(str(p) for p in path[1::2])))
    name = _("activity {number} of {plan}").format(number=number, plan=plan.id)
    progress = sorted(
        d for e in listed(activity.get("progress")) if isinstance(e, dict) and (d := as_date(e.get("date")))
    )
    if kind in ("due", "period"):
        due = as_date(timing.get("due")) if kind == "due" else _period_end(timing.get("period"), span[0].year)
        if due is None or not ctx.covers(due):
            return
        done = _completed(activity, due) if activity.get("status") == "done" else None
        yield ctx.judge(
            record=plan, path=path, due=due, done=done, what=_("{activity} done").format(activity=name), key=number
        )
        return
    if kind == "recurring":
        step = timing.get("every_months")
        slots = _slots(span, step if isinstance(step, int) and step > 0 else 1)
        label = ngettext("every {n} month", "every {n} months", step if isinstance(step, int) else 2).format(n=step)
    elif kind == "continuous":
        slots = [(p, s, e) for p, s, e in ctx.facts.spans("half") if s <= span[1] and e >= span[0]]
        label = _("continuous")
    else:
        return
    for period, start, end in slots:
        if start > ctx.facts.last_day or end < approved or not whole_period(ctx, start, end):
            continue
        at = bisect_left(progress, start)
        done = progress[at] if at < len(progress) and progress[at] <= end else None
        what = _("{activity} ({timing}): progress in {period}").format(activity=name, timing=label, period=period)
        yield ctx.judge(record=plan, path=path, due=end, done=done, what=what, period=period, key=number)


def _period_end(value: Any, year: int) -> date | None:
    try:
        return period_bounds(full_period(value, year))[1]
    except ValueError:
        return None


def _completed(activity: Mapping[str, Any], due: date) -> date:
    dated = [
        (d, e.get("percent"))
        for e in listed(activity.get("progress"))
        if isinstance(e, dict) and (d := as_date(e.get("date")))
    ]
    full = [d for d, percent in dated if isinstance(percent, int | float) and percent >= 100]
    if full:
        return min(full)
    return max(d for d, _ in dated) if dated else due


def _slots(span: tuple[date, date], months: int) -> list[tuple[str, date, date]]:
    slots: list[tuple[str, date, date]] = []
    start = span[0]
    while start <= span[1]:
        end = min(add_months(start, months) - timedelta(days=1), span[1])
        label = (
            f"{start:%Y-%m}" if (start.year, start.month) == (end.year, end.month) else f"{start:%Y-%m}..{end:%Y-%m}"
        )
        slots.append((label, start, end))
        start = end + timedelta(days=1)
    return slots
