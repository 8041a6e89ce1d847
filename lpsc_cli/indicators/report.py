"""The KPI report: the indicators of one or more councils over one period, side by side.

`kpi_report(repositories, start=, end=, as_of=, which=)` computes the chosen set for every
council (one column each, in the order given) and returns a `KpiReport`, which the reporters
of `lpsc_cli.reporters.kpi` turn into a table, JSON or CSV. Titles are in `language`, by
default the first council's.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    repositories: Iterable[Repository],
    *,
    start: date,
    end: date,
    as_of: date,
    which: str = "council",
    language: str | None = None,
) -> KpiReport:
    """The indicators of `which` (`council`, `checklist`, `all`) for each repository, judged on `as_of`.

    The repositories are taken one at a time and let go once computed: given a generator that
    loads each when asked (`lpsc kpi` over 61 councils), only one council's records are held.
    Titles are in `language`, by default the first council's.
    """
    councils = []
    for repository in repositories:
        language = language or repository.language
        results = tuple(compute(repository, start=start, end=end, as_of=as_of, which=which))
        councils.append(CouncilKpis(repository.council, results))
        del repository  # let go of it before the next one is loaded
    if not councils or language is None:
        raise UsageError(_("no repository to compute indicators for"))
    return KpiReport(start=start, end=end, as_of=as_of, lang=language, councils=tuple(councils))
