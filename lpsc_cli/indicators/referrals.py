"""Annex 3, section I: referral and screening.

Every indicator here looks at the referrals received in the period: the date of
`referral.received` decides whether a case belongs to it.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING

from lpsc_cli.i18n import N_
from lpsc_cli.i18n import gettext as _
from lpsc_cli.indicators.registry import Against, Measure, Tally, indicator, not_applicable
from lpsc_cli.lifecycle import EMERGENCY_HOURS, NATIONAL_CVE, EmergencyWindow, emergency_window
from lpsc_cli.model import as_date

if TYPE_CHECKING:
    from lpsc_cli.indicators.scope import CaseFile, Scope

#: A referral is screened and triaged within this many working days (A Annex 3 I); the
#: setting `working_days` of the rule screening-5wd in `lpsc.yaml` overrides it.
SCREENING_WORKING_DAYS = 5
#: Concerns on which the police must be told of a referral (offences it acts on).
POLICE_CONCERNS = frozenset({"domestic-violence", "trafficking", "drugs"})
NO_REFERRALS = N_("no referrals received in the period")


@indicator(
    id="referral-forms-complete",
    set="checklist",
    source="A Annex 3 I.1",
    unit="percent",
    title=N_("Referrals with complete referral forms"),
    definition=N_("""Share of referrals with a complete and properly filled form (A Annex 3 I; Annex 1).

    Denominator: referrals received in the period. Numerator: those with
    `referral.form_complete: true`. A referral whose form completeness is not recorded counts
    against, as does one with an incomplete form (its `missing` fields are named).
    """),
)
def referral_forms_complete(scope: Scope) -> Measure:
    tally = Tally()
    for case in scope.referrals:
        complete = case.get("referral", "form_complete")
        if complete is None:
            reason = _("form completeness not recorded")
        else:
            missing = case.get("referral", "missing", default=[])
            reason = (
                _("form incomplete (missing: {fields})").format(fields=", ".join(missing))
                if missing
                else _("form incomplete")
            )
        tally.judge(case.id, complete is True, reason)
    return tally.measure(NO_REFERRALS)


@indicator(
    id="referral-to-registration-days",
    set="checklist",
    source="A Annex 3 I.2",
    unit="days",
    better="lower",
    title=N_("Average days from referral to registration"),
    definition=N_("""Average calendar days from receiving a referral to registering the case (A Annex 3 I).

    Over the referrals received in the period that have a `registered` date: the mean of
    `registered` minus the day of `referral.received`, in calendar days (0 = same day).
    Numerator: the total of those days; denominator: the number of registered referrals.
    Referrals not registered (yet) are left out.
    """),
)
def referral_to_registration(scope: Scope) -> Measure:
    total = 0
    counted: list[str] = []
    excluded: list[Against] = []
    for case in scope.referrals:
        if case.registered is None or case.received_day is None or case.registered > scope.as_of:
            excluded.append(Against(case.id, _("not registered")))
            continue
        total += (case.registered - case.received_day).days
        counted.append(case.id)
    if not counted:
        return Measure(
            denominator=0, excluded=tuple(excluded), reason=not_applicable(N_("no registered referrals in the period"))
        )
    return Measure(numerator=total, denominator=len(counted), counted=tuple(counted), excluded=tuple(excluded))


@indicator(
    id="screened-5wd",
    set="checklist",
    source="A Annex 3 I.3",
    unit="percent",
    title=N_("Referrals screened within 5 working days"),
    definition=N_("""Share of referrals screened and triaged within 5 working days (A Annex 3 I).

    Denominator: referrals received in the period, except those not yet screened whose deadline
    has not passed on the as-of day. The deadline is the day reached by stepping 5 working days
    forward from the day of receipt (the day of receipt never counts; weekends, Albanian public
    holidays with their observed days and the council's closures are skipped). Numerator: those
    with `screening.date` on or before the deadline. Against: screened late, or not screened
    and overdue.
    """),
)
def screened_in_time(scope: Scope) -> Measure:
    calendar = scope.calendar
    allowance = scope.threshold("screening-5wd", "working_days", SCREENING_WORKING_DAYS)
    tally = Tally()
    for case in scope.referrals:
        assert case.received_day is not None
        due = calendar.add_working_days(case.received_day, allowance)
        screened = case.screened if case.screened is not None and case.screened <= scope.as_of else None
        if screened is None:
            if due >= scope.as_of:
                tally.exclude(case.id, _("not screened yet; due {due}").format(due=due))
            else:
                tally.miss(case.id, _("not screened; due {due}").format(due=due))
            continue
        taken = calendar.working_days_between(case.received_day, screened)
        tally.judge(
            case.id,
            screened <= due,
            _("screened on {day}, {days} working days after referral (due {due})").format(
                day=screened, days=taken, due=due
            ),
        )
    return tally.measure(NO_REFERRALS)


def _addressed_in_time(window: EmergencyWindow, case_id: str, scope: Scope, tally: Tally) -> None:
    end_of_as_of = datetime.combine(scope.as_of, time(23, 59, 59))
    due = f"{window.due:%Y-%m-%dT%H:%M}"
    if window.addressed is None or window.addressed > end_of_as_of:
        if window.due > end_of_as_of:
            tally.exclude(case_id, _("emergency not addressed yet; due {due}").format(due=due))
        else:
            tally.miss(case_id, _("emergency not addressed; due {due}").format(due=due))
        return
    tally.judge(
        case_id,
        window.in_time,
        _("addressed {hours} hours after the referral").format(hours=f"{window.hours_taken:.1f}"),
    )


@indicator(
    id="emergencies-24h",
    set="checklist",
    source="A Annex 3 I.4",
    unit="percent",
    title=N_("Emergency referrals addressed within 24 hours"),
    definition=N_("""Share of emergency referrals addressed within 24 hours (A Annex 3 I; Annex 4, case 10).

    Denominator: referrals received in the period with `referral.emergency: true`, except those
    not addressed whose 24 hours have not run out by the end of the as-of day. Numerator: those
    whose `referral.addressed_at` is at most 24 hours on the clock (Europe/Tirane, across
    daylight-saving changes) after `referral.received`. A referral recorded with a date only is
    taken as received at 00:00. Against: addressed late, or not addressed.

    "Addressed within 24 hours" requires `addressed_at` only, exactly as the rule emergency-24h
    judges it (`lpsc_cli.lifecycle.emergency_window`): `escalated_at` records the escalation that
    makes the referral an emergency and is not part of the measure.
    """),
)
def emergencies_in_time(scope: Scope) -> Measure:
    # EMERGENCY_HOURS (24, A Annex 3 I); the setting `hours` of the rule emergency-24h overrides it
    allowance = scope.threshold("emergency-24h", "hours", EMERGENCY_HOURS)
    tally = Tally()
    for case in scope.referrals:
        window = emergency_window(case.data, allowance)
        if window is not None:
            _addressed_in_time(window, case.id, scope, tally)
    return tally.measure(N_("no emergency referrals in the period"))


def bodies_due(case: CaseFile) -> list[str]:
    """The bodies a referral must be shared with (A Annex 3 I: LPSC, CVE, police)."""
    concerns = set(case.get("concerns", default=[]))
    red_flag = case.get("red_flag") is True
    bodies = ["lpsc"]
    # the CVE centre is owed no report of a case it referred itself (as `red-flag-reported`)
    if (red_flag or "p-cve" in concerns) and case.get("referral", "referred_by") != NATIONAL_CVE:
        bodies.append("cve")
    if red_flag or case.get("referral", "emergency") is True or concerns & POLICE_CONCERNS:
        bodies.append("police")
    return bodies


@indicator(
    id="referrals-shared",
    set="checklist",
    source="A Annex 3 I.5",
    unit="percent",
    title=N_("Referrals shared with the appropriate bodies"),
    definition=N_("""Share of referrals shared with every appropriate body: LPSC, CVE, police (A Annex 3 I).

    Which bodies are appropriate: the LPSC for every referral; the CVE structures as well for a
    red-flag case or a P/CVE concern (A §3.6.4); the police as well for a red-flag case, an
    emergency, or a concern of domestic violence, trafficking or drugs. Denominator: referrals
    received in the period. Numerator: those with a `shared_with` date, on or before the as-of
    day, for each of their bodies. Against: referrals not shared with one of them (named).
    """),
)
def referrals_shared(scope: Scope) -> Measure:
    tally = Tally()
    for case in scope.referrals:
        missing = [
            body
            for body in bodies_due(case)
            if (day := as_date(case.get("shared_with", body))) is None or day > scope.as_of
        ]
        tally.judge(case.id, not missing, _("not shared with {bodies}").format(bodies=", ".join(missing)))
    return tally.measure(NO_REFERRALS)
