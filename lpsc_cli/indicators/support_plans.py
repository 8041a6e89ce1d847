"""Annex 3, section III: case planning and the Individual Support Plan (ISP)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from lpsc_cli.calendar import add_months
from lpsc_cli.i18n import N_
from lpsc_cli.i18n import gettext as _
from lpsc_cli.indicators.registry import Measure, Tally, indicator
from lpsc_cli.model import as_date

if TYPE_CHECKING:
    from lpsc_cli.indicators.scope import CaseFile, Scope

#: Without an agreed `isp.review_due`, the ISP is reviewed within this many months (A Annex 3 III).
REVIEW_MONTHS = 12
NO_PLANS = N_("no ISPs prepared in the period")


@indicator(
    id="isp-prepared-signed",
    set="checklist",
    source="A Annex 3 III.1",
    unit="percent",
    title=N_("Eligible cases with an ISP prepared and signed"),
    definition=N_("""Share of eligible cases with an ISP prepared and signed (A Annex 3 III; Annex 4.b).

    Denominator: cases screened eligible in the period, except those closed or transferred
    without an ISP (left out, named). Numerator: those with `isp.prepared` and `isp.signed`
    dated on or before the as-of day. Against: no ISP yet, or an ISP not signed.
    """),
)
def isp_prepared_signed(scope: Scope) -> Measure:
    tally = Tally()
    for case in scope.eligible:
        prepared = scope.done(case.get("isp", "prepared"))
        ended = case.ended_by(scope.as_of)
        if prepared is None and ended is not None:
            tally.exclude(case.id, _("closed or transferred on {day} without an ISP").format(day=ended))
            continue
        signed = scope.done(case.get("isp", "signed"))
        tally.judge(
            case.id,
            prepared is not None and signed is not None,
            _("no ISP prepared yet") if prepared is None else _("ISP not signed"),
        )
    return tally.measure(N_("no cases screened eligible in the period"))


@indicator(
    id="isp-consent",
    set="checklist",
    source="A Annex 3 III.2",
    unit="percent",
    title=N_("ISPs with explicit informed consent"),
    definition=N_("""Share of cases with explicit informed consent to their ISP (A Annex 3 III; Annex 4.e).

    Denominator: ISPs prepared in the period (the date of `isp.prepared` decides). Numerator:
    those with `isp.consent.given` dated on or before the as-of day (a later withdrawal does not
    undo consent given). Against: no consent recorded.
    """),
)
def isp_consent(scope: Scope) -> Measure:
    tally = Tally()
    for case in scope.plans_prepared:
        tally.judge(
            case.id, scope.done(case.get("isp", "consent", "given")) is not None, _("no informed consent recorded")
        )
    return tally.measure(NO_PLANS)


def review_due(case: CaseFile) -> date | None:
    """The agreed review date of the ISP: `isp.review_due`, else 12 months after approval."""
    agreed = as_date(case.get("isp", "review_due"))
    if agreed is not None or case.isp_approved is None:
        return agreed
    return add_months(case.isp_approved, REVIEW_MONTHS)


@indicator(
    id="isp-reviewed-on-time",
    set="checklist",
    source="A Annex 3 III.3",
    unit="percent",
    title=N_("ISPs reviewed within the agreed timeframe"),
    definition=N_("""Share of ISPs reviewed and updated within the agreed timeframe, 6–12 months (A Annex 3 III).

    The agreed date is `isp.review_due`, or 12 months after `isp.approved` when none is
    recorded. An ISP is judged on the day it is settled: the date of its first review (any kind)
    when that is on or before the agreed date — it counts in the numerator —, otherwise the
    agreed date itself — it counts against (reviewed late or not at all). Denominator: ISPs
    settled in the period, up to the as-of day; a case closed or transferred before its agreed
    date without a review is not judged.
    """),
)
def isp_reviewed_on_time(scope: Scope) -> Measure:
    tally = Tally()
    for case in scope.current:
        agreed = review_due(case)
        if agreed is None or case.isp_approved is None:
            continue
        reviews = sorted(d for r in case.get("reviews", default=[]) if (d := as_date(r.get("date"))) is not None)
        first = next((d for d in reviews if d >= case.isp_approved), None)
        if first is not None and first <= agreed:
            if scope.in_period(first):
                tally.hit(case.id)
        elif scope.in_period(agreed) and agreed < scope.as_of and case.ended_by(agreed) is None:
            tally.miss(
                case.id,
                (
                    _("due for review by {due}; first reviewed {day}").format(due=agreed, day=first)
                    if first
                    else _("due for review by {due}; not reviewed").format(due=agreed)
                ),
            )
    return tally.measure(N_("no ISP reviews fell due or took place in the period"))


@indicator(
    id="isp-multi-agency",
    set="checklist",
    source="A Annex 3 III.4",
    unit="percent",
    title=N_("ISPs with multi-agency contributions clearly defined"),
    definition=N_("""Share of ISPs with multi-agency contributions clearly defined (A Annex 3 III).

    Denominator: ISPs prepared in the period. Numerator: those with goals, every goal naming at
    least one responsible institution, and at least 2 different institutions across the goals.
    Against: no goals, a goal without a responsible institution, or a single institution.
    """),
)
def isp_multi_agency(scope: Scope) -> Measure:
    tally = Tally()
    for case in scope.plans_prepared:
        tally.add(case.id, _contributions_shortfall(case.get("isp", "goals", default=[])))
    return tally.measure(NO_PLANS)


def _contributions_shortfall(goals: list[dict[str, object]]) -> str | None:
    if not goals:
        return _("no goals recorded")
    if any(not goal.get("responsible") for goal in goals):
        return _("a goal names no responsible institution")
    institutions = {i for goal in goals for i in goal.get("responsible") or []}  # type: ignore[attr-defined]
    return None if len(institutions) >= 2 else _("a single responsible institution")
