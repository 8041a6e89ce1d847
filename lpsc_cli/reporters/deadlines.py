"""Reporters for `lpsc deadlines`: text (a Rich table), json, and ics (RFC 5545), by name.

Each takes a `DeadlineReport` and returns text or bytes; the CLI decides where it goes.
`RULE_REPORTERS` list the rules themselves (`lpsc deadlines --list-rules`).

* text — one row per obligation, overdue first then by due date: due, days left (+) or late
  (−) with their unit (`wd` working days, `d` calendar days), status, rule, record, and what
  is owed; then a count per status.
* json — `{"as_of", "within", "counts", "items": [{"rule", "record", "due", "status", "days",
  "unit", "done", "period", "severity", "file", "message"}]}`.
* ics — a VCALENDAR with one VTODO per open obligation (due date, or date-time in
  Europe/Tirane) and one VEVENT per meeting scheduled from `as_of` on. UIDs are derived from
  rule, record, due date and place in the record (meetings: their id), and DTSTAMP from
  `as_of`, so the same records give the same file on every run.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from lpsc_cli.calendar import TIRANE
from lpsc_cli.model import Record, as_datetime, text
from lpsc_cli.rules import RULES, STATUSES, Deadline, DeadlineReport

Reporter = Callable[..., "str | bytes"]

_UNIT = {"working-days": "wd", "days": "d"}
_STYLE = {"overdue": "bold red", "due-soon": "yellow", "upcoming": "", "met": "green", "met-late": "magenta"}


def counts(report: DeadlineReport) -> dict[str, int]:
    return {status: report.count(status) for status in STATUSES}


def _days(item: Deadline) -> str:
    return f"{item.days:+d} {_UNIT[item.unit]}" if item.days else f"0 {_UNIT[item.unit]}"


def text_report(report: DeadlineReport, *, width: int | None = None) -> str:
    """A Rich table of the obligations, and a line with the count per status."""
    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(file=buffer, width=width or 100, color_system=None, highlight=False, soft_wrap=False)
    heading = f"Deadlines of {report.council} as of {report.as_of} (due soon: within {report.within} days)"
    console.print(heading)
    if report.items:
        table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
        for name, justify in (("Due", "left"), ("Days", "right"), ("Status", "left"), ("Rule", "left")):
            table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
        table.add_column("Record", no_wrap=True)
        table.add_column("Obligation", ratio=1, overflow="fold")
        for item in report.items:
            due = item.due.strftime("%Y-%m-%d %H:%M") if isinstance(item.due, datetime) else item.due.isoformat()
            table.add_row(
                due,
                _days(item),
                item.status,
                item.rule,
                item.record or item.period or "-",
                item.obligation or item.message,
                style=_STYLE[item.status] or None,
            )
        console.print(table)
    else:
        console.print("No obligations to show.")
    summary = ", ".join(f"{n} {status}" for status, n in counts(report).items() if n)
    console.print(summary or "0 items")
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def json_report(report: DeadlineReport) -> str:
    document: dict[str, Any] = {
        "as_of": report.as_of.isoformat(),
        "within": report.within,
        "counts": counts(report),
        "items": [item.as_dict() for item in report.items],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


_VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/Tirane
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""


def uid(*parts: object, council: str) -> str:
    """A stable UID from the parts that identify an obligation or a meeting."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:24]
    return f"{digest}@{council}.lpsc.invalid"


def _local(value: date | datetime) -> date | datetime:
    return value.replace(tzinfo=TIRANE) if isinstance(value, datetime) and value.tzinfo is None else value


def ics_report(report: DeadlineReport, *, language: str = "en") -> bytes:
    """An RFC 5545 calendar: VTODO per open obligation, VEVENT per scheduled meeting."""
    from icalendar import Calendar, Timezone, Todo

    calendar = Calendar()
    calendar.add("prodid", "-//lpsc//deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{report.council}: LPSC deadlines")
    calendar.add("x-wr-timezone", "Europe/Tirane")
    calendar.add_component(Timezone.from_ical(_VTIMEZONE))
    for item in report.items:
        if not item.is_open:
            continue
        todo = Todo()
        todo.add(
            "uid", uid(item.rule, item.record, item.due.isoformat(), item.path, item.period, council=report.council)
        )
        todo.add("dtstamp", _stamp(report.as_of))
        todo.add("summary", f"{item.rule}: {item.record or item.period or report.council}")
        todo.add("description", item.message)
        todo.add("due", _local(item.due))
        todo.add("status", "NEEDS-ACTION")
        todo.add("priority", 1 if item.status == "overdue" else 5)
        todo.add("categories", [item.rule])
        calendar.add_component(todo)
    for meeting in report.meetings:
        calendar.add_component(_meeting_event(meeting, report, language))
    return bytes(calendar.to_ical())


def _stamp(day: date) -> datetime:
    """DTSTAMP: midnight UTC of the day judged, not the clock, so that output is reproducible."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _meeting_event(meeting: Record, report: DeadlineReport, language: str) -> Any:
    from icalendar import Event

    event = Event()
    event.add("uid", uid("meeting", meeting.id, council=report.council))
    event.add("dtstamp", _stamp(report.as_of))
    day = str(meeting.data.get("date"))
    start = as_datetime(f"{day}T{meeting.data['start']}") if meeting.data.get("start") else None
    end = as_datetime(f"{day}T{meeting.data['end']}") if meeting.data.get("end") else None
    if start is not None:
        event.add("dtstart", _local(start))
        event.add("dtend", _local(end if end is not None and end > start else start + timedelta(hours=2)))
    else:
        first = date.fromisoformat(day)
        event.add("dtstart", first)
        event.add("dtend", first + timedelta(days=1))
    kind = str(meeting.data.get("type", "meeting"))
    event.add("summary", f"{_MEETING_NAMES.get(kind, kind)} ({meeting.id})")
    location = text(meeting.data.get("location"), language)
    if location:
        event.add("location", location)
    event.add("categories", [kind])
    return event


_MEETING_NAMES = {
    "lpsc": "LPSC meeting",
    "open-consultation": "Open consultation meeting",
    "coordination-secretariat": "Coordination Secretariat meeting",
    "ad-hoc": "Ad-hoc LPSC meeting",
    "task-force": "Task force meeting",
}

REPORTERS: dict[str, Reporter] = {"text": text_report, "json": json_report, "ics": ics_report}


def rules_text(settings: Mapping[str, Mapping[str, Any]]) -> str:
    """One line per rule: id, severity (off when disabled), thresholds, source and title."""
    lines = []
    for rule_id, rule in RULES.items():
        resolved = settings[rule_id]
        state = resolved["severity"] if resolved["enabled"] else "off"
        limits = " ".join(f"{k}={resolved[k]}" for k in rule.defaults)
        lines.append(f"{rule_id:<26} {state:<8} {limits:<34} {rule.source}: {rule.title}".rstrip())
    return "\n".join(lines) + "\n"


def rules_json(settings: Mapping[str, Mapping[str, Any]]) -> str:
    """`{"rules": [{"id", "title", "source", "enabled", "severity", "thresholds", "citation"}]}`."""
    rules = [
        {
            "id": rule_id,
            "title": rule.title,
            "source": rule.source,
            "enabled": settings[rule_id]["enabled"],
            "severity": settings[rule_id]["severity"],
            "thresholds": {k: settings[rule_id][k] for k in rule.defaults},
            "citation": " ".join(rule.citation.split()),
        }
        for rule_id, rule in RULES.items()
    ]
    return json.dumps({"rules": rules}, ensure_ascii=False, indent=2) + "\n"


RULE_REPORTERS: dict[str, Callable[[Mapping[str, Mapping[str, Any]]], str]] = {"text": rules_text, "json": rules_json}
