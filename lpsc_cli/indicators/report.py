"""The KPI report: the indicators of one or more councils over one period, side by side.

`kpi_report(repositories, start=, end=, as_of=, which=)` computes the chosen set for every
council (one column each, in the order given) and returns a `KpiReport`, which the reporters
of `lpsc_cli.reporters.kpi` turn into a table, JSON or CSV. Titles are in `language`, by
default the first council's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from lpsc_cli.errors import UsageError
from lpsc_cli.i18n import gettext as _
from lpsc_cli.indicators import KpiResult, compute

if TYPE_CHECKING:
    from lpsc_cli.repository import Repository


@dataclass(frozen=True)
class CouncilKpis:
    """The results of one council (one column of the table)."""

    council: str
    results: tuple[KpiResult, ...]


@dataclass(frozen=True)
class KpiReport:
    """What `lpsc kpi` reports: the period, the as-of day, the councils side by side."""

    start: date
    end: date
    as_of: date
    lang: str
    councils: tuple[CouncilKpis, ...]


def kpi_report(
    repositories: Sequence[Repository],
    *,
    start: date,
    end: date,
    as_of: date,
    which: str = "council",
    language: str | None = None,
) -> KpiReport:
    """The indicators of `which` (`council`, `checklist`, `all`) for each repository, judged on `as_of`."""
    if not repositories:
        raise UsageError(_("no repository to compute indicators for"))
    councils = tuple(
        CouncilKpis(r.council, tuple(compute(r, start=start, end=end, as_of=as_of, which=which))) for r in repositories
    )
    return KpiReport(start=start, end=end, as_of=as_of, lang=language or repositories[0].language, councils=councils)
