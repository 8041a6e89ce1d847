"""The computed tables of an export: the indicators (KPI table) and the obligations.

These are not in the record files: lpsc computes them at export time, for the period and the
day judged given, with the same functions as `lpsc kpi` and `lpsc deadlines`; the database
shows them through the views `kpi` and `obligations`.

The tables are machine output: the obligations are written in English whatever the language
of the run (`obligation_table`), as `lpsc deadlines --format json` writes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from lpsc_cli import i18n
from lpsc_cli.export.tables import Column, Table, TableSpec
from lpsc_cli.indicators import compute
from lpsc_cli.rules import run_rules

if TYPE_CHECKING:
    from lpsc_cli.repository import Repository


@dataclass(frozen=True, slots=True)
class Period:
    """The period the indicators cover and the day everything is judged on."""

    start: date
    end: date
    as_of: date


def _columns(*named: tuple[str, str, str]) -> tuple[Column, ...]:
    return tuple(
        Column(name, (name,), sql_type, description, "public", "date" if sql_type == "DATE" else None)
        for name, sql_type, description in named
    )


KPI = TableSpec(
    name="kpi_results",
    kind="kpi",
    title="KPI results",
    description="Every indicator of the council KPI table (A §3.6.3) and the case-management checklist "
    "(A Annex 3), computed by lpsc for the period given when the export was made.",
    columns=_columns(
        ("set", "TEXT", "council (the KPI table) or checklist (A Annex 3)"),
        ("id", "TEXT", "The indicator's id."),
        ("title_en", "TEXT", "Title in English."),
        ("title_sq", "TEXT", "Title in Albanian."),
        ("unit", "TEXT", "percent, count, days or yes-no."),
        ("value", "", "The figure (empty when not computable); yes-no as 1/0."),
        ("numerator", "REAL", "What was counted."),
        ("denominator", "INTEGER", "Out of how many."),
        ("target", "", "The target, from the assessment or lpsc.yaml."),
        ("met", "BOOLEAN", "Whether the target is met (empty without a target or a value)."),
        ("better", "TEXT", "Which way is better: higher or lower."),
        ("computable", "BOOLEAN", "Whether the records support the indicator."),
        ("reason", "TEXT", "Why there is no figure, when there is none."),
        ("source", "TEXT", "Where the indicator is defined (the assessment's section)."),
        ("period_from", "DATE", "First day of the period."),
        ("period_to", "DATE", "Last day of the period."),
        ("as_of", "DATE", "The day judged."),
    ),
)

OBLIGATIONS = TableSpec(
    name="obligation_results",
    kind="obligation",
    title="Obligations",
    description="Every obligation and deadline of the regulation and the Normative Act (SPEC §4) with its "
    "status on the day judged, as `lpsc deadlines --status all` lists them.",
    columns=_columns(
        ("rule", "TEXT", "The rule's id."),
        ("record", "TEXT", "The record concerned (empty for council-wide obligations)."),
        ("file", "TEXT", "Its file, relative to the repository."),
        ("obligation", "TEXT", "What is owed."),
        ("due", "DATETIME", "When it is due."),
        ("status", "TEXT", "overdue, due-soon, upcoming, met or met-late."),
        ("days", "INTEGER", "Days left (+) or late (-); for a met item, the margin."),
        ("unit", "TEXT", "working or calendar days."),
        ("severity", "TEXT", "error or warning."),
        ("done", "DATETIME", "When it was done (empty if not by the day judged)."),
        ("period", "TEXT", "The period of a periodic obligation."),
        ("as_of", "DATE", "The day judged."),
    ),
)


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    return value.isoformat()


def kpi_table(repos: list[Repository], period: Period, start_row: int = 1) -> Table:
    """One row per indicator and council."""
    rows: list[tuple[Any, ...]] = []
    for repo in repos:
        with i18n.speaking(i18n.DEFAULT):  # the reasons, like the obligations, are machine output
            results = compute(repo, start=period.start, end=period.end, as_of=period.as_of, which="all")
        for r in results:
            rows.append(
                (
                    len(rows) + start_row,
                    repo.council,
                    r.set,
                    r.id,
                    r.title_in("en"),
                    r.title_in("sq"),
                    r.unit,
                    r.value,
                    r.numerator,
                    r.denominator,
                    r.target,
                    r.met,
                    r.better,
                    r.computable,
                    r.reason,
                    r.source,
                    period.start.isoformat(),
                    period.end.isoformat(),
                    period.as_of.isoformat(),
                )
            )
    return Table(KPI, rows)


def obligation_table(repos: list[Repository], period: Period) -> Table:
    """One row per obligation and council, overdue first, then by due date; in English."""
    rows: list[tuple[Any, ...]] = []
    for repo in repos:
        with i18n.speaking(i18n.DEFAULT):
            found = run_rules(repo, as_of=period.as_of)
        for d in found:
            rows.append(
                (
                    len(rows) + 1,
                    repo.council,
                    d.rule,
                    d.record,
                    d.file,
                    d.obligation,
                    _iso(d.due),
                    d.status,
                    d.days,
                    d.unit,
                    str(d.severity),
                    _iso(d.done),
                    d.period,
                    period.as_of.isoformat(),
                )
            )
    return Table(OBLIGATIONS, rows)
