"""`lpsc report add|list`: record that a report was submitted (rendering is `lpsc report annual|...`)."""

from typing import Annotated

import typer

from lpsc_cli.cli.common import RepoOption, handle_errors, load
from lpsc_cli.cli.helpview import one_of
from lpsc_cli.cli.writing import (
    CommitOption,
    DryRunOption,
    ListFormat,
    ListFormatOption,
    OutputOption,
    YearOption,
    day,
    maybe_pick,
    pick,
    print_rows,
    required,
    run_write,
    write_options,
)
from lpsc_cli.i18n import N_
from lpsc_cli.i18n import gettext as _
from lpsc_cli.vocabulary import REPORT_KINDS, REPORT_TO

# The library is imported inside each command, not here: `lpsc --help` and every other command's
# start-up must not load YAML, schemas, git or the checks (docs/architecture.md).


def report_add(
    kind: Annotated[str | None, typer.Option("--kind", help=one_of(REPORT_KINDS))] = None,
    period: Annotated[str | None, typer.Option("--period", help="YYYY, YYYY-H1, YYYY-Q3 or YYYY-MM.")] = None,
    submitted: Annotated[
        str | None, typer.Option("--submitted", help="Date it was submitted (YYYY-MM-DD or 'today').")
    ] = None,
    to: Annotated[
        list[str] | None, typer.Option("--to", help=one_of(REPORT_TO, N_("Recipient (repeat): {values}.")))
    ] = None,
    protocol: Annotated[str | None, typer.Option("--protocol", help="Protocol number of the cover letter.")] = None,
    report_id: Annotated[
        str | None, typer.Option("--id", help="Id (default from kind and period: annual-2025, prefect-2025-03).")
    ] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record a report submission: annual report, Prefect reports, chair's report, monitoring."""
    from lpsc_cli.editing import reports
    from lpsc_cli.editing.values import choices, parse_period, record_id

    with handle_errors():
        submission = reports.Submission(
            kind=pick(kind, REPORT_KINDS, option="--kind", prompt=_("Kind")),
            period=parse_period(
                required(period, option="--period", prompt=_("Period (e.g. 2025, 2025-03)")), option="--period"
            ),
            submitted=day(required(submitted, option="--submitted", prompt=_("Submitted on")), option="--submitted"),
            to=tuple(choices(to or (), REPORT_TO, option="--to")),
            protocol=protocol,
            id=record_id(report_id, option="--id") if report_id else None,
        )
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: reports.add_report(r, submission, options=options))


def report_list(
    kind: Annotated[str | None, typer.Option("--kind", help=one_of(REPORT_KINDS))] = None,
    year: YearOption = None,
    output_format: ListFormatOption = ListFormat.text,
    output: OutputOption = None,
    repo: RepoOption = None,
) -> None:
    """List report submissions by period."""
    from lpsc_cli.editing import reports

    with handle_errors():
        picked = maybe_pick(kind, REPORT_KINDS, option="--kind")
        rows = reports.report_rows(load(repo), kind=picked, year=year)
    print_rows(rows, output_format, empty=_("no report submissions"), output=output)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    groups["report"].command("add")(report_add)
    groups["report"].command("list")(report_list)
