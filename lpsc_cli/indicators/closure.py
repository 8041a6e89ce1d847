"""Annex 3, sections VI and VIII: outcomes and case closure; transfers and continuity.

The closure indicators look at the cases closed in the period (the date of `closure.date`
decides); the transfer indicators at the transfers dated in the period.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from lpsc_cli.calendar import add_months
from lpsc_cli.i18n import N_
from lpsc_cli.i18n import gettext as _
from lpsc_cli.indicators.registry import Against, Measure, Tally, indicator, not_applicable
from lpsc_cli.model import as_date

if TYPE_CHECKING:
    from lpsc_cli.indicators.scope import CaseFile, Scope

#: A re-opening within this many months of closure counts as a recurring concern (A Annex 3 VI).
REOPEN_MONTHS = 12
NO_CLOSURES = N_("no cases closed in the period")


def _closure_share(scope: Scope, test: Callable[[CaseFile], str | None]) -> Measure:
    """Cases closed in the period; `test` returns why one falls short, or None."""
    tally = Tally()
    for case in scope.closures:
        tally.add(case.id, test(case))
    return tally.measure(NO_CLOSURES)


@indicator(
    id="isp-goals-achieved",
    set="checklist",
    source="A Annex 3 VI.1",
    unit="percent",
    title=N_("Closed cases that achieved their ISP goals"),
    definition=N_("""Share of cases achieving the intended goals of their ISP (A Annex 3 VI).

    Denominator: cases closed in the period. Numerator: those with `closure.goals_achieved: all`.
    Against: goals partly or not achieved, or not recorded.
    """),
)
def isp_goals_achieved(scope: Scope) -> Measure:
    return _closure_share(
        scope,
        lambda c: (
            None
            if (got := c.get("closure", "goals_achieved")) == "all"
            else _("goals achieved: {answer}").format(answer=got or _("not recorded"))
        ),
    )


@indicator(
    id="closure-reports",
    set="checklist",
    source="A Annex 3 VI.2",
    unit="percent",
    title=N_("Closure reports completed"),
    definition=N_("""Share of case closure reports completed and documented (A Annex 3 VI; Annex 4.h, 4.j).

    Denominator: cases closed in the period. Numerator: those with `closure.report_completed`
    dated on or before the as-of day. Against: no closure report.
    """),
)
def closure_reports(scope: Scope) -> Measure:
    return _closure_share(
        scope, lambda c: None if scope.done(c.get("closure", "report_completed")) else _("no closure report completed")
    )


@indicator(
    id="continued-services",
    set="checklist",
    source="A Annex 3 VI.3",
    unit="percent",
    title=N_("Closed cases with continued mainstream services confirmed"),
    definition=N_("""Share of closed cases with confirmation of continued mainstream service support (A Annex 3 VI).

    Denominator: cases closed in the period. Numerator: those with
    `closure.mainstream_services_continue: true`. Against: not confirmed.
    """),
)
def continued_services(scope: Scope) -> Measure:
    return _closure_share(
        scope,
        lambda c: (
            None if c.get("closure", "mainstream_services_continue") is True else _("continued services not confirmed")
        ),
    )


@indicator(
    id="reopened-12m",
    set="checklist",
    source="A Annex 3 VI.4",
    unit="percent",
    better="lower",
    title=N_("Closed cases re-opened within 12 months"),
    definition=N_("""Share of cases re-opened due to recurring concerns within 6–12 months (A Annex 3 VI).

    Lower is better. Denominator: cases closed in the period. Numerator (and against): those
    re-opened after closure, at most 12 months later and on or before the as-of day, for a
    recurring concern (`reopened[].reason` recurring-concern, other or not given; a
    `new-concern` is a new case, not a recurrence). A figure for a recent period is provisional:
    its 12 months may not have run out on the as-of day.
    """),
)
def reopened(scope: Scope) -> Measure:
    against: list[Against] = []
    for case in scope.closures:
        assert case.closed is not None
        window = add_months(case.closed, REOPEN_MONTHS)
        for entry in case.get("reopened", default=[]):
            day = as_date(entry.get("date"))
            if day is None or not case.closed < day <= min(window, scope.as_of) or entry.get("reason") == "new-concern":
                continue
            months = (day - case.closed).days / 30.44
            against.append(
                Against(
                    case.id,
                    _("closed {closed}, re-opened {day} (~{months} months later)").format(
                        closed=case.closed, day=day, months=f"{months:.0f}"
                    ),
                )
            )
            break
    if not scope.closures:
        return Measure(denominator=0, reason=not_applicable(NO_CLOSURES))
    return Measure(
        numerator=len(against),
        denominator=len(scope.closures),
        against=tuple(against),
        counted=tuple(a.record for a in against),
    )


@indicator(
    id="exit-notifications",
    set="checklist",
    source="A Annex 3 VI.5",
    unit="percent",
    title=N_("Exit notifications sent"),
    definition=N_("""Share of exit notifications properly communicated to individuals or families (A Annex 3 VI; 4.j).

    Denominator: cases closed in the period. Numerator: those with
    `closure.exit_notification.sent` dated on or before the as-of day. Against: not sent.
    """),
)
def exit_notifications(scope: Scope) -> Measure:
    return _closure_share(
        scope,
        lambda c: None if scope.done(c.get("closure", "exit_notification", "sent")) else _("no exit notification sent"),
    )


@indicator(
    id="transfers-appropriate",
    set="checklist",
    source="A Annex 3 VIII.1",
    unit="percent",
    title=N_("Relocated cases transferred to the new LPSC"),
    definition=N_("""Share of relocated cases transferred appropriately to the new LPSC (A Annex 3 VIII; 4.k).

    Denominator: cases that relocated in the period — a `transfer` dated in it, or a closure in
    it with reason `relocated`. Numerator: those with a transfer that the receiving council
    acknowledged (`transfer.acknowledged` on or before the as-of day). Against: closed as
    relocated without a transfer, or a transfer not acknowledged.
    """),
)
def transfers_appropriate(scope: Scope) -> Measure:
    tally = Tally()
    for case in scope.current:
        relocated = case.get("closure", "reason") == "relocated" and scope.in_period(case.closed)
        if not (relocated or scope.in_period(case.transferred)):
            continue
        if case.transferred is None:
            tally.miss(case.id, _("closed as relocated without a transfer to the new council"))
        else:
            acknowledged = scope.done(case.get("transfer", "acknowledged")) is not None
            tally.judge(
                case.id,
                acknowledged,
                _("transfer to {council} not acknowledged").format(council=case.get("transfer", "to")),
            )
    return tally.measure(N_("no cases relocated in the period"))


@indicator(
    id="transfers-documented",
    set="checklist",
    source="A Annex 3 VIII.2",
    unit="percent",
    title=N_("Transfers with full documentation"),
    definition=N_("""Share of transferred cases with full documentation included (A Annex 3 VIII).

    Denominator: transfers out dated in the period (`transfer.date`) and transfers in received
    in it (`received_from.date`). Numerator: those with `documents_complete: true`. Against:
    incomplete or not recorded (the direction is named).
    """),
)
def transfers_documented(scope: Scope) -> Measure:
    tally = Tally()
    for case in scope.current:
        if scope.in_period(case.transferred):
            tally.judge(
                case.id,
                case.get("transfer", "documents_complete") is True,
                _("transfer to {council}: documents not complete").format(council=case.get("transfer", "to")),
            )
        if scope.in_period(as_date(case.get("received_from", "date"))):
            tally.judge(
                case.id,
                case.get("received_from", "documents_complete") is True,
                _("transfer from {council}: documents not complete").format(
                    council=case.get("received_from", "council")
                ),
            )
    return tally.measure(N_("no transfers in the period"))
