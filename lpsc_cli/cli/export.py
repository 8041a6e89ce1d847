"""`lpsc export`: the records as SQLite, Excel or CSV tables for analysts (docs/export.md)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from lpsc_cli.cli.common import AsOfOption, handle_errors, left_out, parse_day
from lpsc_cli.i18n import gettext as _
from lpsc_cli.i18n import ngettext

# The library is imported inside each command, not here: `lpsc --help` and every other command's
# start-up must not load YAML, schemas, git or the checks (docs/architecture.md).


class ExportFormat(StrEnum):
    sqlite = "sqlite"
    xlsx = "xlsx"
    csv = "csv"


def export_command(
    output_format: Annotated[ExportFormat, typer.Option("--format", help="sqlite, xlsx, or csv (a folder).")],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="The database, workbook, or (csv) folder to write; replaced whole.", metavar="PATH"
        ),
    ],
    repos: Annotated[
        list[Path] | None,
        typer.Option(
            "--repo",
            help="A record repository; repeat for one national data set with a council column "
            "(default: $LPSC_REPO, or the nearest folder upward holding lpsc.yaml).",
            file_okay=False,
            show_default=False,
            metavar="PATH",
        ),
    ] = None,
    public: Annotated[bool, typer.Option("--public", help="Public fields only (fit to publish).")] = False,
    include_sealed: Annotated[
        bool, typer.Option("--include-sealed", help="Add the sealed blocks of cases as ciphertext (for a backup).")
    ] = False,
    excel: Annotated[bool, typer.Option("--excel", help="CSV: start each file with a BOM for Excel.")] = False,
    year: Annotated[
        int | None,
        typer.Option("--year", help="Year of the indicators (default: the as-of day's year to date).", metavar="YEAR"),
    ] = None,
    as_of: AsOfOption = None,
) -> None:
    """Export the records, the indicators and the obligations as tables.

    SQLite gets one table per record kind and per list (attendance, activities, contacts, ...),
    keys, indexes, the views `kpi` and `obligations`, and a Datasette `<name>.metadata.json`
    beside it. Exit 0 when written, 2 on a usage or configuration error.
    """
    from lpsc_cli.export import ExportOptions, Period, export
    from lpsc_cli.repository import load_repository

    with handle_errors():
        day = parse_day(as_of)
        start, end = (date(year, 1, 1), date(year, 12, 31)) if year else (date(day.year, 1, 1), day)
        options = ExportOptions(
            format=output_format.value,
            output=output,
            period=Period(start=start, end=end, as_of=day),
            public=public,
            include_sealed=include_sealed,
            excel=excel,
        )
        paths: list[Path | None] = list(repos) if repos else [None]
        loaded = [load_repository(path) for path in paths]
        for repository in loaded:
            left_out(repository, strict=False)
        if public:
            from lpsc_cli.cli.exposure import guard_public_fields

            guard_public_fields(loaded)
        result = export(loaded, options)
    tables = ngettext("{n} table", "{n} tables", len(result.rows)).format(n=len(result.rows))
    rows = ngettext("{n} row", "{n} rows", sum(result.rows.values())).format(n=sum(result.rows.values()))
    typer.echo(_("wrote {path} ({tables}, {rows})").format(path=result.path, tables=tables, rows=rows))
    for extra in result.extra:
        typer.echo(_("wrote {path}").format(path=extra))


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    app.command("export")(export_command)
