"""CSV that a spreadsheet opens safely: every `--format csv` is written here.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (and tab and
carriage return can start one too), so a record's text such as `=HYPERLINK("http://…")` would
become a live link or a command when an analyst opens the file. Following the OWASP rule
("CSV Injection"), such a text cell is written with a `'` in front, which spreadsheets show as
text and do not evaluate. Numbers that lpsc computes (a count, `-2.5`) are written as numbers:
only text is neutralised, after any whitespace collapsing the caller does.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

#: First characters that make a spreadsheet read a cell as a formula (OWASP, CSV Injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float


def neutralise(value: str) -> str:
    """`value` with a `'` in front when a spreadsheet would read it as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def cell(value: Cell) -> str:
    """A cell's text: text neutralised, numbers (not booleans) written as they are."""
    if isinstance(value, bool):
        return neutralise(str(value))
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    return neutralise(value)


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """A header and rows as CSV (`\\n` line ends), every cell passed through `cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([cell(name) for name in header])
    writer.writerows([cell(value) for value in row] for row in rows)
    return buffer.getvalue()
