"""Annex 3, section V: inter-institutional coordination and communication."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lpsc_cli.i18n import N_
from lpsc_cli.i18n import gettext as _
from lpsc_cli.indicators.registry import Measure, Tally, indicator, not_computable
from lpsc_cli.model import as_date

if TYPE_CHECKING:
    from lpsc_cli.indicators.scope import Scope

#: Attendance statuses that count as taking part (a delegate sent counts as present).
PARTICIPATING = frozenset({"present", "virtual"})
#: The other attendance statuses as the reasons name them.
STATUS_WORDS = {"excused": N_("excused"), "absent": N_("absent")}


def _status(status: object) -> str:
    return _(STATUS_WORDS[status]) if isinstance(status, str) and status in STATUS_WORDS else str(status)


@indicator(
    id="member-participation",
    set="checklist",
    source="A Annex 3 V.1",
    unit="percent",
    title=N_("Members participating in LPSC meetings"),
    definition=N_("""Share of LPSC members participating in scheduled meetings (A Annex 3 V).

    Counted in member-meetings over the meetings of type `lpsc` held in the period (dated up to
    the as-of day): each `attendance` entry is one. Numerator: entries with status present or
    virtual (a member represented by a `delegate` is present). Excused and absent members count
    against (named per meeting). Meetings without an attendance list are left out.
    """),
)
def member_participation(scope: Scope) -> Measure:
    tally = Tally()
    for meeting in scope.lpsc_meetings:
        attendance = meeting.get("attendance", default=[])
        if not attendance:
            tally.exclude(meeting.id, _("attendance not recorded"))
            continue
        missing = [
            f"{a.get('member')} {_status(a.get('status'))}" for a in attendance if a.get("status") not in PARTICIPATING
        ]
        tally.hit(meeting.id, len(attendance) - len(missing))
        if missing:
            tally.miss(meeting.id, ", ".join(missing), n=len(missing))
    return tally.measure(N_("no LPSC meetings with attendance held in the period"))


@indicator(
    id="sector-input",
    set="checklist",
    source="A Annex 3 V.2",
    unit="percent",
    title=N_("Cases with input from all relevant sectors during deliberation"),
    definition=N_("""Share of cases receiving input from all relevant sectors during deliberation (A Annex 3 V).

    Not computable: the records say which sectors supported a case (see cross-sector-support)
    but not which sectors were relevant to it, nor who spoke when it was deliberated.
    """),
)
def sector_input(scope: Scope) -> Measure:
    return not_computable(
        _(
            "the records do not say which sectors were relevant to a case nor who gave input when it was "
            "deliberated; see cross-sector-support for the sectors that supported each case"
        )
    )


@indicator(
    id="expert-consultations",
    set="checklist",
    source="A Annex 3 V.3",
    unit="percent",
    title=N_("Required expert consultations arranged"),
    definition=N_("""Share of external expert consultations arranged where required (A Annex 3 V; Annex 4.f).

    Denominator: entries of `expert_consultations` with `required: true` dated in the period
    (entries without a date are left out). Numerator: those with `held: true`. Against: required
    consultations not held (the sector is named).
    """),
)
def expert_consultations(scope: Scope) -> Measure:
    tally = Tally()
    for case in scope.current:
        for consultation in case.get("expert_consultations", default=[]):
            if consultation.get("required") is not True:
                continue
            if consultation.get("date") is None:
                tally.exclude(
                    case.id, _("required {sector} consultation without a date").format(sector=consultation["sector"])
                )
            elif scope.in_period(as_date(consultation["date"])):
                tally.judge(
                    case.id,
                    consultation.get("held") is True,
                    _("required {sector} consultation of {day} not held").format(
                        sector=consultation["sector"], day=consultation["date"]
                    ),
                )
    return tally.measure(N_("no expert consultations were required in the period"))


@indicator(
    id="virtual-input-recorded",
    set="checklist",
    source="A Annex 3 V.4",
    unit="percent",
    title=N_("Cases where virtual attendance or input was properly recorded"),
    definition=N_("""Share of cases where virtual attendance or input was properly recorded (A Annex 3 V; 4.c).

    Not computable: attendance is recorded per meeting (status `virtual`), not per case, and the
    records cannot tell a properly recorded virtual contribution from an improper one.
    """),
)
def virtual_input_recorded(scope: Scope) -> Measure:
    return not_computable(
        _(
            "virtual attendance is recorded per meeting, not per case, and whether it was recorded properly "
            "is not a field of the records"
        )
    )
