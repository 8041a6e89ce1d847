"""Reporters for `lpsc deadlines`: text (a Rich table), json, and ics (RFC 5545), by name.

Each is `reporter(report, *, view)`: a `DeadlineReport` and a `DeadlineView`, returning text or
bytes; the CLI decides where it goes. `RULE_REPORTERS`, under the same contract, list
the rules themselves (`lpsc deadlines --list-rules`).

* text — one row per obligation, overdue first then by due date: due, days left (+) or late
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

from rich.console import Console
from rich.table import Table

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
_STYLE = {"overdue": "bold red", "due-soon": "yellow", "upcoming": "", "met": "green", "met-late": "magenta"}


def counts(report: DeadlineReport) -> dict[str, int]:
    return {status: report.count(status) for status in STATUSES}


def _days(item: Deadline) -> str:
    unit = _(_UNIT[item.unit])
    return f"{item.days:+d} {unit}" if item.days else f"0 {unit}"


def text_report(report: DeadlineReport, *, view: DeadlineView) -> str:
    """A Rich table of the obligations, and a line with the count per status."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=view.width or 100, color_system=None, highlight=False, soft_wrap=False)
    heading = ngettext(
        "Deadlines of {council} as of {day} (due soon: within {n} day)",
        "Deadlines of {council} as of {day} (due soon: within {n} days)",
        report.within,
    ).format(council=report.council, day=report.as_of, n=report.within)
    console.print(heading)
    if report.items:
        table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
        for name, justify in ((_("Due"), "left"), (_("Days"), "right"), (_("Status"), "left"), (_("Rule"), "left")):
            table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
        table.add_column(_("Record"), no_wrap=True)
        table.add_column(_("Obligation"), ratio=1, overflow="fold")
        for item in report.items:
            due = item.due.strftime("%Y-%m-%d %H:%M") if isinstance(item.due, datetime) else item.due.isoformat()
            table.add_row(
                due,
                _days(item),
                _(STATUS_WORDS[item.status]),
                item.rule,
                item.record or item.period or "-",
                item.obligation or item.message,
                style=_STYLE[item.status] or None,
            )
        console.print(table)
    else:
        console.print(_("No obligations to show."))
    summary = ", ".join(f"{n} {_(STATUS_WORDS[status])}" for status, n in counts(report).items() if n)
    console.print(summary or _("0 items"))
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


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
