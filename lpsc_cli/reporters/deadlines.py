"""Reporters for `lpsc deadlines`: text (a table), json, and ics (RFC 5545), by name.

Each is `reporter(report, *, view)`: a `DeadlineReport` and a `DeadlineView`, returning text or
bytes; the CLI decides where it goes. `RULE_REPORTERS`, under the same contract, list
the rules themselves (`lpsc deadlines --list-rules`).

* text — a table, one row per obligation, overdue first then by due date: due, days left (+) or late
  (−) with their unit (`wd` working days, `d` calendar days), status, rule, record, and what
  is owed; then a count per status.
* json — `{"as_of", "within", "counts", "items": [{"rule", "record", "due", "status", "days",
  "unit", "done", "period", "severity", "file", "message"}]}`.
* ics — calendar events with reminders, in the council's language (`lpsc_cli.reporters.ics`).
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from lpsc_cli.i18n import N_, ngettext
from lpsc_cli.i18n import gettext as _
from lpsc_cli.reporters import DeadlineView, Registry, View
from lpsc_cli.reporters.ics import ics_report
from lpsc_cli.rules import STATUSES, Deadline, DeadlineReport, RuleListing

#: Every rule with whether it applies and why (`lpsc_cli.rules.rule_listing`), for `--list-rules`.
RuleTable = Sequence[RuleListing]


#: The units of `days` as the table abbreviates them (working days, calendar days).
_UNIT = {"working-days": N_("wd"), "days": N_("d")}
#: The statuses as people read them (the ids stay in JSON and in `--fail-on`).
STATUS_WORDS = {
    "overdue": N_("overdue"),
    "due-soon": N_("due-soon"),
    "upcoming": N_("upcoming"),
    "met": N_("met"),
    "met-late": N_("met-late"),
}


def counts(report: DeadlineReport) -> dict[str, int]:
    return {status: report.count(status) for status in STATUSES}


def _days(item: Deadline) -> str:
    unit = _(_UNIT[item.unit])
    return f"{item.days:+d} {unit}" if item.days else f"0 {unit}"


def text_report(report: DeadlineReport, *, view: DeadlineView) -> str:
    """The obligations as a table, and a line with the count per status.

    The table is laid out as a Rich table with no box would lay it out (the columns as wide as
    their longest cell, two spaces apart, the obligation wrapped to what is left of the
    width), but row by row: Rich measures and renders every cell of the whole table, which
    took three quarters of `lpsc deadlines` on a council with thousands of obligations. Rich
    still writes the heading and the count line, and wraps an obligation that does not fit;
    a width too narrow for the other columns is left to Rich's own table.
    """
    buffer = io.StringIO()
    console = Console(file=buffer, width=view.width or 100, color_system=None, highlight=False, soft_wrap=False)
    heading = ngettext(
        "Deadlines of {council} as of {day} (due soon: within {n} day)",
        "Deadlines of {council} as of {day} (due soon: within {n} days)",
        report.within,
    ).format(council=report.council, day=report.as_of, n=report.within)
    console.print(heading)
    if report.items:
        header = (_("Due"), _("Days"), _("Status"), _("Rule"), _("Record"), _("Obligation"))
        rows = [
            (
                item.due.strftime("%Y-%m-%d %H:%M") if isinstance(item.due, datetime) else item.due.isoformat(),
                _days(item),
                _(STATUS_WORDS[item.status]),
                item.rule,
                item.record or item.period or "-",
                item.obligation or item.message,
            )
            for item in report.items
        ]
        lines = _table_lines(console, header, rows)
        if lines is None:
            console.print(_rich_table(header, rows))
        else:
            buffer.write("".join(line + "\n" for line in lines))
    else:
        console.print(_("No obligations to show."))
    summary = ", ".join(f"{n} {_(STATUS_WORDS[status])}" for status, n in counts(report).items() if n)
    console.print(summary or _("0 items"))
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


#: The columns of the table whose text is right-aligned (days left or late).
_RIGHT = frozenset({1})


def _table_lines(console: Console, header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str] | None:
    """The table's lines: every column but the last as wide as its widest cell and never
    wrapped, the last one wrapped (Rich's word wrap, long words folded) to the width left.
    None when the fixed columns leave no room (Rich's table then shares out the shortfall)."""
    table = [header, *rows]
    # the same few texts fill most cells (days, statuses, rules): each is measured once
    widths: dict[str, int] = {}

    def measured(text: str) -> int:
        width = widths.get(text)
        if width is None:
            width = widths[text] = cell_len(text)
        return width

    fixed = [max(measured(row[column]) for row in table) for column in range(len(header) - 1)]
    # a space after the first column, two between columns, one before the last
    room = console.width - sum(fixed) - 2 * (len(header) - 2) - 2
    widest = max(measured(line) for row in table for line in row[-1].splitlines() or [""])
    width = min(widest, room)
    if width < 1:
        return None
    lines = []
    for number, row in enumerate(table):
        last = row[-1]
        wrapped = (
            [last]
            if "\n" not in last and measured(last) <= width
            else [line.plain for line in Text(last, overflow="fold").wrap(console, width, overflow="fold")]
        ) or [""]
        # the other cells stand on the first line of a row, and on the last of the header
        beside = len(wrapped) - 1 if number == 0 else 0
        for at, text in enumerate(wrapped):
            cells = []
            for column, column_width in enumerate(fixed):
                cell = row[column] if at == beside else ""
                space = " " * (column_width - measured(cell))
                cells.append(space + cell if column in _RIGHT else cell + space)
            lines.append("  ".join(cells) + "  " + text)
    return lines


def _rich_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for name, justify in zip(header[:4], ("left", "right", "left", "left"), strict=True):
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    table.add_column(header[4], no_wrap=True)
    table.add_column(header[5], ratio=1, overflow="fold")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


def json_report(report: DeadlineReport, *, view: DeadlineView) -> str:
    document: dict[str, Any] = {
        "as_of": report.as_of.isoformat(),
        "within": report.within,
        "counts": counts(report),
        "items": [item.as_dict() for item in report.items],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


REPORTERS: Registry[DeadlineReport, DeadlineView] = {"text": text_report, "json": json_report, "ics": ics_report}


def rules_text(listing: RuleTable, *, view: View) -> str:
    """Two lines per rule: id, severity (off when it does not apply), thresholds, source and
    title; then why it applies or not (its legal basis against the council's)."""
    lines = []
    for rule in listing:
        state = rule.severity if rule.applies else _("off")
        limits = " ".join(f"{k}={v}" for k, v in rule.thresholds.items())
        lines.append(f"{rule.id:<26} {state:<8} {limits:<34} {rule.source}: {_(rule.title)}".rstrip())
        lines.append(f"{'':<26} {rule.reason}")
    return "\n".join(lines) + "\n"


def rules_json(listing: RuleTable, *, view: View) -> str:
    """`{"rules": [{"id", "title", "source", "bases", "applies", "enabled", "reason", "severity",
    "thresholds", "citation"}]}` (`enabled` is `applies`, kept for scripts written before)."""
    rules = [{**rule.as_dict(), "enabled": rule.applies} for rule in listing]
    return json.dumps({"rules": rules}, ensure_ascii=False, indent=2) + "\n"


RULE_REPORTERS: Registry[RuleTable, View] = {"text": rules_text, "json": rules_json}
