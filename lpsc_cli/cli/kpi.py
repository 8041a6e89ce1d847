"""`lpsc kpi`: the council KPI table and the case-management checklist, per council.

The command reads the clock (the default period is the current year to date), loads the
repositories and hands them with a plain period and as-of day to
`lpsc_cli.indicators.report.kpi_report`; the format is a name in `lpsc_cli.reporters.kpi`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lpsc_cli.cli.common import (
    AsOfOption,
    QuietOption,
    StrictOption,
    handle_errors,
    left_out,
    load,
    parse_day,
    progress_bar,
    write_output,
)
from lpsc_cli.errors import UsageError
from lpsc_cli.i18n import gettext as _

# The library is imported inside each command, not here: `lpsc --help` and every other command's
# start-up must not load YAML, schemas, git or the checks (docs/architecture.md).

if TYPE_CHECKING:
    from lpsc_cli.repository import Repository


class KpiSet(StrEnum):
    council = "council"
    checklist = "checklist"
    all = "all"


class KpiFormat(StrEnum):
    """The names of `lpsc_cli.reporters.kpi.REPORTERS` (kept here so that --help imports nothing)."""

    text = "text"
    json = "json"
    csv = "csv"


class Language(StrEnum):
    sq = "sq"
    en = "en"


def period_of(year: int | None, start: str | None, end: str | None, *, today: date) -> tuple[date, date]:
    """The period asked for: `--year`, or `--from`/`--to`, or the current year to date."""
    if year is not None:
        if start or end:
            raise UsageError(_("give either --year or --from/--to, not both"))
        if not 1900 <= year <= 9999:
            raise UsageError(_("--year: {year} is not a year").format(year=year))
        return date(year, 1, 1), date(year, 12, 31)
    last = parse_day(end, option="--to") if end else today
    first = parse_day(start, option="--from") if start else date(last.year, 1, 1)
    if first > last:
        raise UsageError(_("--from {first} is after --to {last}").format(first=first, last=last))
    return first, last


def kpi_command(
    repos: Annotated[
        list[Path] | None,
        typer.Option(
            "--repo",
            help="A record repository; repeat for one column per council "
            "(default: $LPSC_REPO, or the nearest folder upward holding lpsc.yaml).",
            file_okay=False,
            show_default=False,
            metavar="PATH",
        ),
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="The calendar year to report on.", show_default=False, metavar="YEAR")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", help="First day of the period (YYYY-MM-DD).", metavar="DATE")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last day of the period (YYYY-MM-DD; default today).", metavar="DATE")
    ] = None,
    as_of: AsOfOption = None,
    which: Annotated[
        KpiSet, typer.Option("--set", help="Which indicators: the council table, the checklist, or all.")
    ] = (KpiSet.council),
    output_format: Annotated[KpiFormat, typer.Option("--format", help="Output format.")] = KpiFormat.text,
    explain: Annotated[
        str | None,
        typer.Option(
            "--explain", help="Explain one indicator: its definition and the records behind it.", metavar="KPI"
        ),
    ] = None,
    lang: Annotated[
        Language | None,
        typer.Option("--lang", help="Language of the table (as lpsc --lang; default: the first council's)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file instead of standard output.", dir_okay=False),
    ] = None,
    strict: StrictOption = False,
    quiet: QuietOption = False,
) -> None:
    """Compute the council KPI table (A §3.6.3) and the case-management checklist (A Annex 3).

    The default period is the current year up to today; records dated after the as-of day do
    not count. Exit 0 with the report (files with errors are left out, each named on stderr; with
    --strict that is exit 1), 2 on a usage or configuration error.
    """
    # imported here, not at the top: `lpsc --help` must not load the indicators
    from lpsc_cli import i18n
    from lpsc_cli.cli.common import console
    from lpsc_cli.indicators import REGISTRY
    from lpsc_cli.indicators.report import kpi_report
    from lpsc_cli.reporters.kpi import REPORTERS, KpiView

    human = output_format is KpiFormat.text
    if lang is not None and human:
        i18n.activate(lang.value)
    with handle_errors():
        day = parse_day(as_of)
        first, last = period_of(year, start, end, today=parse_day(None) if as_of is None else day)
        if explain is not None:
            if explain not in REGISTRY.indicators:
                known = ", ".join(i.id for i in REGISTRY.select("all"))
                raise UsageError(_("--explain: no indicator '{kpi}' (known: {known})").format(kpi=explain, known=known))
            if output_format is KpiFormat.csv:
                raise UsageError(_("--explain prints text or json, not csv"))
        report = kpi_report(
            _each(repos, strict=strict, quiet=quiet),  # one council at a time: 61 councils, one in memory
            start=first,
            end=last,
            as_of=day,
            which="all" if explain else which.value,
            # titles: --lang, else the language of the run (text) or the first council's (machine
            # formats, which the global --lang and LPSC_LANG never change)
            language=lang.value if lang is not None else i18n.active() if human else None,
        )
    view = KpiView(width=console().width, language=report.lang, explain=explain)
    write_output(REPORTERS[output_format.value](report, view=view), output)


def _each(repos: list[Path] | None, *, strict: bool = False, quiet: bool = False) -> Iterator[Repository]:
    """Load each repository in turn (or the one found from $LPSC_REPO or the current folder);
    warn on bad ones. A long run shows a bar on a terminal: of the files read for one council,
    of the councils done for several."""
    from lpsc_cli.indicators import unknown_targets

    paths: list[Path | None] = list(repos) if repos else [None]
    several = len(paths) > 1
    with progress_bar(_("councils"), quiet=quiet or not several) as councils:
        for done, path in enumerate(paths):
            if councils is not None:
                councils(done, len(paths))
            repository = load(path, quiet=quiet or several)
            left_out(repository, strict=strict)
            for key in unknown_targets(repository.config.get("targets") or {}):
                message = _("{council}: lpsc.yaml targets.{key}: no such indicator; ignored")
                sys.stderr.write("lpsc: " + message.format(council=repository.council, key=key) + "\n")
            yield repository
            del repository  # let go of it before the next one is loaded
        if councils is not None:
            councils(len(paths), len(paths))


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add `lpsc kpi` to the app."""
    app.command("kpi")(kpi_command)
