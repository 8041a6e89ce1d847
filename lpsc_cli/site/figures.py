"""The site's charts: page data turned into `ChartData`, drawn by `lpsc_cli.charts`.

Each function takes what a page already holds and returns the chart of it, so the chart, its
table and the page always show the same figures. Words (titles, series names) come from the
site's catalogue, given as `words`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from lpsc_cli.charts import ChartData, Series
from lpsc_cli.documents.reports import SMALL_LABEL
from lpsc_cli.documents.views import View

Words = Callable[[str], str]
Label = Callable[[Any, str], Any]


def meetings_per_quarter(meetings: View, words: Words, label: Label) -> ChartData:
    """Meetings held per quarter, stacked by type."""
    by_quarter: Mapping[str, list[int]] = meetings["by_quarter"]
    return ChartData(
        id="meetings-per-quarter",
        title=words("chart_meetings"),
        categories=("Q1", "Q2", "Q3", "Q4"),
        series=tuple(Series(str(label(kind, "meeting_type")), tuple(counts)) for kind, counts in by_quarter.items()),
        kind="stacked",
        unit=words("meetings"),
    )


def _counted(table: View) -> tuple[tuple[float | None, ...], tuple[str, ...]]:
    """Values to draw (None where a count is withheld) and the texts of the table's cells."""
    rows = table["rows"]
    if table["withheld"]:
        return tuple(None for _ in rows), tuple(SMALL_LABEL if row["count"] else "0" for row in rows)
    values = tuple(float(row["count"]) if row["shown"] == str(row["count"]) else None for row in rows)
    return values, tuple(str(row["shown"]) for row in rows)


def referrals_per_month(cases: View, words: Words) -> ChartData:
    """Referrals received per month (counts of 1 and 2 withheld)."""
    table = cases["by_month"]
    values, shown = _counted(table)
    return ChartData(
        id="referrals-per-month",
        title=words("chart_referrals"),
        categories=tuple(str(row["value"])[5:] for row in table["rows"]),
        series=(Series(words("referrals"), values),),
        unit=words("referrals"),
        shown=(shown,),
    )


def case_outcomes(cases: View, words: Words, label: Label) -> ChartData:
    """Cases open in the year by their status at its end (counts of 1 and 2 withheld)."""
    table = cases["load"]["by_status"]
    values, shown = _counted(table)
    return ChartData(
        id="case-outcomes",
        title=words("chart_outcomes"),
        categories=tuple(str(label(row["value"], "case_status")) for row in table["rows"]),
        series=(Series(words("cases"), values),),
        unit=words("cases"),
        shown=(shown,),
    )


def plan_progress(plan: View, words: Words) -> ChartData:
    """Progress of each plan item, in percent (weighted over its activities)."""
    issues = plan["issues"]
    return ChartData(
        id="plan-progress",
        title=words("chart_plan"),
        categories=tuple(_short(f"{i['number'] or ''} {i['issue'] or ''}".strip()) for i in issues),
        series=(Series(words("progress"), tuple(i["progress"] for i in issues)),),
        kind="progress",
        unit="%",
    )


def _short(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def training_gains(trainings: View, words: Words, dates: Callable[[Any], str]) -> ChartData:
    """Mean pre- and post-test score of each session."""
    rows = trainings["rows"]
    categories = tuple(dates(r["date"]) if r["date"] else f"{words('session')} {r['number']}" for r in rows)
    return ChartData(
        id="training-gains",
        title=words("chart_training"),
        categories=categories,
        series=(
            Series(words("pre_test"), tuple(r["pre"] for r in rows)),
            Series(words("post_test"), tuple(r["post"] for r in rows)),
        ),
        unit=words("mean_score"),
    )


def council_comparison(comparison: View, words: Words) -> ChartData:
    """One small chart per counted or shared indicator: the councils side by side, the target line."""
    rows = [row for row in comparison["rows"] if row["unit"] in ("count", "percent")]
    return ChartData(
        id="council-comparison",
        title=words("chart_comparison"),
        categories=tuple(comparison["councils_short"]),
        series=tuple(
            Series(
                row["title"],
                tuple(_number(cell["value"]) for cell in row["cells"]),
                target=float(row["target"]) if isinstance(row["target"], int | float) else None,
            )
            for row in rows
        ),
        kind="panels",
    )


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
