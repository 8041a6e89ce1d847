"""Annex 3, section IV: case management and monitoring.

Follow-up months: a case is under follow-up from its case manager's assignment
(`case_manager.assigned`, else the ISP's approval) until it is closed or transferred, and again
from each re-opening — `lpsc_cli.lifecycle.followed_periods`, which the rule contact-monthly
reads too. A calendar month is due for follow-up when the case was under follow-up for the
whole of it — the months after the month follow-up began (or the case was re-opened), up to the
last whole month before closure or transfer — and the month ended within the period and by the
as-of day.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from lpsc_cli.calendar import period_bounds
from lpsc_cli.i18n import N_
from lpsc_cli.i18n import gettext as _
from lpsc_cli.indicators.registry import Measure, Tally, indicator, not_computable
from lpsc_cli.indicators.scope import whole_months
from lpsc_cli.model import as_date

if TYPE_CHECKING:
    from lpsc_cli.indicators.scope import CaseFile, Scope

#: A case manager is assigned within this many calendar days of ISP approval (A Annex 3 IV);
#: the setting `days` of the rule manager-3d overrides it.
MANAGER_DAYS = 3
#: Without a recorded `due`, a progress report is due this many days after its period ends,
#: like the case managers' reports to the Prefect (A §3.5; setting `days_after` of prefect-reports).
REPORT_DAYS_AFTER = 10
#: Contact kinds that are face-to-face as the guidelines ask (A Annex 3 IV).
IN_PERSON = frozenset({"face-to-face", "home-visit"})
NO_FOLLOW_UP = N_("no case was under follow-up for a whole month of the period")


def follow_up_months(case: CaseFile, scope: Scope) -> list[str]:
    """The months (`YYYY-MM`) due for follow-up of `case` within the period."""
    months: list[str] = []
    for period in case.followed:
        if period.start > scope.last:
            break
        if period.end is not None and period.end < scope.start:
            continue
        until = scope.last if period.end is None else min(scope.last, period.end)
        months.extend(whole_months(max(period.start, scope.start - timedelta(days=1)), until))
    return months


def _followed(scope: Scope) -> list[tuple[CaseFile, list[str]]]:
    """Cases with at least one month due for follow-up in the period, with those months."""
    if "followed" not in scope.shared:
        found = []
        for case in scope.current:
            months = follow_up_months(case, scope)
            if months:
                found.append((case, months))
        scope.shared["followed"] = found
    return scope.shared["followed"]  # type: ignore[no-any-return]


def _contact_dates(case: CaseFile, scope: Scope, kinds: frozenset[str] | None = None) -> list[str]:
    """ISO dates of the case's contacts (of `kinds`) up to the as-of day, as text."""
    return [
        c["date"]
        for c in case.items("contacts")
        if scope.done_by(c.get("date")) and (kinds is None or c.get("kind") in kinds)
    ]


@indicator(
    id="manager-3d",
    set="checklist",
    source="A Annex 3 IV.1",
    unit="percent",
    title=N_("Cases with a case manager within 3 days of ISP approval"),
    definition=N_("""Share of cases assigned to a case manager within 3 days of ISP approval (A Annex 3 IV).

    Denominator: ISPs approved in the period (the date of `isp.approved` decides), except those
    without a manager whose 3 days have not run out on the as-of day. Numerator: those with
    `case_manager.assigned` no more than 3 calendar days after approval (an earlier assignment
    counts). Against: assigned later, or not assigned and overdue.
    """),
)
def manager_in_time(scope: Scope) -> Measure:
    allowance = timedelta(days=scope.threshold("manager-3d", "days", MANAGER_DAYS))
    tally = Tally()
    for case in scope.current:
        if not scope.in_period(case.isp_approved):
            continue
        assert case.isp_approved is not None
        due = case.isp_approved + allowance
        assigned = scope.done(case.get("case_manager", "assigned"))
        if assigned is None:
            if due >= scope.as_of:
                tally.exclude(case.id, _("no case manager yet; due {due}").format(due=due))
            else:
                tally.miss(case.id, _("no case manager assigned; due {due}").format(due=due))
            continue
        late = (assigned - case.isp_approved).days
        tally.judge(
            case.id, assigned <= due, _("case manager assigned {days} days after ISP approval").format(days=late)
        )
    return tally.measure(N_("no ISPs approved in the period"))


@indicator(
    id="monthly-follow-up",
    set="checklist",
    source="A Annex 3 IV.2",
    unit="percent",
    title=N_("Monthly follow-ups conducted (case-months)"),
    definition=N_("""Share of the months due for follow-up that had a contact, over all cases (A Annex 3 IV).

    Counted in case-months (see the module: a month is due when the case was under follow-up
    for the whole month, within the period and by the as-of day). Numerator: due months with at
    least one recorded contact of any kind dated in that month. Against: cases with months
    without a contact (the months are named).
    """),
)
def monthly_follow_up(scope: Scope) -> Measure:
    tally = Tally()
    for case, months in _followed(scope):
        contacted = {d[:7] for d in _contact_dates(case, scope)}
        missed = [m for m in months if m not in contacted]
        tally.hit(case.id, len(months) - len(missed))
        if missed:
            tally.miss(case.id, _("no contact in {months}").format(months=", ".join(missed)), n=len(missed))
    return tally.measure(NO_FOLLOW_UP)


def _report_shortfall(report: dict[str, object], due: date, scope: Scope) -> str | None:
    submitted = scope.done(report.get("submitted"))
    if submitted is None:
        return _("report for {period} not submitted; due {due}").format(period=report.get("period"), due=due)
    if submitted > due:
        return _("report for {period} submitted {submitted}, due {due}").format(
            period=report.get("period"), submitted=submitted, due=due
        )
    return None


def _report_due(report: dict[str, object], days_after: timedelta, ends: dict[str, date | None]) -> date | None:
    """The report's `due`, else `days_after` the end of its period (`ends` caches period ends)."""
    due = report.get("due")
    if due is not None:
        return as_date(due)
    period = str(report.get("period"))
    if period not in ends:
        try:
            ends[period] = period_bounds(period)[1] + days_after
        except ValueError:
            ends[period] = None
    return ends[period]


@indicator(
    id="progress-reports-on-time",
    set="checklist",
    source="A Annex 3 IV.3",
    unit="percent",
    title=N_("Progress reports submitted on time"),
    definition=N_("""Share of case progress reports completed and submitted on time (A Annex 3 IV).

    Denominator: progress reports recorded in case files whose due date is in the period,
    except those not submitted whose due date is the as-of day or later. The due date is the
    report's `due`, else 10 days after the end of its `period` (as for the reports to the
    Prefect, A §3.5). Numerator: those `submitted` on or before the due date. A report whose
    period cannot be read is left out (named). Against: submitted late, or not submitted and
    overdue.
    """),
)
def progress_reports_on_time(scope: Scope) -> Measure:
    days_after = timedelta(days=scope.threshold("prefect-reports", "days_after", REPORT_DAYS_AFTER))
    tally = Tally()
    ends: dict[str, date | None] = {}
    for case in scope.current:
        for report in case.items("progress_reports"):
            due = _report_due(report, days_after, ends)
            if due is None:
                tally.exclude(
                    case.id,
                    _("report for {period}: no due date and no period to derive it").format(
                        period=report.get("period")
                    ),
                )
            elif scope.in_period(due):
                shortfall = _report_shortfall(report, due, scope)
                if shortfall is not None and report.get("submitted") is None and due >= scope.as_of:
                    tally.exclude(
                        case.id,
                        _("report for {period} not yet due ({due})").format(period=report.get("period"), due=due),
                    )
                else:
                    tally.add(case.id, shortfall)
    return tally.measure(N_("no progress reports fell due in the period"))


@indicator(
    id="face-to-face",
    set="checklist",
    source="A Annex 3 IV.4",
    unit="percent",
    title=N_("Cases with a documented face-to-face contact"),
    definition=N_("""Share of cases under follow-up with a documented face-to-face contact (A Annex 3 IV).

    Denominator: cases with at least one month due for follow-up in the period (see the
    module). Numerator: those with a contact of kind face-to-face or home-visit dated in the
    period. Against: only phone or virtual contacts, or none.
    """),
)
def face_to_face(scope: Scope) -> Measure:
    tally = Tally()
    for case, _months in _followed(scope):
        met = any(scope.dated_in_period(day) for day in _contact_dates(case, scope, IN_PERSON))
        tally.judge(case.id, met, _("no face-to-face contact in the period"))
    return tally.measure(NO_FOLLOW_UP)


@indicator(
    id="meetings-case-updates",
    set="checklist",
    source="A Annex 3 IV.5",
    unit="percent",
    title=N_("LPSC meetings with case updates on the agenda"),
    definition=N_("""Share of the LPSC's (quarterly) meetings held with case updates on the agenda (A Annex 3 IV).

    Denominator: meetings of type `lpsc` held in the period (dated up to the as-of day).
    Numerator: those whose `cases_discussed` names at least one case. Against: the others.
    """),
)
def meetings_case_updates(scope: Scope) -> Measure:
    tally = Tally()
    for meeting in scope.lpsc_meetings:
        tally.judge(meeting.id, bool(meeting.get("cases_discussed")), _("no cases discussed"))
    return tally.measure(N_("no LPSC meetings held in the period"))


def support_sectors(case: CaseFile, scope: Scope) -> set[str]:
    """Sectors supporting a case: its ISP goals' areas and responsible institutions' sectors,
    the sectors at its contacts and at the expert consultations held, by the as-of day."""
    sectors: set[str] = set()
    for goal in case.get("isp", "goals", default=[]):
        if goal.get("area"):
            sectors.add(goal["area"])
        sectors.update(s for i in goal.get("responsible") or [] if (s := scope.sector_of.get(i)))
    for contact in case.items("contacts"):
        if scope.done_by(contact.get("date")):
            sectors.update(contact.get("sectors") or [])
    for consultation in case.items("expert_consultations"):
        if consultation.get("held") is True:
            sectors.add(consultation["sector"])
    return sectors


@indicator(
    id="cross-sector-support",
    set="checklist",
    source="A Annex 3 IV.6",
    unit="percent",
    title=N_("Cases receiving cross-sector support"),
    definition=N_("""Share of cases receiving cross-sector support, e.g. education + health + CSO (A Annex 3 IV).

    Denominator: cases with an ISP approved by the last day that counts and open at some time in
    the period after the approval (`lpsc_cli.lifecycle`). Numerator: those supported by at least 2 sectors —
    the areas of the ISP goals, the sectors of the institutions responsible for them, the
    sectors at contacts and at expert consultations held. Against: a single sector or none.
    """),
)
def cross_sector_support(scope: Scope) -> Measure:
    tally = Tally()
    for case in scope.current:
        approved = case.isp_approved
        if approved is None or approved > scope.last or not case.open_between(max(approved, scope.start), scope.last):
            continue
        sectors = sorted(support_sectors(case, scope))
        tally.judge(
            case.id,
            len(sectors) >= 2,
            _("supported by {sectors} only").format(sectors=", ".join(sectors) or _("no sector")),
        )
    return tally.measure(N_("no case had an approved ISP in the period"))


@indicator(
    id="action-logs",
    set="checklist",
    source="A Annex 3 IV.7",
    unit="percent",
    title=N_("Cases with clear action logs and decision rationales"),
    definition=N_("""Share of cases with clear action logs and decision rationales (A Annex 3 IV; Annex 4).

    Not computable: whether a log is "clear" and a rationale sound is a reading of the minutes'
    text and of the case's sealed notes, which the structured records do not hold in clear.
    """),
)
def action_logs(scope: Scope) -> Measure:
    return not_computable(
        _(
            "the clarity of action logs and decision rationales is judged by reading the minutes and the "
            "sealed case notes; the structured records do not show it"
        )
    )
