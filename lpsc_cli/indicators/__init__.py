"""Indicators: the council KPI table (A §3.6.3) and the case-management checklist (A Annex 3).

`compute(repo, start=, end=, as_of=, which=)` returns one `KpiResult` per indicator of the
chosen set (`council`, `checklist` or `all`), in the order the assessment prints them. Each
indicator is a small pure function in one of this package's modules, registered with its id,
title and definition (English messages of the catalogs; the definition, citing its source, is
also the function's docstring), source, unit, target and direction. Targets come from the registry, overridden by `lpsc.yaml` `targets: {<id>: value}`. The report of
`lpsc kpi` (several councils side by side) is built by `lpsc_cli.indicators.report.kpi_report`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from lpsc_cli.errors import UsageError
from lpsc_cli.i18n import gettext as _
from lpsc_cli.indicators import (  # noqa: F401 - importing a module registers its indicators
    assessment,
    closure,
    coordination,
    council,
    data_protection,
    follow_up,
    referrals,
    review,
    support_plans,
)
from lpsc_cli.indicators.registry import (
    REGISTRY,
    SETS,
    Against,
    Indicator,
    KpiResult,
    Measure,
    evaluate,
    resolve_target,
    unknown_targets,
)
from lpsc_cli.indicators.scope import Scope

if TYPE_CHECKING:
    from lpsc_cli.repository import Repository

__all__ = [
    "REGISTRY",
    "SETS",
    "Against",
    "Indicator",
    "KpiResult",
    "Measure",
    "Scope",
    "compute",
    "indicators",
    "unknown_targets",
]


def indicators(which: str = "all") -> list[Indicator]:
    """The registered indicators of a set (`council`, `checklist`) or `all`, in table order."""
    try:
        return REGISTRY.select(which)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def compute(repo: Repository, *, start: date, end: date, as_of: date, which: str = "all") -> list[KpiResult]:
    """Every indicator of `which` for one council over `start`..`end`, judged on `as_of`.

    Records dated after `as_of` do not count (a meeting dated later is not held yet).
    """
    if start > end:
        raise UsageError(_("the period starts after it ends ({start} > {end})").format(start=start, end=end))
    chosen = indicators(which)
    targets = repo.config.get("targets") or {}
    scope = Scope(repo, start=start, end=end, as_of=as_of)
    return [evaluate(i, i.measure(scope), resolve_target(i, targets)) for i in chosen]
