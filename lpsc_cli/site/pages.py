"""What each page of the site shows, as plain data: one function per page, no HTML here.

Every figure comes from the library that owns it — indicators from `lpsc_cli.indicators`,
obligations from `lpsc_cli.rules`, plan progress from `lpsc_cli.planning` (through the reports'
`plan_at`), case periods and statuses from `lpsc_cli.lifecycle` (through the reports'
`caseload`), small-count suppression from the reports' `breakdown` — so the site, `lpsc kpi`,
`lpsc deadlines` and the reports always agree.

**Public pages** (`Audience.public`) are made from `public_repository(repo)`: every text shown
comes from a field whose schema class is `public`. Figures computed from internal fields (the
KPI values, a plan's percent done, decision and case counts) are shown only as aggregates —
never a case, a case id, a note, a decision's text or a training's topic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from statistics import median
from typing import Any

from lpsc_cli.documents.reports import breakdown, caseload, plan_at, plan_covering, trainings
from lpsc_cli.documents.views import Names, View, council_view, meeting_view, public_repository
from lpsc_cli.indicators import KpiResult, Scope, compute
from lpsc_cli.indicators.scope import case_files
from lpsc_cli.lifecycle import received_on
from lpsc_cli.model import Record, as_date
from lpsc_cli.repository import Repository
from lpsc_cli.rules import OPEN, RULES, Deadline, run_rules
from lpsc_cli.rules import cases as cases_rules
from lpsc_cli.vocabulary import MEETING_TYPES

#: Days ahead that count as "due soon" on the deadlines page.
DUE_SOON_DAYS = 30
#: Steps of a case whose time from the referral the cases page shows (CaseFile attributes).
STEPS: tuple[str, ...] = ("registered", "screened", "assessed", "isp_approved", "closed")


@dataclass(frozen=True, kw_only=True)
class Context:
    """One council seen for one year on one day, by one audience.

    `repo` is the full repository (figures are computed from it); `shown` is what texts are
    taken from: the public view of `repo` on a public site, `repo` itself otherwise.
    """

    repo: Repository
    shown: Repository
    year: int
    as_of: date
    lang: str
    public: bool

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31)

    @property
    def last(self) -> date:
        """The last day that counts: the year's end, or the as-of day within the year."""
        return min(self.end, self.as_of)

    @property
    def names(self) -> Names:
        return Names(self.shown, self.lang)

    @cached_property
    def referred(self) -> dict[int, dict[str, Record]]:
        """The cases by the year their referral was received, in the repository's order; a case
        with no such day is in none (each case's referral read once, for every year shown)."""
        by_year: dict[int, dict[str, Record]] = {}
        for case_id, case in self.repo.records.get("case", {}).items():
            day = received_on(case.data)
            if day is not None:
                by_year.setdefault(day.year, {})[case_id] = case
        return by_year


def context(repo: Repository, *, as_of: date, lang: str, public: bool) -> Context:
    """The context of a council's pages for the year of `as_of`."""
    shown = public_repository(repo) if public else repo
    return Context(repo=repo, shown=shown, year=as_of.year, as_of=as_of, lang=lang, public=public)


# -- overview -----------------------------------------------------------------------------------


def years_held(ctx: Context) -> list[int]:
    """The calendar years the records cover, up to the year shown: from the earliest dated record."""
    repo, until = ctx.repo, ctx.year
    days = [
        as_date(value)
        for value in (
            *(m.get("date") for m in repo.of("meeting")),
            *(t.get("date") for t in repo.of("training")),
            *(p.get("period", "from") for p in repo.of("plan")),
        )
    ]
    years = [d.year for d in days if d is not None] + list(ctx.referred)
    first = min((year for year in years if year <= until), default=until)
    return list(range(first, until + 1))


def referred_in(ctx: Context, year: int) -> Repository:
    """The council's repository with only the cases whose referral was received in `year`.

    The council KPI table looks at no other case (its case rows count the referrals received in
    the period), so its figures for the year are the same on this narrower view; computing a
    year of a long-lived repository's trend then reads that year's cases only.
    """
    return replace(ctx.repo, records={**ctx.repo.records, "case": ctx.referred.get(year, {})})


def kpi_cell(result: KpiResult) -> View:
    """One indicator's figure as the tables show it: value, its parts, and the verdict."""
    return {
        "value": result.value,
        "unit": result.unit,
        "numerator": result.numerator,
        "denominator": result.denominator,
        "met": result.met,
        "computable": result.computable,
        "reason": result.reason,
    }


def kpi_row(result: KpiResult, lang: str) -> View:
    return {
        "id": result.id,
        "title": result.title_in(lang),
        "source": result.source,
        "unit": result.unit,
        "target": result.target,
        "better": result.better,
    }


def overview(ctx: Context, current: Sequence[KpiResult]) -> View:
    """The council KPI table against its targets, with the trend over the years held.

    `current` are the year's results (`compute(..., which="all")`); earlier years are computed
    here with the council set only.
    """
    years = years_held(ctx)
    by_year: dict[int, list[KpiResult]] = {
        year: compute(
            referred_in(ctx, year),
            start=date(year, 1, 1),
            end=date(year, 12, 31),
            as_of=ctx.as_of,
            which="council",
        )
        for year in years[:-1]
    }
    council = [r for r in current if r.set == "council"]
    rows = []
    for index, result in enumerate(council):
        rows.append(
            {
                **kpi_row(result, ctx.lang),
                "trend": [{"year": y, **kpi_cell(by_year[y][index])} for y in years[:-1]],
                "current": kpi_cell(result),
            }
        )
    verdicts = Counter(row["current"]["met"] for row in rows)
    return {
        "years": years,
        "rows": rows,
        "met": verdicts[True],
        "not_met": verdicts[False],
        "no_verdict": verdicts[None],
    }


def checklist(ctx: Context, current: Sequence[KpiResult]) -> list[View]:
    """The case-management checklist (A Annex 3) of the year, one row per indicator."""
    return [{**kpi_row(r, ctx.lang), "current": kpi_cell(r)} for r in current if r.set == "checklist"]


# -- deadlines ----------------------------------------------------------------------------------


#: The rules about single cases (the rest are the council's own obligations).
CASE_RULES: tuple[str, ...] = tuple(
    rule_id for rule_id, rule in RULES.items() if rule.run.__module__ == cases_rules.__name__
)
COUNCIL_RULES: tuple[str, ...] = tuple(rule_id for rule_id in RULES if rule_id not in CASE_RULES)


def _deadline_row(item: Deadline) -> View:
    return {
        "rule": item.rule,
        "title": RULES[item.rule].title,
        "source": RULES[item.rule].source,
        "record": item.record,
        "due": item.due_day,
        "days": item.days,
        "unit": item.unit,
        "status": item.status,
        "severity": str(item.severity),
        "obligation": item.obligation,
        "message": item.message,
    }


def deadlines(ctx: Context) -> View:
    """Overdue and due-soon obligations, and the year's obligations month by month.

    The council's obligations are listed one by one, met or not. Obligations about cases count
    only while open (overdue, due soon, upcoming): they are listed by case id on the internal
    site, and only counted on the public one.
    """
    # the cases' first: their periods, kept with their items, serve the council's Prefect reports
    case_items = run_rules(ctx.repo, as_of=ctx.as_of, within=DUE_SOON_DAYS, only=CASE_RULES, keep=OPEN)
    council = run_rules(ctx.repo, as_of=ctx.as_of, within=DUE_SOON_DAYS, only=COUNCIL_RULES)
    shown = ("overdue", "due-soon")
    listed = [i for i in council if i.status in shown]
    if not ctx.public:
        listed = sorted([*listed, *(i for i in case_items if i.status in shown)], key=Deadline.sort_key)
    due: dict[int, list[Deadline]] = {month: [] for month in range(1, 13)}
    cases_due: dict[int, Counter[str]] = {month: Counter() for month in range(1, 13)}
    for item in council:
        if (day := item.due_day).year == ctx.year:
            due[day.month].append(item)
    for item in case_items:
        if (day := item.due_day).year == ctx.year:
            cases_due[day.month][item.status] += 1
    months = [
        {
            "month": date(ctx.year, month, 1),
            "obligations": [_deadline_row(i) for i in due[month]],
            "case_counts": dict(sorted(cases_due[month].items())),
        }
        for month in range(1, 13)
    ]
    return {
        "overdue": [_deadline_row(i) for i in listed if i.status == "overdue"],
        "due_soon": [_deadline_row(i) for i in listed if i.status == "due-soon"],
        "case_overdue": sum(1 for i in case_items if i.status == "overdue"),
        "case_due_soon": sum(1 for i in case_items if i.status == "due-soon"),
        "months": months,
        "within": DUE_SOON_DAYS,
    }


# -- plan ---------------------------------------------------------------------------------------


def plan(ctx: Context) -> View | None:
    """The action plan covering the year: items, activities, responsible institutions, timing,
    each activity's progress on the last day that counts, and the monitoring periods."""
    record = plan_covering(ctx.repo, ctx.start, ctx.end)
    if record is None:
        return None
    full = plan_at(record, Names(ctx.repo, ctx.lang), ctx.last)
    shown = ctx.shown.get("plan", record.id)
    view = plan_at(shown, ctx.names, ctx.last) if ctx.public and shown is not None else full
    for item, figures in zip(view["issues"], full["issues"], strict=True):
        for activity, measured in zip(item["activities"], figures["activities"], strict=True):
            activity["status_at"] = measured["status_at"]
            activity["percent_at"] = measured["percent_at"]
            if ctx.public:
                activity["progress"], activity["last"] = [], None
        item["progress"] = figures["progress"]
    view["progress"] = full["progress"]
    view["status_counts"] = full["status_counts"]
    view["activity_count"] = full["activity_count"]
    return view


# -- meetings -----------------------------------------------------------------------------------


def _in_year(ctx: Context, value: Any) -> bool:
    day = as_date(value)
    return day is not None and day.year == ctx.year


def meetings(ctx: Context) -> View:
    """The year's meetings: type, date, attendance rate, decisions and press release."""
    rows = []
    for record in ctx.repo.of("meeting"):
        if not _in_year(ctx, record.get("date")):
            continue
        shown = ctx.shown.get("meeting", record.id) or record
        view = meeting_view(shown, ctx.names)
        taking_part, total = view["participation"]["taking_part"], view["participation"]["total"]
        decisions = record.get("decisions", default=[])
        rows.append(
            {
                **view,
                "held": (as_date(record.get("date")) or ctx.as_of) <= ctx.as_of,
                "attendance_rate": round(taking_part * 100 / total, 1) if total else None,
                "decision_count": len(decisions),
                "decisions": [] if ctx.public else view["decisions"],
            }
        )
    rows.sort(key=lambda m: (str(m["date"]), m["id"]))
    return {"rows": rows, "by_quarter": meetings_by_quarter(rows)}


def meetings_by_quarter(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[int]]:
    """Meetings held (on or before the as-of day) per quarter, by type."""
    counts = {kind: [0, 0, 0, 0] for kind in MEETING_TYPES}
    for row in rows:
        day = as_date(row["date"])
        if day is not None and row["held"] and row["type"] in counts:
            counts[row["type"]][(day.month - 1) // 3] += 1
    return {kind: values for kind, values in counts.items() if any(values)}


# -- trainings ----------------------------------------------------------------------------------


def training_page(ctx: Context) -> View:
    """The year's training sessions with participants and mean pre/post scores.

    The public site shows the sessions by number only (no date, topic or kind: not public).
    """
    sessions = trainings(ctx.repo, Names(ctx.repo, ctx.lang), ctx.start, ctx.last)
    rows = [
        {
            "number": index,
            "date": None if ctx.public else s["date"],
            "kind": None if ctx.public else s["kind"],
            "topic": None if ctx.public else s["topic"],
            "hours": None if ctx.public else s["hours"],
            "participants": s["participants"],
            "pre": s["pre"],
            "post": s["post"],
        }
        for index, s in enumerate(sessions, start=1)
    ]
    return {"rows": rows, "participants": sum(r["participants"] for r in rows)}


# -- cases --------------------------------------------------------------------------------------


def _month_breakdown(days: Iterable[date], year: int) -> View:
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    values = [f"{d.year}-{d.month:02d}" for d in days]
    table = breakdown(values, months, total=len(values))
    present = {row["value"] for row in table["rows"]}
    table["rows"] = sorted(
        [*table["rows"], *({"value": m, "count": 0, "shown": "0"} for m in months if m not in present)],
        key=lambda row: row["value"],
    )
    return table


def case_load(ctx: Context) -> View:
    """The reports' aggregate figures of the cases open in the year (see `caseload`).

    Only the cases that can count in them are handed over: those open in the year or with a
    step dated in it (`CaseFile.dated_between`, read once for the indicators too); `caseload`
    counts nothing of the others, so its figures are those of every case.
    """
    first, last = ctx.start, ctx.last
    counted = [case.record for case in case_files(ctx.repo) if case.dated_between(first, last)]
    return caseload(counted, first, last, ctx.repo.case_index)


def cases(ctx: Context, current: Sequence[KpiResult], load: View) -> View:
    """Aggregate case figures of the year, small counts suppressed as in the reports.

    Referrals received in the year (the referrals indicator's own list) by month, concern and
    referring institution; the cases open in the year by status at its end (the reports'
    caseload); and the time from the referral to each step.
    """
    scope = Scope(referred_in(ctx, ctx.year), start=ctx.start, end=ctx.end, as_of=ctx.as_of)
    referrals = scope.referrals
    total = len(referrals)
    names = Names(ctx.repo, ctx.lang)
    referrers = (names.institution(c.get("referral", "referred_by")) or "—" for c in referrals)
    return {
        "referrals": total,
        "load": load,
        "by_month": _month_breakdown((c.received_day for c in referrals if c.received_day), ctx.year),
        "by_referrer": breakdown(referrers, total=total),
        "steps": step_durations(referrals),
        "checklist": checklist(ctx, current),
    }


def step_durations(referrals: Sequence[Any]) -> list[View]:
    """Days from the referral to each step, over the year's referrals that reached it.

    Fewer than three cases: withheld (a mean of one or two cases describes those cases).
    """
    rows = []
    for step in STEPS:
        spans = [
            (day - case.received_day).days
            for case in referrals
            if case.received_day is not None and (day := getattr(case, step)) is not None
        ]
        withheld = 0 < len(spans) < 3
        rows.append(
            {
                "step": step,
                "cases": len(spans),
                "mean": None if withheld or not spans else round(sum(spans) / len(spans), 1),
                "median": None if withheld or not spans else float(median(spans)),
                "withheld": withheld,
            }
        )
    return rows


def public_cases(load: View) -> View:
    """What the public site shows of the cases: totals and the concern breakdown, suppressed."""
    return {"open": load["open"], "new": load["new"], "by_concern": load["by_concern"]}


def council_header(ctx: Context) -> View:
    return council_view(ctx.shown, ctx.lang)
