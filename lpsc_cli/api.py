"""The Python API for scripts: load, check, obligations, indicators, documents, export.

Every function takes a loaded `Repository` (or several) and plain keyword arguments, returns a
value, prints nothing, and takes the day it judges by (`as_of`) as an argument: a script
decides what "today" is. These names are stable; `lpsc_cli` exports them (docs/api.md).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from lpsc_cli.checks import CheckOptions, CheckResult, check_repository
from lpsc_cli.documents import render
from lpsc_cli.export import ExportOptions, ExportResult, Format, Period, export
from lpsc_cli.indicators import KpiResult, compute
from lpsc_cli.repository import Repository
from lpsc_cli.rules import STATUSES, Deadline, run_rules

__all__ = [
    "check",
    "compute_indicators",
    "export_records",
    "obligations",
    "render_document",
]


def check(repo: Repository, *, as_of: date, strict: bool = False) -> CheckResult:
    """Every finding about the records, as `lpsc check` reports them; `result.ok` as its exit code."""
    return check_repository(repo, CheckOptions(as_of=as_of, strict=strict))


def obligations(
    repo: Repository, *, as_of: date, within: int = 14, statuses: Sequence[str] = STATUSES
) -> list[Deadline]:
    """Every obligation with its due date and status on `as_of`, overdue first, then by due date.

    `within` is the due-soon horizon in days; `statuses` keeps only those (default: all).
    """
    return run_rules(repo, as_of=as_of, within=within, keep=frozenset(statuses))


def compute_indicators(repo: Repository, *, start: date, end: date, as_of: date, which: str = "all") -> list[KpiResult]:
    """The indicators of `which` (`council`, `checklist` or `all`) over `start`..`end`."""
    return compute(repo, start=start, end=end, as_of=as_of, which=which)


def render_document(
    repo: Repository, document: str, target: str, *, as_of: date, lang: str | None = None, fmt: str = "md"
) -> bytes:
    """A document as bytes: Markdown or HTML in UTF-8, or a Word file (`fmt="docx"`).

    `target` is a record id (a meeting, plan, case or member) or, for the reports `annual`,
    `monitoring` and `prefect`, a period (`2025`, `2025-H1`, `2025-03`).
    """
    rendered = render(repo, document, target, lang=lang, fmt=fmt, as_of=as_of)
    return rendered.encode("utf-8") if isinstance(rendered, str) else rendered


def export_records(
    repos: Sequence[Repository],
    *,
    format: Format,
    output: str | os.PathLike[str],
    as_of: date,
    start: date | None = None,
    end: date | None = None,
    public: bool = False,
    include_sealed: bool = False,
    excel: bool = False,
) -> ExportResult:
    """Write the records of `repos` as SQLite, Excel or CSV tables (see docs/export.md).

    The indicators cover `start`..`end` (default: the year of `as_of`, up to `as_of`).
    """
    period = Period(start=start or date(as_of.year, 1, 1), end=end or as_of, as_of=as_of)
    options = ExportOptions(
        format=format, output=Path(output), period=period, public=public, include_sealed=include_sealed, excel=excel
    )
    return export(list(repos), options)
