"""Rules on meetings: how often the council and its secretariat meet, and what each LPSC meeting
owes before and after it (invitation, explanations of absence, press release, minutes).

Per-meeting rules apply to meetings of type `lpsc` whose day falls inside the coverage window,
held or scheduled: a scheduled meeting yields upcoming items (the invitation still to send),
which is what `lpsc deadlines` is for. Meetings are read from the shared index of `Facts`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from lpsc_cli.calendar import add_hours
from lpsc_cli.errors import Severity
from lpsc_cli.i18n import N_, ngettext
from lpsc_cli.i18n import gettext as _
from lpsc_cli.model import as_date, as_datetime
from lpsc_cli.planning import plan_cycle_meetings
from lpsc_cli.rules.base import (
    NORMATIVE_ACT,
    REGULATION,
    Deadline,
    HeldMeeting,
    RuleContext,
    latest,
    listed,
    moment,
    rule,
)

if TYPE_CHECKING:
    from lpsc_cli.repository import Repository

LPSC = "lpsc"
CONSULTATION = "open-consultation"
SECRETARIAT = "coordination-secretariat"


def lpsc_meetings(ctx: RuleContext) -> Iterator[HeldMeeting]:
    """The LPSC meetings inside the coverage window, by day."""
    for meeting in ctx.facts.meetings.get(LPSC, []):
        if ctx.covers(meeting.day):
            yield meeting


def _nth_held(ctx: RuleContext, kind: str, start: date, end: date, n: int) -> date | None:
    """The day of the `n`-th meeting of `kind` held in `start`..`end` (by `as_of`), if any."""
    if n < 1:
        return start
    held = ctx.facts.meetings_between(kind, start, min(end, ctx.as_of))
    return held[n - 1].day if len(held) >= n else None


def _held_per_period(ctx: RuleContext, kind: str, period_kind: str, n: int, what: str) -> Iterator[Deadline | None]:
    """One item per period: met on the day of its `n`-th meeting of `kind`, due on its last day."""
    for period, start, end in ctx.facts.spans(period_kind):
        done = _nth_held(ctx, kind, start, end, n)
        yield ctx.judge(record=None, due=end, done=done, what=what.format(period=period, n=n), period=period)


@rule(
    "meetings-per-year",
    title=N_("The LPSC meets at least twice a year"),
    source="R art. 7.2; A KPI table",
    bases=(REGULATION, NORMATIVE_ACT),
    severity=Severity.ERROR,
    minimum=2,
)
def meetings_per_year(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """LPSC meetings are held at least twice a year (R art. 7.2: "The LPSC meetings are held at
    least twice a year"); the assessment's KPI target is 4, quarterly (A §3.6.3, KPI table).
    One item per calendar year, due 31 December, met on the day of the `minimum`-th meeting.
    A council that adopts quarterly meetings sets `minimum: 4`.
    """
    minimum = ctx.number("minimum")
    what = ngettext("{n} LPSC meeting in {period}", "{n} LPSC meetings in {period}", minimum)
    return _held_per_period(ctx, LPSC, "year", minimum, what)


@rule(
    "invitation-notice",
    title=N_("Invitation, agenda and materials reach members at least 5 working days ahead"),
    source="R art. 7.4; A §3.2.1",
    bases=(REGULATION, NORMATIVE_ACT),
    severity=Severity.ERROR,
    working_days=5,
)
def invitation_notice(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """The invitation with the agenda and the materials is sent to the members at least
    `working_days` (5) working days before an LPSC meeting (R art. 7.4). Under the Normative
    Act the notification of members, with its lead time, follows the Case Methodology Guide
    (A §3.2.1); the same rule applies, its lead time set in `lpsc.yaml`. Due on the day reached
    by stepping back that many working days from the meeting day; met by `invitation.sent`.
    """
    notice = ctx.number("working_days")
    for meeting in lpsc_meetings(ctx):
        record = meeting.record
        sent = as_datetime(record.get("invitation", "sent"))
        due = ctx.calendar.add_working_days(meeting.day, -notice)
        path = ("invitation", "sent") if sent is not None else ("date",)
        what = ngettext(
            "invitation to the LPSC meeting of {day} ({n} working day ahead)",
            "invitation to the LPSC meeting of {day} ({n} working days ahead)",
            notice,
        ).format(day=meeting.day, n=notice)
        yield ctx.judge(record=record, path=path, due=due, done=sent, what=what, unit="working-days")


@rule(
    "absence-explained",
    title=N_("An absent member sends a written explanation"),
    source="A §3.2.1",
    bases=(NORMATIVE_ACT,),
    severity=Severity.WARNING,
    working_days=3,
)
def absence_explained(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """A member who misses an LPSC meeting sends a written explanation (A §3.2.1, on the
    notification and facilitation of meetings under the Normative Act). For every attendance
    entry `excused` or `absent` of a held meeting, the explanation (`explanation_received`) is
    due within `working_days` (3) working days after the meeting; `absent` means none came.
    """
    allowance = ctx.number("working_days")
    for meeting in lpsc_meetings(ctx):
        if meeting.day > ctx.as_of:
            continue
        due = ctx.calendar.add_working_days(meeting.day, allowance)
        for index, entry in enumerate(listed(meeting.record.get("attendance"))):
            if not isinstance(entry, dict) or entry.get("status") not in ("excused", "absent"):
                continue
            received = as_date(entry.get("explanation_received")) if entry.get("status") == "excused" else None
            what = _("written explanation of {member}'s absence from the LPSC meeting of {day}").format(
                member=entry.get("member"), day=meeting.day
            )
            yield ctx.judge(
                record=meeting.record,
                path=("attendance", index),
                due=due,
                done=received,
                what=what,
                unit="working-days",
                key=str(entry.get("member")),
            )


@rule(
    "press-release-24h",
    title=N_("A press release within 24 hours of an LPSC meeting"),
    source="R art. 11.3",
    bases=(REGULATION,),
    severity=Severity.ERROR,
    hours=24,
)
def press_release_24h(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """The chair orders the publication of the press release within 24 hours of the meeting
    (R art. 11.3; its content is R art. 11.1). Counted on the clock in Europe/Tirane from the
    meeting's `end` (else its `start`); a meeting without times is due by the end of the next
    day. Met by `press_release.published`.
    """
    hours = ctx.number("hours")
    for meeting in lpsc_meetings(ctx):
        record = meeting.record
        clock = record.data.get("end") or record.data.get("start")
        anchor = moment(record.data.get("date"), clock) if clock else None
        due: date | datetime = (
            add_hours(anchor, hours) if anchor is not None else meeting.day + timedelta(days=-(-hours // 24))
        )
        published = as_datetime(record.get("press_release", "published"))
        path = ("press_release", "published") if published is not None else ("date",)
        what = ngettext(
            "press release of the LPSC meeting of {day} (within {n} hour)",
            "press release of the LPSC meeting of {day} (within {n} hours)",
            hours,
        ).format(day=meeting.day, n=hours)
        yield ctx.judge(record=record, path=path, due=due, done=published, what=what)


@rule(
    "minutes-signed",
    title=N_("Decisions signed by the chair; minutes recorded and sent to members"),
    source="R art. 7.8, 10.2; A §1.2",
    bases=(REGULATION, NORMATIVE_ACT),
    severity=Severity.WARNING,
    working_days=5,
)
def minutes_signed(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """Decisions adopted at an LPSC meeting are signed by the chair and a copy goes to every
    member (R art. 7.8); the Technical Secretariat records the minutes (R art. 10.2 b) and sends
    them; under the Normative Act (its Point 8, A §1.2) the Technical Secretariat records the
    minutes as well. Due `working_days` (5) working days after the meeting; met on the latest of every
    decision's `signed` and `minutes.sent_to_members` (all of them required).
    """
    allowance = ctx.number("working_days")
    for meeting in lpsc_meetings(ctx):
        record = meeting.record
        decisions = [d for d in listed(record.get("decisions")) if isinstance(d, dict)]
        done = latest(*(d.get("signed") for d in decisions), record.get("minutes", "sent_to_members"))
        due = ctx.calendar.add_working_days(meeting.day, allowance)
        path = ("minutes",) if record.get("minutes") else ("date",)
        what = _("signed decisions and minutes sent to members for the LPSC meeting of {day}").format(day=meeting.day)
        yield ctx.judge(record=record, path=path, due=due, done=done, what=what, unit="working-days")


@rule(
    "minutes-submitted",
    title=N_("Minutes submitted to the national CVE centre and the NCCS"),
    source="A Annex 3 VII",
    bases=(NORMATIVE_ACT,),
    severity=Severity.WARNING,
    working_days=10,
)
def minutes_submitted(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """The minutes of each LPSC meeting are submitted to the national CVE and NCCS structures
    (A Annex 3 VII, "% of minutes submitted to national CVE and NCCS structures"). Due
    `working_days` (10) working days after the meeting; met when both `minutes.submitted.cve`
    and `.nccs` are dated.
    """
    allowance = ctx.number("working_days")
    for meeting in lpsc_meetings(ctx):
        record = meeting.record
        done = latest(record.get("minutes", "submitted", "cve"), record.get("minutes", "submitted", "nccs"))
        due = ctx.calendar.add_working_days(meeting.day, allowance)
        path = ("minutes", "submitted") if record.get("minutes", "submitted") else ("date",)
        what = _("minutes of the LPSC meeting of {day} submitted to CVE and NCCS").format(day=meeting.day)
        yield ctx.judge(record=record, path=path, due=due, done=done, what=what, unit="working-days")


@rule(
    "secretariat-monthly",
    title=N_("The Coordination Secretariat meets at least once a month"),
    source="R art. 9.2",
    bases=(REGULATION,),
    severity=Severity.ERROR,
    minimum=1,
)
def secretariat_monthly(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """The Coordination Secretariat meets periodically, at least once per month, to monitor the
    plan's activities (R art. 9.2). One item per calendar month, due on its last day, met on
    the day of the month's `minimum`-th meeting of type `coordination-secretariat`. Like every
    recurring council obligation, it starts with the council's composition (`lpsc.yaml`
    `composition.date`, the mayor's order, A §3.1): a month is judged when the council was
    composed by its middle day (`lpsc_cli.rules.base.mostly_after`).
    """
    return _held_per_period(
        ctx, SECRETARIAT, "month", ctx.number("minimum"), _("coordination secretariat meeting in {period}")
    )


@rule(
    "consultation-6-months",
    title=N_("An open consultation every six months, followed by an LPSC meeting updating the plan"),
    source="R art. 8.5",
    bases=(REGULATION,),
    severity=Severity.ERROR,
    followup_days=120,
)
def consultation_6_months(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """The plan is monitored through open consultation meetings with the community once in 6
    months; its revision is approved by the LPSC (R art. 8.5; R art. 6.5). Two kinds of item:
    per half-year, an `open-consultation` meeting held in it (due on the half's last day); per
    held consultation, an LPSC meeting after it that approves or revises a plan, due
    `followup_days` (120) calendar days after the consultation. The plans are the one record of
    that (`approved_at`, `revisions[].meeting`, written by `plan approve|revise --meeting`); a
    meeting's legacy `plans` field is not read (`lpsc migrate` moves it into the plans).
    """
    for half, start, end in ctx.facts.spans("half"):
        done = _nth_held(ctx, CONSULTATION, start, end, 1)
        yield ctx.judge(
            record=None,
            due=end,
            done=done,
            what=_("open consultation meeting in {period}").format(period=half),
            period=half,
        )
    followup = ctx.number("followup_days")
    approved, revised = plan_cycle_meetings(repo.of("plan"))
    named = approved.keys() | revised.keys()
    for consultation in ctx.facts.meetings.get(CONSULTATION, []):
        if consultation.day > ctx.as_of or not ctx.covers(consultation.day):
            continue
        due = consultation.day + timedelta(days=followup)
        after = ctx.facts.meetings_between(LPSC, consultation.day, ctx.as_of)
        done = next((m.day for m in after if m.record.id in named), None)
        what = _("LPSC meeting updating the plan after the consultation of {day}").format(day=consultation.day)
        yield ctx.judge(record=consultation.record, path=("date",), due=due, done=done, what=what)
