"""What the period reports show: plan monitoring, the annual activity report, the Prefect report.

A report covers a period (`2025`, `2025-H1`, `2025-Q1`, `2025-03`) and judges every record as it
stood on the period's last day, from the dates in the records — never from today's state — so
that a report on last March reads the same whenever it is made.

**Plan activities at a day** (monitoring, annual): an activity's status and percent on day D,
and the plan's weighted progress, are those of `lpsc_cli.planning` (the same as `lpsc plan
show --as-of D`): the latest progress entry by date on or before D that has a percent, a done
activity counting 100, dropped activities left out. The plan is the one of day D: an activity
a later revision added (`added` after D) is neither listed nor counted.

**Cases at a day** (Prefect, annual): whether a case was open in the period and its status on
day D are those of `lpsc_cli.lifecycle`: open from the referral to its closure, transfer or
not-eligible screening, and again from each re-opening; the status follows the latest step
dated on or before D. An emergency counts as addressed within 24 hours as the rule
emergency-24h has it (`referral.addressed_at` at most 24 hours on the clock after receipt).

**Small numbers** (Prefect, annual): case figures go out in aggregate and anonymous — never an
id or a code. Totals are shown as they are. A breakdown (by concern, status, age band, sex,
group) whose total is below 3 is withheld; in the others, counts of 1 and 2 are shown as
"< 3", and when only one count of a breakdown would be hidden, the next-smallest count is
hidden too, so that no hidden count can be worked out from the total.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from lpsc_cli.calendar import period_bounds, period_of
from lpsc_cli.documents.builders import Request
from lpsc_cli.documents.views import Names, View, meeting_view, on_or_before, plan_view
from lpsc_cli.errors import LpscError, UsageError
from lpsc_cli.i18n import gettext as _
from lpsc_cli.indicators import compute
from lpsc_cli.lifecycle import CaseIndex, emergency_window, open_between, open_periods, status_on
from lpsc_cli.model import Record, as_date
from lpsc_cli.planning import (
    activity_progress,
    activity_status,
    in_plan,
    latest_entry,
    plan_progress,
    reported_percent,
    weight,
    weighted_progress,
)
from lpsc_cli.repository import Repository
from lpsc_cli.vocabulary import CONCERNS, MEETING_TYPES, SEXES

#: Counts below this are hidden in breakdowns of case figures.
SMALL = 3
SMALL_LABEL = f"< {SMALL}"
_SEQUENCE = ("referred", "registered", "screening", "assessment", "planning", "active")


def bounds(period: str, *, kinds: tuple[str, ...], example: str) -> tuple[date, date]:
    """First and last day of a period id of one of `kinds` (year, half, quarter, month)."""
    part = period.partition("-")[2]
    kind = "year" if not part else {"H": "half", "Q": "quarter"}.get(part[0], "month")
    try:
        if kind not in kinds:
            raise ValueError(period)
        return period_bounds(period)
    except ValueError:
        raise UsageError(
            _("'{period}' is not a period this report covers (for example {example})").format(
                period=period, example=example
            )
        ) from None


def last_period(kind: str, as_of: date) -> str:
    """The last `kind` period (year, half, month) that ended before `as_of`: what a report covers
    when no period is given."""
    current_start = period_bounds(period_of(kind, as_of))[0]
    return period_of(kind, current_start - timedelta(days=1))


# -- plan activities ----------------------------------------------------------------------------


def activity_at(activity: View, day: date) -> View:
    """An activity's status and progress on `day`, with its latest note up to then.

    A dropped activity shows the percent it had reached (it does not count in the plan's progress).
    """
    percent = activity_progress(activity, day)
    return {
        **activity,
        "status_at": activity_status(activity, day),
        "percent_at": reported_percent(activity, day) if percent is None else percent,
        "last": latest_entry(activity, day),
    }


def plan_at(record: Record, names: Names, day: date) -> View:
    """A plan as it stood on `day` (without the activities a later revision added), each activity
    judged on `day`, each identified issue's weighted progress, the plan's progress and its
    status counts."""
    plan = plan_view(record, names)
    for issue in plan["issues"]:
        issue["activities"] = [activity_at(a, day) for a in issue["activities"] if in_plan(a, day)]
        issue["progress"] = weighted_progress((weight(a), activity_progress(a, day)) for a in issue["activities"])
    rows = [a for issue in plan["issues"] for a in issue["activities"]]
    counts = Counter(row["status_at"] for row in rows)
    plan["progress"] = plan_progress(record.data, day)
    plan["status_counts"] = {s: counts.get(s, 0) for s in ("done", "in-progress", "not-started", "dropped")}
    plan["activity_count"] = len(rows)
    return plan


def plan_covering(repo: Repository, start: date, end: date) -> Record | None:
    """The action plan whose period holds `start`..`end` (the latest approved one if several)."""
    covering = [
        p
        for p in repo.of("plan")
        if on_or_before(p.get("period", "from"), start) and (as_date(p.get("period", "to")) or end) >= end
    ]
    covering.sort(key=lambda p: (p.get("status") in ("approved", "revised", "closed"), p.get("period", "from") or ""))
    return covering[-1] if covering else None


def monitoring_report(repo: Repository, period: str, request: Request) -> View:
    """The six-monthly monitoring report of the action plan (R art. 8.5–8.6)."""
    start, end = bounds(period, kinds=("half",), example="2025-H1")
    record = plan_covering(repo, start, end)
    if record is None:
        raise LpscError(_("no action plan covers {period}: a monitoring report needs one").format(period=period))
    names = Names(repo, request.lang)
    plan = plan_at(record, names, end)
    half = period.partition("-")[2]
    entry = next((m for m in plan["monitoring"] if m["period"] == half), None)
    revisions = [r for r in plan["revisions"] if _within(r["date"], start, end)]
    return {
        "period": period,
        "start": start,
        "end": end,
        "plan": plan,
        "monitoring": entry,
        "revisions": revisions,
        "coordination": names.members_with("coordination-secretariat"),
    }


# -- cases --------------------------------------------------------------------------------------


def case_status_at(case: Record, day: date) -> str | None:
    """The status of a case on `day`, from its dated steps; None if not yet referred."""
    return status_on(case.data, day)


def breakdown(values: Iterable[str], order: Iterable[str] = (), *, total: int) -> View:
    """Counts by value, with small counts hidden (see the module's rule on small numbers).

    `rows` are {value, count, shown} in `order` then by value; `withheld` is true when the
    total is too small to break down at all.
    """
    counts = Counter(values)
    ordered = [v for v in order if v in counts] + sorted(v for v in counts if v not in set(order))
    rows: list[dict[str, Any]] = [{"value": v, "count": counts[v], "shown": str(counts[v])} for v in ordered]
    hidden = [row for row in rows if 0 < row["count"] < SMALL]
    if len(hidden) == 1:
        others = sorted((row for row in rows if row["count"] >= SMALL), key=lambda row: row["count"])
        hidden.extend(others[:1])
    for row in hidden:
        row["shown"] = SMALL_LABEL
    return {"rows": rows, "withheld": 0 < total < SMALL, "total": total}


def age_order(band: str) -> tuple[int, str]:
    """Age bands youngest first by their lower bound (0-5, 6-12, 13-17, 18-24, 65+), unknown last."""
    lower = band.split("-")[0].rstrip("+")
    return (int(lower), band) if lower.isdigit() else (1000, band)


def caseload(cases: list[Record], start: date, end: date, index: CaseIndex | None = None) -> View:
    """Aggregate, anonymous figures of the cases open at some time from `start` to `end`
    (each case's open periods read once per loaded repository through its `index`)."""

    def dated(*keys: str) -> list[Record]:
        return [c for c in cases if _within(c.get(*keys), start, end)]

    periods = {c.id: index.periods(c) if index is not None else open_periods(c.data) for c in cases}
    open_cases = [c for c in cases if open_between(periods[c.id], start, end)]
    new = dated("referral", "received")
    windows = [w for c in new if (w := emergency_window(c.data)) is not None]
    status_end = [status_on(c.data, end, periods[c.id]) or "referred" for c in open_cases]
    total = len(open_cases)
    ages = [str(c.get("subject", "age_band") or "unknown") for c in open_cases]
    return {
        "open": total,
        "new": len(new),
        "emergencies": len(windows),
        "emergencies_24h": sum(1 for w in windows if w.in_time),
        "red_flag": sum(1 for c in open_cases if c.get("red_flag") is True),
        "registered": len(dated("registered")),
        "screened": len(dated("screening", "date")),
        "assessed": len(dated("assessment", "date")),
        "isp_approved": len(dated("isp", "approved")),
        "closed": len(dated("closure", "date")),
        "transferred": len(dated("transfer", "date")),
        "active_end": sum(1 for s in status_end if s == "active"),
        "contacts": sum(
            1
            for c in open_cases
            for contact in c.get("contacts", default=[])
            if _within(contact.get("date"), start, end)
        ),
        "reviews": sum(
            1 for c in open_cases for review in c.get("reviews", default=[]) if _within(review.get("date"), start, end)
        ),
        "by_concern": breakdown((k for c in open_cases for k in c.get("concerns", default=[])), CONCERNS, total=total),
        "by_status": breakdown(status_end, (*_SEQUENCE, "closed", "transferred", "not-eligible"), total=total),
        "by_age": breakdown(ages, sorted(set(ages), key=age_order), total=total),
        "by_sex": breakdown((str(c.get("subject", "sex") or "unknown") for c in open_cases), SEXES, total=total),
    }


def prefect_report(repo: Repository, period: str, request: Request) -> View:
    """The case managers' monthly or quarterly report to the Prefect (A §3.5): aggregate only."""
    start, end = bounds(period, kinds=("month", "quarter"), example="2025-03 or 2025-Q1")
    names = Names(repo, request.lang)
    return {
        "period": period,
        "start": start,
        "end": end,
        "kind": "quarterly" if "Q" in period else "monthly",
        "cases": caseload(repo.of("case"), start, end, repo.case_index),
        "case_managers": names.members_with("case-manager"),
    }


# -- annual report ------------------------------------------------------------------------------


def annual_report(repo: Repository, period: str, request: Request) -> View:
    """The annual activity report to the CVE centre and the NCCS (A §3.5)."""
    start, end = bounds(period, kinds=("year",), example="2025")
    names = Names(repo, request.lang)
    meetings = [meeting_view(m, names) for m in repo.of("meeting") if _within(m.get("date"), start, end)]
    meetings.sort(key=lambda m: (m["date"] or "", m["id"]))
    by_type = Counter(m["type"] for m in meetings)
    plan = plan_covering(repo, start, end)
    return {
        "year": period,
        "start": start,
        "end": end,
        "meetings": [m for m in meetings if m["type"] in ("lpsc", "open-consultation")],
        "meeting_counts": [{"type": t, "count": by_type[t]} for t in MEETING_TYPES if by_type[t]],
        "meeting_total": len(meetings),
        "plan": plan_at(plan, names, end) if plan is not None else None,
        "trainings": trainings(repo, names, start, end),
        "cases": caseload(repo.of("case"), start, end, repo.case_index),
        "kpis": kpi_rows(repo, start, end, request),
        "submissions": [
            {
                "kind": r.get("kind"),
                "period": str(r.get("period")),
                "submitted": r.get("submitted"),
                "to": r.get("to", default=[]),
            }
            for r in sorted(repo.of("report"), key=lambda r: (str(r.get("period")), r.id))
            if str(r.get("period") or "").startswith(period) and on_or_before(r.get("submitted"), request.as_of)
        ],
    }


def trainings(repo: Repository, names: Names, start: date, end: date) -> list[View]:
    """Training sessions of the period with their mean pre- and post-test scores."""
    rows = []
    for record in repo.of("training"):
        if not _within(record.get("date"), start, end):
            continue
        people = record.get("participants", default=[])
        rows.append(
            {
                "date": record.get("date"),
                "kind": record.get("kind"),
                "topic": names.text(record.get("topic")),
                "hours": record.get("hours"),
                "participants": len(people),
                "pre": _mean(p.get("pre") for p in people),
                "post": _mean(p.get("post") for p in people),
            }
        )
    return sorted(rows, key=lambda row: row["date"] or "")


def kpi_rows(repo: Repository, start: date, end: date, request: Request) -> list[View]:
    """The council KPI table (A §3.6.3) from `lpsc_cli.indicators`, one row per indicator."""
    return [
        {
            "id": result.id,
            "title": result.title_in(request.lang),
            "unit": result.unit,
            "value": result.value,
            "target": result.target,
            "better": result.better,
            "met": result.met,
            "computable": result.computable,
            "reason": result.reason,
        }
        for result in compute(repo, start=start, end=end, as_of=request.as_of, which="council")
    ]


def _within(value: Any, start: date, end: date) -> bool:
    day = as_date(value)
    return day is not None and start <= day <= end


def _mean(values: Iterable[Any]) -> float | None:
    numbers = [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    return round(sum(numbers) / len(numbers), 1) if numbers else None
