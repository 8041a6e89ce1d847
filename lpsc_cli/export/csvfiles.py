"""The CSV writer: a folder with one UTF-8 file per table (`--excel`: with a byte-order mark).

Text that a spreadsheet would run as a formula is prefixed with `'` (see `spreadsheet_safe`).
The folder is filled under a temporary name beside the target and renamed into place; a folder
already at the target is replaced only when it holds nothing but CSV files.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from lpsc_cli.errors import LpscError, UsageError
from lpsc_cli.export.tables import Table, spreadsheet_safe
from lpsc_cli.i18n import gettext as _

if TYPE_CHECKING:
    from lpsc_cli.export import Dataset

BOM = "\ufeff"


def table_text(table: Table, *, excel: bool = False) -> str:
    buffer = io.StringIO()
    if excel:
        buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.spec.column_names)
    for row in table.rows:
        writer.writerow(["" if v is None else spreadsheet_safe(int(v) if isinstance(v, bool) else v) for v in row])
    return buffer.getvalue()


def write(dataset: Dataset, path: Path, *, excel: bool = False) -> list[Path]:
    """Write one `<table>.csv` per table into the folder `path`, replacing it whole."""
    if path.exists() and (not path.is_dir() or any(p.suffix != ".csv" for p in path.iterdir())):
        raise UsageError(
            _("-o: {path} exists and is not a folder of CSV files; refusing to replace it").format(path=path)
        )
    staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    old = None
    try:
        for table in dataset.tables:
            with open(staging / f"{table.spec.name}.csv", "w", encoding="utf-8", newline="") as handle:
                handle.write(table_text(table, excel=excel))
                handle.flush()
                os.fsync(handle.fileno())
        if path.exists():
            old = path.with_name(f".{path.name}.old-{os.getpid()}")
            os.replace(path, old)
        os.replace(staging, path)
    except OSError as exc:
        raise LpscError(_("cannot write {path}: {error}").format(path=path, error=exc)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return []
