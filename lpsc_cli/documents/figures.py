"""The figures behind a report, as JSON-ready data: what `report ... --format json` would print.

A report's builder (`DOCUMENTS[name].build`) computes the values its template shows; here they
are turned into plain JSON types (dates as ISO text). Breakdowns keep what the document shows
and nothing more: a small count appears as the document prints it (`< 3`), never as its exact
number, and a breakdown withheld in the document has no rows here either.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from lpsc_cli.documents import REPORTS, document_named
from lpsc_cli.documents.builders import Request
from lpsc_cli.errors import UsageError
from lpsc_cli.i18n import gettext as _
from lpsc_cli.repository import Repository

FIGURES_FORMAT = 1


def _shown(row: Mapping[str, Any]) -> dict[str, Any]:
    """A breakdown row as the document shows it: its value and its shown count only."""
    return {key: _plain(value) for key, value in row.items() if key != "count"}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        if value.get("withheld") is True and "rows" in value:
            return {**{k: _plain(v) for k, v in value.items() if k != "rows"}, "rows": []}
        if "shown" in value and "count" in value:
            return _shown(value)
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def report_figures(
    repo: Repository, report: str, period: str, *, as_of: date, lang: str | None = None
) -> dict[str, Any]:
    """The figures of report `report` (annual, monitoring, prefect) for `period`, JSON-ready."""
    if report not in REPORTS:
        raise UsageError(
            _("unknown report '{report}' (choose one of {choices})").format(report=report, choices=", ".join(REPORTS))
        )
    language = lang or repo.language
    spec = document_named(report)
    context = spec.build(repo, period, Request(lang=language, as_of=as_of, sealed=None))
    return {
        "format": FIGURES_FORMAT,
        "report": report,
        "council": repo.council,
        "period": period,
        "as_of": as_of.isoformat(),
        "lang": language,
        "figures": _plain(context),
    }
