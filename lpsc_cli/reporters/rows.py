"""Reporters for the `list` commands: rows (flat mappings, one per record) as text, json or csv.

The rows come from the library (`editing.people.member_rows`, `editing.cases.case_rows`...);
every row has the same keys, in column order.

* text — an aligned table with the keys as header; cells on one line, cut at 40 characters
  with `…`; the view's `empty` line when there are no rows.
* json — a list of objects, as the rows are.
* csv — a header and one line per row; lists joined with commas; text cells neutralised
  against formulas (see `lpsc_cli.reporters.spreadsheet`); nothing at all when there are no rows.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lpsc_cli.controls import strip_controls
from lpsc_cli.reporters import Registry, View
from lpsc_cli.reporters.spreadsheet import Cell, csv_text

Rows = Sequence[Mapping[str, Any]]

#: How long a text cell may be in the table before it is cut.
CELL_LIMIT = 40


@dataclass(frozen=True, kw_only=True)
class RowsView(View):
    """`empty`: the line the text table shows when there are no rows (`no members`)."""

    empty: str = "nothing to list"


def _text(value: Any, *, limit: int | None) -> str:
    """A value on one line: yes/no, `1.5`, lists joined with commas, whitespace collapsed, and
    no terminal control sequence (one cut in half by the cell limit would show its remains)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        value = ",".join(str(v) for v in value)
    text = " ".join(strip_controls(str(value)).split())
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def text_report(rows: Rows, *, view: RowsView) -> str:
    """An aligned table (two spaces between columns), or the view's `empty` line."""
    if not rows:
        return view.empty + "\n"
    table = [list(rows[0].keys()), *([_text(value, limit=CELL_LIMIT) for value in row.values()] for row in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    lines = ("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip() for line in table)
    return "".join(line + "\n" for line in lines)


def json_report(rows: Rows, *, view: RowsView) -> str:
    return json.dumps([dict(row) for row in rows], ensure_ascii=False, indent=2) + "\n"


def _csv_cell(value: Any) -> Cell:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return _text(value, limit=None)


def csv_report(rows: Rows, *, view: RowsView) -> str:
    """A header and one line per row; nothing when there are no rows."""
    if not rows:
        return ""
    return csv_text(list(rows[0].keys()), ([_csv_cell(value) for value in row.values()] for row in rows))


REPORTERS: Registry[Rows, RowsView] = {"text": text_report, "json": json_report, "csv": csv_report}
