"""Reporters for `lpsc kpi`: a Rich table, JSON and CSV, by name; `--explain` through the view.

All take a `KpiReport` (built by `lpsc_cli.indicators.report.kpi_report`: the period, the
as-of day and one column of results per council) and a `KpiView`. The JSON shape is SPEC §3's,
with a few added keys (`as_of`, and per indicator `set`, `unit`, `source`, `computable`,
`reason`, `against`). With `view.explain` set to an indicator's id, text is the explanation of
that indicator (its definition and the records behind its figure) and JSON that indicator
only, with its definition and the records counted and left out; CSV has no explanation.
"""

from __future__ import annotations

import io
import json
import textwrap
from dataclasses import dataclass
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from lpsc_cli.i18n import N_, format_number
from lpsc_cli.i18n import gettext as _
from lpsc_cli.indicators import KpiResult
from lpsc_cli.indicators.report import KpiReport
from lpsc_cli.reporters import Registry, View
from lpsc_cli.reporters.spreadsheet import Cell, csv_text


@dataclass(frozen=True, kw_only=True)
class KpiView(View):
    """`explain`: the id of the indicator to explain (None: the whole table)."""

    explain: str | None = None


MET, NOT_MET, NONE = "✓", "✗", "—"
SET_TITLES = {
    "council": N_("Council KPI table (A §3.6.3)"),
    "checklist": N_("Case-management checklist (A Annex 3)"),
}


def _number(value: float) -> str:
    """A figure as the active language writes it, with Babel, to at most 3 decimals: `83.3` / `83,3`."""
    return format_number(value, digits=3)


def _yes_no(value: object) -> str:
    return _("yes") if value else _("no")


def format_target(result: KpiResult) -> str:
    """The target as the table shows it: `≥ 4`, `≥ 75 %`, `yes`, `≤ 3 d`; empty when none."""
    target = result.target
    if target is None:
        return ""
    if result.unit == "yes/no":
        return _yes_no(target)
    sign = "≥" if result.better == "higher" else "≤"
    suffix = {"percent": " %", "days": " " + _("d")}.get(result.unit, "")
    return f"{sign} {_number(target)}{suffix}"


def format_value(result: KpiResult) -> str:
    """The value with its parts: `83.3 % (5/6)`, `2.5 d (n=4)`, `4`, `yes`; `n/a` or `not computable`."""
    value = result.value
    if value is None:
        return _("not computable") if not result.computable else (_("not yet due") if _pending(result) else _("n/a"))
    if result.unit == "yes/no":
        return _yes_no(value)
    if result.unit == "percent":
        return f"{_number(value)} % ({_number(result.numerator or 0)}/{result.denominator})"
    if result.unit == "days":
        return f"{_number(value)} {_('d')} (n={result.denominator})"
    return str(value)


def _pending(result: KpiResult) -> bool:
    return result.pending


def mark(result: KpiResult) -> str:
    """✓ met, ✗ not met, — no value; a blank when there is a value but no target."""
    if result.value is None:
        return NONE
    if result.met is None:
        return " "
    return MET if result.met else NOT_MET


def _rows(report: KpiReport) -> list[tuple[KpiResult, list[KpiResult]]]:
    """Each indicator (as the first council has it) with its result in every council."""
    first = report.councils[0].results
    return [(result, [council.results[index] for council in report.councils]) for index, result in enumerate(first)]


def text(report: KpiReport, *, view: KpiView) -> str:
    """A Rich table: one row per indicator, one column per council, marks for met and not met.

    With `view.explain`, the explanation of that indicator instead (see `explain`).
    """
    if view.explain is not None:
        return explain(report, view.explain)
    table = Table(
        title=_("KPIs {start} – {end} (as of {day})").format(start=report.start, end=report.end, day=report.as_of),
        box=box.SIMPLE_HEAD,
        show_lines=False,
        title_justify="left",
    )
    table.add_column(_("Indicator"), ratio=3, overflow="fold")
    table.add_column(_("ID"), no_wrap=True, style="dim")
    table.add_column(_("Target"), no_wrap=True)
    for council in report.councils:
        table.add_column(council.council, no_wrap=True)
    current = None
    for result, cells in _rows(report):
        if result.set != current:
            if current is not None:
                table.add_section()
            current = result.set
            table.add_row(f"[bold]{_(SET_TITLES[result.set])}[/bold]", "", "", *[""] * len(cells))
        table.add_row(
            result.title_in(report.lang),
            result.id,
            format_target(result),
            *(f"{mark(cell)} {format_value(cell)}" for cell in cells),
        )
    buffer = io.StringIO()
    console = Console(file=buffer, width=view.width or 100, highlight=False, no_color=True, soft_wrap=False)
    console.print(table)
    console.print(
        _("{met} met   {not_met} not met   {none} no value (n/a or not computable)   explain: --explain ID").format(
            met=MET, not_met=NOT_MET, none=NONE
        )
    )
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def kpi_dict(result: KpiResult, lang: str, *, details: bool = False) -> dict[str, Any]:
    """One indicator as JSON: SPEC §3's keys first, then the added ones."""
    entry: dict[str, Any] = {
        "id": result.id,
        "title": result.title_in(lang),
        "value": result.value,
        "numerator": result.numerator,
        "denominator": result.denominator,
        "target": result.target,
        "met": result.met,
        "records": result.record_ids,
        "set": result.set,
        "unit": result.unit,
        "source": result.source,
        "computable": result.computable,
        "reason": result.reason,
        "against": [{"record": a.record, "reason": a.reason} for a in result.records],
    }
    if details:
        entry["definition"] = result.definition
        entry["counted"] = list(result.counted)
        entry["excluded"] = [{"record": a.record, "reason": a.reason} for a in result.excluded]
    return entry


def as_dict(report: KpiReport, *, only: str | None = None) -> dict[str, Any]:
    return {
        "period": {"from": report.start.isoformat(), "to": report.end.isoformat()},
        "as_of": report.as_of.isoformat(),
        "councils": [
            {
                "council": council.council,
                "kpis": [
                    kpi_dict(r, report.lang, details=only is not None)
                    for r in council.results
                    if only is None or r.id == only
                ],
            }
            for council in report.councils
        ],
    }


def json_report(report: KpiReport, *, view: KpiView) -> str:
    """SPEC §3's JSON; with `view.explain`, that indicator only, with its details."""
    return json.dumps(as_dict(report, only=view.explain), ensure_ascii=False, indent=2) + "\n"


def _csv_value(result: KpiResult) -> Cell:
    if result.value is None:
        return ""
    if isinstance(result.value, bool):
        return _yes_no(result.value)
    return result.value


def csv_report(report: KpiReport, *, view: KpiView) -> str:
    """One row per indicator, one column per council (the value; empty when there is none)."""
    return csv_text(
        ["id", "title", "unit", "target", *(c.council for c in report.councils)],
        (
            [
                result.id,
                result.title_in(report.lang),
                result.unit,
                "" if result.target is None else format_target(result),
                *map(_csv_value, cells),
            ]
            for result, cells in _rows(report)
        ),
    )


def explain(report: KpiReport, kpi: str) -> str:
    """The definition of one indicator and, per council, the records behind its figure."""
    lines: list[str] = []
    for index, council in enumerate(report.councils):
        result = next(r for r in council.results if r.id == kpi)
        if index == 0:
            lines += [f"{result.id}: {result.title_in(report.lang)} ({result.source})", "", result.definition, ""]
        lines.append(_verdict(council.council, result))
        if result.reason:
            lines.append(f"  {result.reason}")
        lines += _listing(N_("Counts against ({n}):"), [(a.record, a.reason) for a in result.records])
        if result.counted:
            ids = textwrap.fill(", ".join(result.counted), width=96, initial_indent="    ", subsequent_indent="    ")
            lines += ["  " + _("Counted ({n}):").format(n=len(result.counted)), ids]
        lines += _listing(N_("Left out ({n}):"), [(a.record, a.reason) for a in result.excluded])
        lines.append("")
    return "\n".join(lines)


def _verdict(council: str, result: KpiResult) -> str:
    target = format_target(result)
    verdict = {True: _("met"), False: _("not met"), None: _("no verdict")}[result.met] if target else _("no target")
    value = f"{mark(result)} {format_value(result)}".strip()
    return f"{council}: {value}" + (_(", target {target}").format(target=target) if target else "") + f" — {verdict}"


def _listing(heading: str, items: list[tuple[str, str]]) -> list[str]:
    if not items:
        return []
    width = max(len(record) for record, _ in items)
    body = [f"    {record.ljust(width)}  {reason}".rstrip() for record, reason in items]
    return ["  " + _(heading).format(n=len(items)), *body]


REPORTERS: Registry[KpiReport, KpiView] = {"text": text, "json": json_report, "csv": csv_report}
