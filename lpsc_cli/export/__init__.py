"""`lpsc export`: the records of one or more councils as SQLite, Excel or CSV tables.

`build(repos, options)` lays the tables out from the JSON Schemas and fills them from the
loaded records, then adds the computed indicators and obligations; `export(repos, options)`
also writes them with the writer of `options.format` (one module per format), atomically: the
output appears whole or not at all. See docs/export.md for the tables and columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from lpsc_cli.errors import UsageError
from lpsc_cli.export import csvfiles, sqlite, xlsx
from lpsc_cli.export.figures import Period, kpi_table, obligation_table
from lpsc_cli.export.tables import Table, TableSpec, layout, record_tables
from lpsc_cli.i18n import gettext as _
from lpsc_cli.model import KINDS
from lpsc_cli.schemas import SchemaSet

if TYPE_CHECKING:
    from lpsc_cli.repository import Repository

__all__ = ["FORMATS", "Dataset", "ExportOptions", "ExportResult", "Period", "build", "export"]

Format = Literal["sqlite", "xlsx", "csv"]
FORMATS: tuple[Format, ...] = ("sqlite", "xlsx", "csv")


@dataclass(frozen=True, kw_only=True)
class ExportOptions:
    """What to export and where.

    `public` keeps public fields only (and no obligations, which name internal records);
    `include_sealed` adds the sealed blocks of cases as they are (ciphertext), for a backup;
    `excel` starts each CSV file with a byte-order mark so that Excel reads it as UTF-8.
    """

    format: Format
    output: Path
    period: Period
    public: bool = False
    include_sealed: bool = False
    excel: bool = False

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise UsageError(
                _("--format: '{format}' is not one of {choices}").format(format=self.format, choices=", ".join(FORMATS))
            )
        if self.public and self.include_sealed:
            raise UsageError(_("--public and --include-sealed exclude each other"))
        if self.excel and self.format != "csv":
            raise UsageError(_("--excel applies to --format csv only"))


@dataclass(frozen=True, slots=True)
class Dataset:
    """Every table of an export: the record tables, then the computed ones."""

    councils: tuple[str, ...]
    tables: tuple[Table, ...]
    schemas: SchemaSet

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.spec.name == name)


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What was written: the main path, any file beside it, and the row count of each table."""

    path: Path
    extra: tuple[Path, ...]
    rows: dict[str, int]


def build(repos: Sequence[Repository], options: ExportOptions) -> Dataset:
    """The tables of `repos` (one set of tables, a `council` column telling councils apart)."""
    if not repos:
        raise UsageError(_("nothing to export: no repository given"))
    councils = [r.council for r in repos]
    if len(set(councils)) != len(councils):
        raise UsageError(_("the same council is given twice ({councils})").format(councils=", ".join(councils)))
    schemas = SchemaSet()
    specs: list[TableSpec] = layout(schemas, public=options.public, include_sealed=options.include_sealed)
    tables = record_tables(specs, ((r.council, r.language, {kind: r.of(kind) for kind in KINDS}) for r in repos))
    tables.append(kpi_table(list(repos), options.period))
    if not options.public:
        tables.append(obligation_table(list(repos), options.period))
    return Dataset(councils=tuple(councils), tables=tuple(tables), schemas=schemas)


def export(repos: Sequence[Repository], options: ExportOptions) -> ExportResult:
    """Build the tables of `repos` and write them in `options.format` to `options.output`."""
    if not options.output.parent.is_dir():
        raise UsageError(
            _("-o: the folder {folder} does not exist (create it first)").format(folder=options.output.parent)
        )
    if options.format != "csv" and options.output.is_dir():
        raise UsageError(
            _("-o: {path} is a folder; give the name of the {format} file to write").format(
                path=options.output, format=options.format
            )
        )
    dataset = build(repos, options)
    writer = {"sqlite": sqlite.write, "xlsx": xlsx.write, "csv": csvfiles.write}[options.format]
    extra = writer(dataset, options.output, excel=options.excel)
    return ExportResult(options.output, tuple(extra), {t.spec.name: len(t.rows) for t in dataset.tables})
