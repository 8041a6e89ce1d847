"""The Excel writer: one sheet per table, dates as dates, the header row frozen, widths fitted.

Text that a spreadsheet would run as a formula is prefixed with `'` (see `spreadsheet_safe`).
The workbook is built in memory and written atomically.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lpsc_cli.export.tables import Table, spreadsheet_safe
from lpsc_cli.store import write_atomic

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from lpsc_cli.export import Dataset

MAX_WIDTH = 60
SHEET_NAME_LIMIT = 31  # Excel's limit on sheet names
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def _temporal(value: Any, kind: str | None) -> Any:
    """A date or date-time value of a temporal column; text that is not one stays text."""
    if kind is None or not isinstance(value, str):
        return value
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value)
    except ValueError:
        return value


def _sheet(book: Workbook, table: Table, used: set[str]) -> None:
    name = table.spec.name[:SHEET_NAME_LIMIT]
    while name in used:  # two long names cut to the same prefix
        name = f"{name[: SHEET_NAME_LIMIT - 2]}~{len(used) % 10}"
    used.add(name)
    sheet: WriteOnlyWorksheet = book.create_sheet(name)
    header = table.spec.column_names
    kinds: list[str | None] = [None for _ in table.spec.structural]
    kinds += [c.temporal for c in table.spec.columns]
    widths = [len(h) for h in header]
    converted: list[list[Any]] = []
    for row in table.rows:
        cells = []
        for index, value in enumerate(row):
            value = spreadsheet_safe(_temporal(value, kinds[index]))
            cells.append(value)
            shown = 16 if isinstance(value, datetime) else 10 if isinstance(value, date) else len(str(value or ""))
            if shown > widths[index]:
                widths[index] = shown
        converted.append(cells)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_WIDTH)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    title_cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        title_cells.append(cell)
    sheet.append(title_cells)
    for cells in converted:
        sheet.append([_styled(sheet, value) for value in cells])


def _styled(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return value


def workbook_bytes(dataset: Dataset) -> bytes:
    book = Workbook(write_only=True)
    used: set[str] = set()
    for table in dataset.tables:
        _sheet(book, table, used)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write(dataset: Dataset, path: Path, *, excel: bool = False) -> list[Path]:
    """Write the workbook at `path`, replacing any file there whole."""
    write_atomic(path, workbook_bytes(dataset), overwrite=True)
    return []
