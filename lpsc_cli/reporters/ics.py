"""`lpsc deadlines --format ics`: the council's deadlines as events a calendar app shows.

Google Calendar and Outlook show events, not to-dos, in their day, week and month views, so
every open obligation is a VEVENT (RFC 5545):

* an **all-day event** on the due day when the deadline is a day (working-day and calendar-day
  rules), a **timed event** at the due moment (Europe/Tirane) for the 24-hour rules;
* marked free (`TRANSP:TRANSPARENT`) so that it never blocks time in a diary;
* a **reminder** (VALARM, `DISPLAY`) `view.remind` working days before the due day (holidays and
  the council's closures skipped), at 09:00 for all-day events and at the due time for timed ones;
* a **summary** a person reads, in `view.language`: what is owed and for which record, e.g.
  `Ftesa për mbledhjen e KVSP 17 dhjetor 2025` / `Invitation for the LPSC meeting of
  17 December 2025`;
* a **description** that does not go stale: the due date, the rule with its source, and the
  record's file; never "in 6 working days".

Meetings scheduled from the as-of day on are events of their own (their times and location).

UIDs are stable: an obligation's UID is a digest of its rule, record, place in the record,
period and stable id (`Deadline.id`), never its due date, the day judged nor the language, so
that the same obligation keeps its UID when the records change its due date, on every run and
in both languages; a meeting's is its id.
DTSTAMP is midnight UTC of the day judged, so the same records and day give the same bytes.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

from babel.dates import format_date, format_time
from icalendar import Alarm, Calendar, Event, Timezone

from lpsc_cli.calendar import TIRANE, WorkingCalendar, period_bounds
from lpsc_cli.i18n import LOCALES, N_, Translator
from lpsc_cli.model import Record, as_date, as_datetime, text
from lpsc_cli.reporters import DeadlineView
from lpsc_cli.rules import RULES, Deadline, DeadlineReport

#: When the reminder of an all-day event rings, on the reminder day.
REMINDER_TIME = time(9, 0)

#: What is owed, per rule: `{subject}` is the record (or period) it is owed for.
OBLIGATIONS: dict[str, str] = {
    "meetings-per-year": N_("LPSC meetings for {subject}"),
    "invitation-notice": N_("Invitation for {subject}"),
    "absence-explained": N_("Written explanation of absence from {subject}"),
    "press-release-24h": N_("Press release on {subject}"),
    "minutes-signed": N_("Signed decisions and minutes of {subject}"),
    "minutes-submitted": N_("Minutes of {subject} to the CVE centre and the NCCS"),
    "secretariat-monthly": N_("Coordination Secretariat meeting for {subject}"),
    "consultation-6-months": N_("Open consultation and LPSC follow-up for {subject}"),
    "plan-annual": N_("Approved action plan for {subject}"),
    "plan-monitoring": N_("Plan monitoring report for {subject}"),
    "plan-published": N_("Publication by the member institutions of {subject}"),
    "activity-due": N_("Plan activity of {subject}"),
    "chair-reports-council": N_("Chair's report to the municipal council for {subject}"),
    "annual-report": N_("Annual activity report for {subject}"),
    "prefect-reports": N_("Report to the Prefect for {subject}"),
    "confidentiality-declared": N_("Confidentiality declaration of {subject}"),
    "screening-5wd": N_("Screening of the referral of {subject}"),
    "emergency-24h": N_("Emergency referral addressed: {subject}"),
    "manager-3d": N_("Case manager assigned for {subject}"),
    "contact-monthly": N_("Monthly follow-up contact for {subject}"),
    "isp-review": N_("Review of the individual support plan of {subject}"),
    "consent-recorded": N_("Informed consent for {subject}"),
    "red-flag-reported": N_("Report to the CVE coordinators of {subject}"),
    "closure-complete": N_("Closure report and exit notification for {subject}"),
    "transfer-documented": N_("Transfer documentation for {subject}"),
    "training-refresher": N_("LPSC training for {subject}"),
}

#: A meeting as the object of an obligation (`{date}` in words), per meeting type.
MEETINGS_OF: dict[str, str] = {
    "lpsc": N_("the LPSC meeting of {date}"),
    "open-consultation": N_("the open consultation of {date}"),
    "coordination-secretariat": N_("the Coordination Secretariat meeting of {date}"),
    "ad-hoc": N_("the ad-hoc LPSC meeting of {date}"),
    "task-force": N_("the task force meeting of {date}"),
}

#: Other records as the object of an obligation, per kind.
RECORDS_OF: dict[str, str] = {
    "case": N_("case {id}"),
    "member": N_("member {id}"),
    "plan": N_("plan {id}"),
    "report": N_("report {id}"),
    "meeting": N_("meeting {id}"),
}

#: A scheduled meeting as an event of its own, per meeting type.
MEETING_EVENTS: dict[str, str] = {
    "lpsc": N_("LPSC meeting"),
    "open-consultation": N_("Open consultation meeting"),
    "coordination-secretariat": N_("Coordination Secretariat meeting"),
    "ad-hoc": N_("Ad-hoc LPSC meeting"),
    "task-force": N_("Task force meeting"),
}

LABELS: dict[str, str] = {
    "calendar": N_("{council}: LPSC deadlines"),
    "due": N_("Due"),
    "rule": N_("Rule"),
    "record": N_("Record"),
    "remind": N_("Reminder"),
}

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


def _in(message: str, language: str) -> str:
    """A message of the tables above in `language` (through the catalogs)."""
    return Translator(language).gettext(message)


def uid(*parts: object, council: str) -> str:
    """A stable UID from the parts that identify an obligation or a meeting."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:24]
    return f"{digest}@{council}.lpsc.invalid"


def long_day(day: date, language: str) -> str:
    """`17 dhjetor 2025` / `17 December 2025`."""
    return str(format_date(day, format="long", locale=LOCALES.get(language, "en_GB")))


PERIOD_PARTS: dict[str, str] = {
    "H1": N_("the first half of {year}"),
    "H2": N_("the second half of {year}"),
    "Q": N_("quarter {n} of {year}"),
}


def period_words(period: str, language: str) -> str:
    """A period id in words: `2025`, `dhjetor 2025` / `December 2025`, `the first half of 2025`."""
    try:
        first, _last = period_bounds(period)
    except ValueError:
        return period
    part = period.partition("-")[2]
    if not part:
        return period
    if part in PERIOD_PARTS:
        return _in(PERIOD_PARTS[part], language).format(year=first.year)
    if part.startswith("Q"):
        return _in(PERIOD_PARTS["Q"], language).format(n=part[1:], year=first.year)
    return str(format_date(first, format="LLLL y", locale=LOCALES.get(language, "en_GB")))


def _moment(value: date | datetime, language: str) -> str:
    if isinstance(value, datetime):
        clock = format_time(value, format="HH:mm", locale=LOCALES.get(language, "en_GB"))
        return f"{long_day(value.date(), language)}, {clock}"
    return long_day(value, language)


def subject(item: Deadline, record: Record | None, language: str) -> str:
    """The record (or period) an obligation is owed for, as the summary names it."""
    if record is not None and record.kind == "meeting" and (day := as_date(record.data.get("date"))) is not None:
        kind = str(record.data.get("type", "lpsc"))
        named = _in(MEETINGS_OF.get(kind, MEETINGS_OF["lpsc"]), language).format(date=long_day(day, language))
    elif item.record is not None:
        kind = record.kind if record is not None else ""
        named = (_in(RECORDS_OF[kind], language) if kind in RECORDS_OF else "{id}").format(id=item.record)
    else:
        return period_words(item.period, language) if item.period else ""
    if item.period and item.period not in named:
        return f"{named} ({period_words(item.period, language)})"
    return named


def summary(item: Deadline, record: Record | None, language: str) -> str:
    """What is owed and for what, in the council's language."""
    template = OBLIGATIONS.get(item.rule)
    named = subject(item, record, language)
    if template is None:
        title = _in(RULES[item.rule].title, language) if item.rule in RULES else item.rule
        return f"{title}: {named}" if named else title
    return _in(template, language).format(subject=named).strip()


def description(item: Deadline, language: str) -> str:
    """The due date, the rule and its source, the obligation and the file: nothing relative."""
    rule = RULES.get(item.rule)
    lines = [f"{_in(LABELS['due'], language)}: {_moment(item.due, language)}"]
    lines.append(
        f"{_in(LABELS['rule'], language)}: {item.rule}"
        + (f" ({rule.source}): {_in(rule.title, language)}" if rule else "")
    )
    lines.append(item.obligation)
    if item.file:
        lines.append(f"{_in(LABELS['record'], language)}: {item.file}")
    return "\n".join(lines)


def _local(value: date | datetime) -> date | datetime:
    return value.replace(tzinfo=TIRANE) if isinstance(value, datetime) and value.tzinfo is None else value


def _stamp(day: date) -> datetime:
    """DTSTAMP: midnight UTC of the day judged, not the clock, so that output is reproducible."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def reminder_offset(due: date | datetime, *, days: int, calendar: WorkingCalendar) -> timedelta:
    """From an event's start to its reminder: `days` working days before the due day.

    All-day events (a date) are reminded at 09:00 of that day, timed ones at their own time.
    """
    if isinstance(due, datetime):
        day = calendar.add_working_days(due.date(), -days)
        return datetime.combine(day, due.time()) - due.replace(tzinfo=None)
    day = calendar.add_working_days(due, -days)
    return datetime.combine(day, REMINDER_TIME) - datetime.combine(due, time(0, 0))


def _obligation_event(item: Deadline, key: tuple[str, ...], report: DeadlineReport, view: DeadlineView) -> Event:
    record = view.records.get(item.file or "")
    title = summary(item, record, view.language)
    event = Event()
    event.add("uid", uid(*key, council=report.council))
    event.add("dtstamp", _stamp(report.as_of))
    due = _local(item.due)
    event.add("dtstart", due)
    event.add("dtend", due if isinstance(due, datetime) else due + timedelta(days=1))
    event.add("summary", title)
    event.add("description", description(item, view.language))
    event.add("transp", "TRANSPARENT")
    event.add("categories", [item.rule])
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"{_in(LABELS['remind'], view.language)}: {title}")
    alarm.add("trigger", reminder_offset(item.due, days=view.remind, calendar=view.calendar))
    event.add_component(alarm)
    return event


def _meeting_event(meeting: Record, report: DeadlineReport, language: str) -> Event:
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
    name = _in(MEETING_EVENTS[kind], language) if kind in MEETING_EVENTS else kind
    event.add("summary", f"{name} ({meeting.id})")
    location = text(meeting.data.get("location"), language)
    if location:
        event.add("location", location)
    event.add("categories", [kind])
    return event


def _keys(items: list[Deadline]) -> list[tuple[str, ...]]:
    """What identifies each obligation (no due date), numbered where two would share it."""
    seen: Counter[tuple[str, ...]] = Counter()
    keys: list[tuple[str, ...]] = []
    for item in items:
        # the obligation's stable id, not its wording: a UID is the same in every language
        key = (item.rule, item.record or "", str(item.path), item.period or "", item.id)
        seen[key] += 1
        keys.append(key if seen[key] == 1 else (*key, str(seen[key])))
    return keys


def ics_report(report: DeadlineReport, *, view: DeadlineView) -> bytes:
    """An RFC 5545 calendar: a VEVENT with a reminder per open obligation, one per scheduled meeting."""
    calendar = Calendar()
    calendar.add("prodid", "-//lpsc//deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _in(LABELS["calendar"], view.language).format(council=report.council))
    calendar.add("x-wr-timezone", "Europe/Tirane")
    calendar.add_component(Timezone.from_ical(_VTIMEZONE))
    items = [item for item in report.items if item.is_open]
    for item, key in zip(items, _keys(items), strict=True):
        calendar.add_component(_obligation_event(item, key, report, view))
    for meeting in report.meetings:
        calendar.add_component(_meeting_event(meeting, report, view.language))
    return bytes(calendar.to_ical())
