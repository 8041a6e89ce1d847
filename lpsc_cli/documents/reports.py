"""What the period reports show: plan monitoring, the annual activity report, the Prefect report.

A report covers a period (`2025`, `2025-H1`, `2025-Q1`, `2025-03`) and judges every record as it
stood on the period's last day, from the dates in the records — never from today's state — so
that a report on last March reads the same whenever it is made.

**Plan activities at a day** (monitoring, annual): the progress of an activity on day D is the
`percent` of its last progress entry dated on or before D; its status is `dropped` if the
activity was dropped, `done` if that percent is 100, `in-progress` if there is such an entry,
and `not-started` otherwise — except that an activity whose progress is not dated at all keeps
its recorded status. A plan's progress is the average of its activities' progress weighted by
`weight` (default 1), dropped activities left out.

**Cases at a day** (Prefect, annual): the status of a case on day D follows the latest step
dated on or before D: closure, transfer, not-eligible screening, case manager assigned or ISP
approved (active), ISP prepared (planning), assessment, screening, registration, and referral.

**Small numbers** (Prefect, annual): case figures go out in aggregate and anonymous — never an
id or a code. Totals are shown as they are. A breakdown (by concern, status, age band, sex,
group) whose total is below 3 is withheld; in the others, counts of 1 and 2 are shown as
"< 3", and when only one count of a breakdown would be hidden, the next-smallest count is
hidden too, so that no hidden count can be worked out from the total.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from lpsc_cli.documents.builders import Request
from lpsc_cli.documents.views import Names, View, meeting_view, on_or_before, plan_view
from lpsc_cli.errors import LpscError, UsageError
from lpsc_cli.model import Record, as_date
from lpsc_cli.repository import Repository

#: Counts below this are hidden in breakdowns of case figures.
SMALL = 3
SMALL_LABEL = f"< {SMALL}"
_SEQUENCE = ("referred", "registered", "screening", "assessment", "planning", "active")


def bounds(period: str, *, kinds: tuple[str, ...], example: str) -> tuple[date, date]:
    """First and last day of a period id of one of `kinds` (year, half, quarter, month)."""
    from lpsc_cli.calendar import period_bounds

    part = period.partition("-")[2]
    kind = "year" if not part else {"H": "half", "Q": "quarter"}.get(part[0], "month")
    try:
        if kind not in kinds:
            raise ValueError(period)
        return period_bounds(period)
    except ValueError:
        raise UsageError(f"'{period}' is not a period this report covers (for example {example})") from None


def last_period(kind: str, as_of: date) -> str:
    """The last `kind` period (year, half, month) that ended before `as_of`: what a report covers
    when no period is given."""
    from datetime import timedelta

    from lpsc_cli.calendar import period_bounds, period_of

    current_start = period_bounds(period_of(kind, as_of))[0]
    return period_of(kind, current_start - timedelta(days=1))


# -- plan activities ----------------------------------------------------------------------------


def activity_at(activity: View, day: date) -> View:
    """An activity's status and progress on `day`, with its last note up to then."""
    entries = [p for p in activity["progress"] if on_or_before(p["date"], day)]
    last = entries[-1] if entries else None
    percent = last["percent"] if last is not None and last["percent"] is not None else None
    if activity["status"] == "dropped":
        status = "dropped"
    elif not activity["progress"]:
        status = activity["status"] or "not-started"
    elif last is None:
        status = "not-started"
    else:
        status = "done" if percent == 100 else "in-progress"
    if status == "done":
        percent = 100
    return {**activity, "status_at": status, "percent_at": percent or 0, "last": last}


def plan_progress(rows: Iterable[View]) -> float | None:
    """The weighted average progress of activities (dropped ones left out), 0–100."""
    weighted = [(float(row["weight"] or 1), float(row["percent_at"])) for row in rows if row["status_at"] != "dropped"]
    total = sum(weight for weight, _ in weighted)
    return round(sum(w * p for w, p in weighted) / total, 1) if total else None


def plan_at(record: Record, names: Names, day: date) -> View:
    """A plan with each activity judged on `day`, its progress and its status counts."""
    plan = plan_view(record, names)
    for issue in plan["issues"]:
        issue["activities"] = [activity_at(a, day) for a in issue["activities"]]
    rows = [a for issue in plan["issues"] for a in issue["activities"]]
    counts = Counter(row["status_at"] for row in rows)
    plan["progress"] = plan_progress(rows)
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
        raise LpscError(f"no action plan covers {period}: a monitoring report needs one")
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
    get = case.get
    if not on_or_before(get("referral", "received"), day):
        return None
    if on_or_before(get("closure", "date"), day):
        return "closed"
    if on_or_before(get("transfer", "date"), day):
        return "transferred"
    if get("screening", "outcome") == "not-eligible" and on_or_before(get("screening", "date"), day):
        return "not-eligible"
    steps = (
        ("active", (get("case_manager", "assigned"), get("isp", "approved"))),
        ("planning", (get("isp", "prepared"),)),
        ("assessment", (get("assessment", "date"),)),
        ("screening", (get("screening", "date"),)),
        ("registered", (get("registered"),)),
    )
    for status, dates in steps:
        if any(on_or_before(value, day) for value in dates):
            return status
    return "referred"


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


def caseload(cases: list[Record], start: date, end: date) -> View:
    """Aggregate, anonymous figures of the cases open at some time from `start` to `end`."""

    def dated(*keys: str) -> list[Record]:
        return [c for c in cases if _within(c.get(*keys), start, end)]

    def closed_before(case: Record) -> bool:
        left = [as_date(case.get("closure", "date")), as_date(case.get("transfer", "date"))]
        if case.get("screening", "outcome") == "not-eligible":
            left.append(as_date(case.get("screening", "date")))
        return any(day is not None and day < start for day in left)

    open_cases = [c for c in cases if on_or_before(c.get("referral", "received"), end) and not closed_before(c)]
    new = dated("referral", "received")
    emergencies = [c for c in new if c.get("referral", "emergency") is True]
    waits = [_hours(c.get("referral", "received"), c.get("referral", "addressed_at")) for c in emergencies]
    status_end = [case_status_at(c, end) or "referred" for c in open_cases]
    total = len(open_cases)
    return {
        "open": total,
        "new": len(new),
        "emergencies": len(emergencies),
        "emergencies_24h": sum(1 for hours in waits if hours is not None and hours <= 24),
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
        "by_age": breakdown((str(c.get("subject", "age_band") or "unknown") for c in open_cases), total=total),
        "by_sex": breakdown(
            (str(c.get("subject", "sex") or "unknown") for c in open_cases), ("F", "M", "X"), total=total
        ),
    }


CONCERNS = (
    "p-cve",
    "domestic-violence",
    "child-protection",
    "mental-health",
    "school-bullying",
    "trafficking",
    "drugs",
    "other",
)


def prefect_report(repo: Repository, period: str, request: Request) -> View:
    """The case managers' monthly or quarterly report to the Prefect (A §3.5): aggregate only."""
    start, end = bounds(period, kinds=("month", "quarter"), example="2025-03 or 2025-Q1")
    names = Names(repo, request.lang)
    return {
        "period": period,
        "start": start,
        "end": end,
        "kind": "quarterly" if "Q" in period else "monthly",
        "cases": caseload(repo.of("case"), start, end),
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
        "cases": caseload(repo.of("case"), start, end),
        "kpis": kpi_rows(repo, start, end, request),
        "submissions": [
            {
                "kind": r.get("kind"),
                "period": str(r.get("period")),
                "submitted": r.get("submitted"),
                "to": r.get("to", default=[]),
            }
            for r in sorted(repo.of("report"), key=lambda r: (str(r.get("period")), r.id))
            if str(r.get("period") or "").startswith(period)
        ],
    }


MEETING_TYPES = ("lpsc", "open-consultation", "coordination-secretariat", "ad-hoc", "task-force")


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
    from lpsc_cli.indicators import compute

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


def _hours(first: Any, second: Any) -> float | None:
    """Clock hours between two record date-times (Europe/Tirane), None if either is missing."""
    from lpsc_cli.calendar import hours_between
    from lpsc_cli.model import as_datetime

    a, b = as_datetime(first), as_datetime(second)
    return None if a is None or b is None else hours_between(a, b)


def _mean(values: Iterable[Any]) -> float | None:
    numbers = [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    return round(sum(numbers) / len(numbers), 1) if numbers else None
