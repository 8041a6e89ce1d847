"""Annex 3, section II: risk assessment and information gathering.

Two groups of cases: the cases screened eligible in the period (the screening date decides),
which are all owed an assessment, and the assessments dated in the period, whose content the
other indicators judge.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from lpsc_cli.i18n import N_, ngettext
from lpsc_cli.i18n import gettext as _
from lpsc_cli.indicators.registry import Measure, Tally, indicator

if TYPE_CHECKING:
    from lpsc_cli.indicators.scope import CaseFile, Scope

#: An assessment is multi-sectoral when it draws on at least this many sectors (A Annex 3 II).
MINIMUM_SECTORS = 3
NO_ELIGIBLE = N_("no cases screened eligible in the period")
NO_ASSESSMENTS = N_("no risk assessments dated in the period")


def _assessment_flag(scope: Scope, flag: str, what: str) -> Measure:
    """Eligible cases of the period whose assessment (by the as-of day) has `flag` true."""
    tally = Tally()
    for case in scope.eligible:
        if case.assessed is None or case.assessed > scope.as_of:
            tally.miss(case.id, _("no risk assessment yet"))
            continue
        value = case.get("assessment", flag)
        shortfall = _("{what} not recorded") if value is None else _("{what} incomplete")
        tally.judge(case.id, value is True, shortfall.format(what=_(what)))
    return tally.measure(NO_ELIGIBLE)


@indicator(
    id="risk-assessment-complete",
    set="checklist",
    source="A Annex 3 II.1",
    unit="percent",
    title=N_("Eligible cases with a complete risk assessment (Annex 2)"),
    definition=N_("""Share of eligible cases with a complete risk assessment using Annex 2 (A Annex 3 II).

    Denominator: cases screened eligible in the period. Numerator: those with an assessment
    dated on or before the as-of day with `assessment.annex2_complete: true`. Against: no
    assessment yet, or the Annex 2 form incomplete or not recorded.
    """),
)
def risk_assessment_complete(scope: Scope) -> Measure:
    return _assessment_flag(scope, "annex2_complete", N_("Annex 2 form"))


@indicator(
    id="multi-sector-data",
    set="checklist",
    source="A Annex 3 II.2",
    unit="percent",
    title=N_("Eligible cases with multi-sectoral data collection completed"),
    definition=N_("""Share of eligible cases whose multi-sectoral data collection is complete (A Annex 3 II; 3.a).

    Denominator: cases screened eligible in the period. Numerator: those with an assessment
    dated on or before the as-of day with `assessment.data_collection_complete: true`.
    Against: no assessment yet, or the data collection incomplete or not recorded.
    """),
)
def multi_sector_data(scope: Scope) -> Measure:
    return _assessment_flag(scope, "data_collection_complete", N_("data collection"))


def _assessment_share(scope: Scope, test: Callable[[CaseFile], str | None]) -> Measure:
    """Assessments dated in the period; `test` returns why one falls short, or None."""
    tally = Tally()
    for case in scope.assessments:
        tally.add(case.id, test(case))
    return tally.measure(NO_ASSESSMENTS)


def _sectors_shortfall(case: CaseFile) -> str | None:
    sectors = sorted(set(case.get("assessment", "sectors", default=[])))
    if len(sectors) >= MINIMUM_SECTORS:
        return None
    count = ngettext("{n} sector", "{n} sectors", len(sectors)).format(n=len(sectors))
    return count + (f" ({', '.join(sectors)})" if sectors else "")


@indicator(
    id="assessment-3-sectors",
    set="checklist",
    source="A Annex 3 II.3",
    unit="percent",
    title=N_("Assessments drawing on at least 3 sectors"),
    definition=N_("""Share of risk assessments drawing on information from at least 3 sectors (A Annex 3 II).

    Denominator: risk assessments dated in the period (up to the as-of day). Numerator: those
    whose `assessment.sectors` names at least 3 different sectors. Against: fewer sectors.
    """),
)
def assessment_sectors(scope: Scope) -> Measure:
    return _assessment_share(scope, _sectors_shortfall)


def _rationale_shortfall(case: CaseFile) -> str | None:
    if case.get("assessment", "risk_level") is None:
        return _("risk level not classified")
    if case.get("assessment", "rationale_recorded") is not True:
        return _("rationale not recorded")
    return None


@indicator(
    id="risk-rationale",
    set="checklist",
    source="A Annex 3 II.4",
    unit="percent",
    title=N_("Assessments with the risk classified and its rationale recorded"),
    definition=N_("""Share of cases where risk is classified and recorded with its rationale (A Annex 3 II).

    Denominator: risk assessments dated in the period. Numerator: those with a `risk_level`
    and `rationale_recorded: true` (the rationale itself is sealed). Against: no risk level,
    or no rationale recorded.
    """),
)
def risk_rationale(scope: Scope) -> Measure:
    return _assessment_share(scope, _rationale_shortfall)


def _context_shortfall(case: CaseFile) -> str | None:
    return None if case.get("assessment", "contextual_factors") is True else _("no evidence of contextual factors")


@indicator(
    id="contextual-factors",
    set="checklist",
    source="A Annex 3 II.5",
    unit="percent",
    title=N_("Case files with evidence of community and contextual factors"),
    definition=N_("""Share of case files with evidence of community/contextual factors (A Annex 3 II).

    Denominator: risk assessments dated in the period. Numerator: those with
    `assessment.contextual_factors: true`. Against: the others.
    """),
)
def contextual_factors(scope: Scope) -> Measure:
    return _assessment_share(scope, _context_shortfall)
