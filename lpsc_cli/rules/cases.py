"""Rules on cases (A Annex 3, the case-management checklist): screening, emergencies, the case
manager, monthly contacts, reviews, consent, red flags, closure and transfer.

Each case obligation is anchored on the event that gives rise to it (the referral, the ISP's
approval, the closure, the transfer); it is judged when that day falls inside the coverage
window. Only clear structured fields are read: deadlines run without any key to sealed data.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from lpsc_cli.calendar import add_months
from lpsc_cli.errors import Severity
from lpsc_cli.i18n import N_, ngettext
from lpsc_cli.i18n import gettext as _
from lpsc_cli.lifecycle import NATIONAL_CVE, emergency_window, is_open, referred_elsewhere
from lpsc_cli.model import Record, as_date
from lpsc_cli.rules.base import NORMATIVE_ACT, NOTHING, Deadline, RuleContext, latest, rule

if TYPE_CHECKING:
    from lpsc_cli.repository import Repository


def _cases(repo: Repository) -> list[Record]:
    return list(repo.records.get("case", {}).values())


@rule(
    "screening-5wd",
    title=N_("A referral is screened and triaged within 5 working days"),
    source="A Annex 3 I",
    bases=(NORMATIVE_ACT,),
    severity=Severity.ERROR,
    working_days=5,
)
def screening_5wd(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """Referrals are screened and triaged within 5 working days (A Annex 3 I, "% of referrals
    screened and triaged within 5 working days"). Due `working_days` (5) working days after
    the day `referral.received`; met by `screening.date`.
    """
    allowance = ctx.number("working_days")
    for case in _cases(repo):
        received = as_date(case.data["referral"].get("received"))
        if received is None or not ctx.covers(received):
            continue
        screened = as_date((case.data.get("screening") or NOTHING).get("date"))
        due = ctx.calendar.add_working_days(received, allowance)
        path = ("screening", "date") if screened else ("referral", "received")
        what = _("screening of referral {case} received {received}").format(case=case.id, received=received)
        yield ctx.judge(record=case, path=path, due=due, done=screened, what=what, unit="working-days")


@rule(
    "emergency-24h",
    title=N_("An emergency referral is addressed within 24 hours"),
    source="A Annex 3 I, Annex 4 case 10",
    bases=(NORMATIVE_ACT,),
    severity=Severity.ERROR,
    hours=24,
)
def emergency_24h(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """Referrals involving emergency escalation are addressed within 24 hours (A Annex 3 I;
    A Annex 4, case 10: a joint home visit "within 24 hours"). For `referral.emergency` cases:
    `addressed_at` within `hours` (24) hours of `referral.received`, counted on the clock in
    Europe/Tirane (a referral with a bare date starts at 00:00).

    "Addressed within 24 hours" requires `addressed_at` only, exactly as the indicator
    emergencies-24h counts it (`lpsc_cli.lifecycle.emergency_window`): `escalated_at` records
    the escalation that makes the referral an emergency and is not part of the obligation.
    """
    hours = ctx.number("hours")
    for case in _cases(repo):
        window = emergency_window(case.data, hours)
        if window is None or not ctx.covers(window.received.date()):
            continue
        path = ("referral", "addressed_at") if window.addressed is not None else ("referral", "emergency")
        what = ngettext(
            "emergency referral {case} addressed (within {n} hour)",
            "emergency referral {case} addressed (within {n} hours)",
            hours,
        ).format(case=case.id, n=hours)
        yield ctx.judge(record=case, path=path, due=window.due, done=window.addressed, what=what)


@rule(
    "manager-3d",
    title=N_("A case manager is assigned within 3 days of ISP approval"),
    source="A Annex 3 IV",
    bases=(NORMATIVE_ACT,),
    severity=Severity.WARNING,
    days=3,
)
def manager_3d(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """Cases are assigned to a case manager within 3 days of ISP approval (A Annex 3 IV).
    Counted in calendar days: due `days` (3) days after `isp.approved`; met by
    `case_manager.assigned`.
    """
    allowance = timedelta(days=ctx.number("days"))
    for case in _cases(repo):
        approved = as_date((case.data.get("isp") or NOTHING).get("approved"))
        if approved is None or not ctx.covers(approved):
            continue
        assigned = as_date((case.data.get("case_manager") or NOTHING).get("assigned"))
        path = ("case_manager", "assigned") if assigned else ("isp", "approved")
        what = _("case manager for {case} (ISP approved {approved})").format(case=case.id, approved=approved)
        yield ctx.judge(record=case, path=path, due=approved + allowance, done=assigned, what=what)


@rule(
    "contact-monthly",
    title=N_("An active case has a follow-up contact every month"),
    source="A Annex 3 IV",
    bases=(NORMATIVE_ACT,),
    severity=Severity.WARNING,
)
def contact_monthly(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """Monthly follow-ups are conducted per case (A Annex 3 IV, "% of monthly follow-ups
    conducted per case"). A case is followed from `case_manager.assigned` (else `isp.approved`)
    to its closure or transfer, and again from each re-opening (`lpsc_cli.lifecycle`). From the
    first calendar month after follow-up began, every month up to the end (months ending on or
    before that day) or, while the case is open, up to the month of the day judged: a
    `contacts` entry dated in the month, due on its last day.
    """
    index = repo.case_index
    followed = [(case, periods) for case in _cases(repo) if (periods := index.timeline(case).followed)]
    if not followed:
        return
    months = ctx.facts.spans("month", since=min(periods[0].start for _, periods in followed))
    starts = [start for _, start, _ in months]
    # one obligation per case and month (the most numerous of all): the message translated once
    wording = _("follow-up contact with {case} in {period}")
    for case, periods in followed:
        contacts = sorted(d for c in case.data.get("contacts", ()) if (d := as_date(c.get("date"))) is not None)
        for followed_period in periods:
            for period, start, last in months[bisect_left(starts, followed_period.start + timedelta(days=1)) :]:
                if (followed_period.end is not None and last > followed_period.end) or not ctx.covers(start, last):
                    break
                at = bisect_left(contacts, start)
                done = contacts[at] if at < len(contacts) and contacts[at] <= last else None
                what = wording.format(case=case.id, period=period)
                yield ctx.judge(record=case, path=("contacts",), due=last, done=done, what=what, period=period)


@rule(
    "isp-review",
    title=N_("The ISP is reviewed at 6 and 12 months"),
    source="A Annex 3 III, IX",
    bases=(NORMATIVE_ACT,),
    severity=Severity.WARNING,
    months=6,
    grace_days=15,
)
def isp_review(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """ISPs are reviewed and updated within the agreed timeframe of 6–12 months (A Annex 3
    III), and cases are reviewed at 6- and 12-month intervals (A Annex 3 IX). For an approved
    ISP, two reviews: the first `months` (6) and the second 2 × `months` after `isp.approved`,
    each with `grace_days` (15) of grace, when the case is open on the review day (between its
    referral and its closure or transfer, or after a re-opening: `lpsc_cli.lifecycle`). A review of
    kind `6-month` (resp. `12-month`) meets it; else the first (resp. second) review after
    approval.
    """
    interval, grace = ctx.number("months"), timedelta(days=ctx.number("grace_days"))
    for case in _cases(repo):
        approved = as_date((case.data.get("isp") or NOTHING).get("approved"))
        if approved is None:
            continue
        periods = ctx.facts.case_periods[case.id]
        reviews = [
            (d, r.get("kind")) for r in case.data.get("reviews", ()) if (d := as_date(r.get("date"))) is not None
        ]
        after = sorted(d for d, _ in reviews if d >= approved)
        for number, kind in ((1, "6-month"), (2, "12-month")):
            target = add_months(approved, interval * number)
            if not is_open(periods, target) or not ctx.covers(target):
                continue
            named = [d for d, named_kind in reviews if named_kind == kind]
            done = min(named) if named else (after[number - 1] if len(after) >= number else None)
            what = (
                _("6-month review of the ISP of {case} (approved {approved})")
                if number == 1
                else _("12-month review of the ISP of {case} (approved {approved})")
            ).format(case=case.id, approved=approved)
            yield ctx.judge(record=case, path=("reviews",), due=target + grace, done=done, what=what, key=kind)


@rule(
    "consent-recorded",
    title=N_("An ISP has explicit informed consent"),
    source="A Annex 3 III",
    bases=(NORMATIVE_ACT,),
    severity=Severity.ERROR,
)
def consent_recorded(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """Cases have explicit informed consent (A Annex 3 III, "% of cases with explicit informed
    consent (Annex 4.e)"; the ISP is "prepared and signed", Annex 4.b). Consent
    (`isp.consent.given`) is due by the day the ISP is signed (else approved, else prepared).
    """
    for case in _cases(repo):
        isp = case.data.get("isp") or NOTHING
        due = next((d for key in ("signed", "approved", "prepared") if (d := as_date(isp.get(key))) is not None), None)
        if due is None or not ctx.covers(due):
            continue
        given = as_date((isp.get("consent") or NOTHING).get("given"))
        what = _("informed consent to the ISP of {case}").format(case=case.id)
        yield ctx.judge(record=case, path=("isp", "consent") if given else ("isp",), due=due, done=given, what=what)


@rule(
    "red-flag-reported",
    title=N_("A red-flag case is reported to the regional and national CVE coordinators"),
    source="A §3.6.4",
    bases=(NORMATIVE_ACT,),
    severity=Severity.ERROR,
    working_days=5,
)
def red_flag_reported(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """LPSCs report "red flag" cases to the Regional CVE Coordinators and subsequently to the
    National CVE Coordinator (A §3.6.4). For `red_flag: true` cases: both `reported.regional_cve`
    and `reported.national_cve`, due `working_days` (5) working days after the referral.

    A coordinator who referred the case itself is not reported to: nothing is owed to the
    national centre when `referral.referred_by` is `cve` (the id of the National CVE
    Coordination Centre, A §1.1), nor to the regional coordinator when it is an institution of
    sector `prefecture` (the Prefect is the Regional CVE Coordinator, A §1.2). A case the
    national centre referred still goes to the regional coordinator, and the other way round.
    """
    allowance = ctx.number("working_days")
    for case in _cases(repo):
        if case.data.get("red_flag") is not True:
            continue
        received = as_date(case.data["referral"].get("received"))
        if received is None or not ctx.covers(received):
            continue
        owed = _coordinators_owed(repo, case)
        if not owed:
            continue
        done = latest(*(case.get("reported", key) for key in owed))
        due = ctx.calendar.add_working_days(received, allowance)
        path = ("reported",) if case.get("reported") else ("red_flag",)
        names = _(" and ").join(_(COORDINATORS[key]) for key in owed)
        what = ngettext(
            "red-flag case {case} reported to the {names} CVE coordinator",
            "red-flag case {case} reported to the {names} CVE coordinators",
            len(owed),
        ).format(case=case.id, names=names)
        yield ctx.judge(record=case, path=path, due=due, done=done, what=what, unit="working-days")


#: The coordinators a red flag goes to (A §3.6.4), by their field in `reported`.
COORDINATORS = {"regional_cve": N_("regional"), "national_cve": N_("national")}


def _coordinators_owed(repo: Repository, case: Record) -> tuple[str, ...]:
    """The `reported` fields a red-flag case owes: both, less the coordinator who referred it."""
    referrer = str(case.get("referral", "referred_by") or "")
    institution = repo.get("institution", referrer) if referrer else None
    by_prefect = institution is not None and institution.get("sector") == "prefecture"
    return tuple(
        key
        for key in COORDINATORS
        if not (key == "national_cve" and referrer == NATIONAL_CVE) and not (key == "regional_cve" and by_prefect)
    )


@rule(
    "closure-complete",
    title=N_("A closed case has a closure report and an exit notification"),
    source="A Annex 3 VI",
    bases=(NORMATIVE_ACT,),
    severity=Severity.WARNING,
    working_days=10,
)
def closure_complete(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """Case closure reports are completed and exit notifications communicated to the
    individuals or families (A Annex 3 VI, Annex 4.h and 4.j). For a closed case: both
    `closure.report_completed` and `closure.exit_notification.sent`, due `working_days` (10)
    working days after `closure.date`. A case that screening referred elsewhere
    (`lpsc_cli.lifecycle.referred_elsewhere`) was never managed by the council: it owes neither.
    """
    allowance = ctx.number("working_days")
    for case in _cases(repo):
        closed = as_date((case.data.get("closure") or NOTHING).get("date"))
        if closed is None or not ctx.covers(closed) or referred_elsewhere(case.data):
            continue
        done = latest(case.get("closure", "report_completed"), case.get("closure", "exit_notification", "sent"))
        due = ctx.calendar.add_working_days(closed, allowance)
        what = _("closure report and exit notification of {case} (closed {closed})").format(case=case.id, closed=closed)
        yield ctx.judge(record=case, path=("closure",), due=due, done=done, what=what, unit="working-days")


@rule(
    "transfer-documented",
    title=N_("A transferred case carries complete documentation"),
    source="A Annex 3 VIII",
    bases=(NORMATIVE_ACT,),
    severity=Severity.WARNING,
    working_days=10,
)
def transfer_documented(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """Transferred cases include full documentation (A Annex 3 VIII, Annex 4.k). For a case
    with a `transfer`: `documents_complete: true` and the receiving council's `acknowledged`
    day (the transfer day when not recorded), due `working_days` (10) working days after the
    transfer.
    """
    allowance = ctx.number("working_days")
    for case in _cases(repo):
        moved = as_date((case.data.get("transfer") or NOTHING).get("date"))
        if moved is None or not ctx.covers(moved):
            continue
        complete = case.get("transfer", "documents_complete") is True
        done: date | datetime | None = (as_date(case.get("transfer", "acknowledged")) or moved) if complete else None
        due = ctx.calendar.add_working_days(moved, allowance)
        what = _("complete documentation of {case} transferred to {to}").format(
            case=case.id, to=case.get("transfer", "to")
        )
        yield ctx.judge(record=case, path=("transfer",), due=due, done=done, what=what, unit="working-days")
