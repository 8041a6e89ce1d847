"""The SQLite writer: one table per record kind and list, keys, indexes, views, Datasette metadata.

The database is written to a temporary file beside the target and moved into place when
complete, so a reader never sees half a database; the Datasette metadata file beside it
(`<name>.metadata.json`) is written the same way.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lpsc_cli.errors import LpscError
from lpsc_cli.export.tables import TableSpec
from lpsc_cli.i18n import gettext as _
from lpsc_cli.store import write_atomic

if TYPE_CHECKING:
    from lpsc_cli.export import Dataset

#: Views over the computed tables: what an analyst opens first.
VIEWS: dict[str, tuple[str, str, str]] = {
    "kpi": (
        "kpi_results",
        "The KPI table and the case-management checklist, one row per indicator and council.",
        'SELECT council, "set", id, title_en, title_sq, unit, value, target, met, numerator, denominator, '
        "computable, reason, source, period_from, period_to, as_of FROM kpi_results ORDER BY _row",
    ),
    "obligations": (
        "obligation_results",
        "Obligations with their status on the day judged: overdue first, then by due date.",
        "SELECT council, status, due, days, unit, rule, record, obligation, severity, done, period, file, as_of "
        "FROM obligation_results ORDER BY CASE status WHEN 'overdue' THEN 0 WHEN 'due-soon' THEN 1 "
        "WHEN 'upcoming' THEN 2 ELSE 3 END, due, council, rule",
    ),
}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create(spec: TableSpec) -> list[str]:
    """The DDL of one table and its indexes."""
    columns = ["_row INTEGER PRIMARY KEY"]
    if spec.parent is not None:
        columns.append(f"_parent INTEGER NOT NULL REFERENCES {_quote(spec.parent)}(_row)")
        columns += ["council TEXT NOT NULL", "record_id TEXT NOT NULL", "position INTEGER NOT NULL"]
    else:
        columns.append("council TEXT NOT NULL")
    columns += [f"{_quote(c.name)} {c.sql_type}".rstrip() for c in spec.columns]
    statements = [f"CREATE TABLE {_quote(spec.name)} ({', '.join(columns)})"]
    indexed = ["_parent"] if spec.parent is not None else []
    names = {c.name for c in spec.columns}
    if spec.parent is None and "id" in names:
        statements.append(
            f"CREATE UNIQUE INDEX {_quote(f'{spec.name}_council_id')} ON {_quote(spec.name)}(council, id)"
        )
    indexed += [c.name for c in spec.columns if c.temporal or c.name == "id" or c.name.endswith("_id")]
    statements += [
        f"CREATE INDEX {_quote(f'{spec.name}_{column}')} ON {_quote(spec.name)}({_quote(column)})"
        for column in dict.fromkeys(indexed)
    ]
    return statements


def write_database(dataset: Dataset, path: Path) -> None:
    """Write every table of `dataset` into a new SQLite database at `path` (which must not exist)."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("BEGIN")
        names = {t.spec.name for t in dataset.tables}
        for table in dataset.tables:
            create, *indexes = _create(table.spec)
            db.execute(create)
            marks = ", ".join("?" * len(table.spec.column_names))
            # names come from the schemas and are quoted; values are bound parameters
            db.executemany(f"INSERT INTO {_quote(table.spec.name)} VALUES ({marks})", table.rows)  # noqa: S608
            for statement in indexes:  # after the rows: one sort instead of an update per row
                db.execute(statement)
        for view, (base, _, query) in VIEWS.items():
            if base in names:
                db.execute(f"CREATE VIEW {_quote(view)} AS {query}")
        db.execute("COMMIT")
    finally:
        db.close()


def metadata(dataset: Dataset, database: str) -> dict[str, Any]:
    """Datasette metadata: titles and descriptions of the tables and columns, from the schemas."""
    tables: dict[str, Any] = {}
    for table in dataset.tables:
        spec = table.spec
        columns = {"_row": "Row number (the table's key).", "council": "The council's id."}
        if spec.parent is not None:
            columns |= {
                "_parent": f"The row of {spec.parent} this row belongs to.",
                "record_id": "The id of the record this row belongs to.",
                "position": "The place in the list, from 1.",
            }
        columns |= {c.name: c.description for c in spec.columns if c.description}
        tables[spec.name] = {"title": spec.title, "description": spec.description, "columns": columns}
    for view, (base, description, _query) in VIEWS.items():
        if base in tables:
            tables[view] = {"title": view.capitalize(), "description": description}
    return {
        "title": f"lpsc records: {', '.join(dataset.councils)}",
        "description": "Records of Local Public Safety Councils exported by lpsc; the kpi and obligations "
        "views hold the figures lpsc computed at export time.",
        "databases": {database: {"tables": tables}},
    }


def metadata_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.metadata.json")


def write(dataset: Dataset, path: Path, *, excel: bool = False) -> list[Path]:
    """Write the database at `path` (replacing it whole) and its Datasette metadata beside it."""
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(temporary)
    try:
        tmp.unlink()
        write_database(dataset, tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except (OSError, sqlite3.Error) as exc:
        raise LpscError(_("cannot write {path}: {error}").format(path=path, error=exc)) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    side = metadata_path(path)
    text = json.dumps(metadata(dataset, path.stem), ensure_ascii=False, indent=2) + "\n"
    write_atomic(side, text.encode("utf-8"), overwrite=True)
    return [side]
