"""Reporters for the `list` commands: rows (flat mappings, one per record) as text, json or csv.

The rows come from the library (`editing.people.member_rows`, `editing.cases.case_rows`...);
every row has the same keys, in column order.

* text — an aligned table for people, in the active language: a header naming each key
  (`headers`: `id`, `name`... in English, `emri`... in Albanian), yes/no and numbers the
  language's way; cells on one line, cut at 40 characters with `…`; the view's `empty` line
  when there are no rows.
* json — a list of objects, as the rows are.
* csv — a header and one line per row; lists joined with commas; text cells neutralised
  against formulas (see `lpsc_cli.reporters.spreadsheet`); nothing at all when there are no rows.

json and csv are machine formats: their keys, headers and words are the same in every language.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lpsc_cli.controls import strip_controls
from lpsc_cli.i18n import active, format_number, translations
from lpsc_cli.i18n import gettext as _
from lpsc_cli.reporters import Registry, View
from lpsc_cli.reporters.spreadsheet import Cell, csv_text

Rows = Sequence[Mapping[str, Any]]

#: How long a text cell may be in the table before it is cut.
CELL_LIMIT = 40


@dataclass(frozen=True, kw_only=True)
class RowsView(View):
    """`empty`: the line the text table shows when there are no rows (`no members`)."""

    empty: str = ""


def pgettext(context: str, message: str) -> str:
    """`message` in the active language, as the catalog translates it in `context`."""
    return translations(active()).pgettext(context, message)


def headers(keys: Sequence[str]) -> list[str]:
    """The header a person reads for each key of the rows, in the active language (the key itself
    when it has none). `to` is a date when the rows also have `from` (a plan's period), else the
    recipients (a report's)."""
    known = {
        "id": pgettext("column", "id"),
        "name": pgettext("column", "name"),
        "institution": pgettext("column", "institution"),
        "position": pgettext("column", "position"),
        "roles": pgettext("column", "roles"),
        "term_from": pgettext("column", "term_from"),
        "term_to": pgettext("column", "term_to"),
        "declaration": pgettext("column", "declaration"),
        "sector": pgettext("column", "sector"),
        "members": pgettext("column", "members"),
        "type": pgettext("column", "type"),
        "date": pgettext("column", "date"),
        "start": pgettext("column", "start"),
        "location": pgettext("column", "location"),
        "present": pgettext("column", "present"),
        "invited": pgettext("column", "invited"),
        "decisions": pgettext("column", "decisions"),
        "stage": pgettext("column", "stage"),
        "kind": pgettext("column", "kind"),
        "topic": pgettext("column", "topic"),
        "hours": pgettext("column", "hours"),
        "participants": pgettext("column", "participants"),
        "pre": pgettext("column", "pre"),
        "post": pgettext("column", "post"),
        "period": pgettext("column", "period"),
        "submitted": pgettext("column", "submitted"),
        "status": pgettext("column", "status"),
        "received": pgettext("column", "received"),
        "code": pgettext("column", "code"),
        "concerns": pgettext("column", "concerns"),
        "emergency": pgettext("column", "emergency"),
        "red_flag": pgettext("column", "red_flag"),
        "risk": pgettext("column", "risk"),
        "manager": pgettext("column", "manager"),
        "last_contact": pgettext("column", "last_contact"),
        "from": pgettext("column", "from"),
        "approved_at": pgettext("column", "approved_at"),
        "items": pgettext("column", "items"),
        "activities": pgettext("column", "activities"),
        "progress": pgettext("column", "progress"),
        "number": pgettext("column", "number"),
        "priority": pgettext("column", "priority"),
        "text": pgettext("column", "text"),
        "responsible": pgettext("column", "responsible"),
        "timing": pgettext("column", "timing"),
        "percent": pgettext("column", "percent"),
        "due": pgettext("column", "due"),
        "recurring": pgettext("column", "recurring"),
        "to": pgettext("column: until", "to") if "from" in keys else pgettext("column: recipients", "to"),
    }
    return [known.get(key, key) for key in keys]


def _text(value: Any, *, limit: int | None, words: bool = False) -> str:
    """A value on one line: yes/no, `1.5`, lists joined with commas, whitespace collapsed, and
    no terminal control sequence (one cut in half by the cell limit would show its remains).
    With `words`, yes/no and numbers are written in the active language (text output, for
    people); without, in English (csv)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        if words:
            return _("yes") if value else _("no")
        return "yes" if value else "no"
    if isinstance(value, float):
        return format_number(value, digits=2) if words else f"{value:g}"
    if isinstance(value, list | tuple):
        value = ",".join(str(v) for v in value)
    text = " ".join(strip_controls(str(value)).split())
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def text_report(rows: Rows, *, view: RowsView) -> str:
    """An aligned table (two spaces between columns), or the view's `empty` line."""
    if not rows:
        return (view.empty or _("nothing to list")) + "\n"
    keys = list(rows[0].keys())
    table = [headers(keys), *([_text(value, limit=CELL_LIMIT, words=True) for value in row.values()] for row in rows)]
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
