"""lpsc: the records of a Local Public Safety Council, kept as YAML in git, checked and reported.

The Python API for scripts (docs/api.md), importable from here. Importing the package costs
nothing until a name is used:

- `load_repository(path)` — the loaded records, and in `.issues` the findings of loading them;
- `check(repo, as_of=)` — every finding about the records (`.ok`, `.issues`, `.counts`);
- `obligations(repo, as_of=)` — every obligation with its due date and status;
- `compute_indicators(repo, start=, end=, as_of=)` — the KPI table and the checklist;
- `render_document(repo, document, target, as_of=, fmt=)` — a document as bytes;
- `export_records(repos, format=, output=, as_of=)` — SQLite, Excel or CSV tables.

The lower-level names behind them stay available: `check_repository` with `CheckOptions`,
`deadlines` with `DeadlineOptions`, `compute`, `render`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "load_repository": "lpsc_cli.repository",
    "Repository": "lpsc_cli.repository",
    "Record": "lpsc_cli.model",
    "Issue": "lpsc_cli.errors",
    "LpscError": "lpsc_cli.errors",
    "check": "lpsc_cli.api",
    "obligations": "lpsc_cli.api",
    "compute_indicators": "lpsc_cli.api",
    "render_document": "lpsc_cli.api",
    "export_records": "lpsc_cli.api",
    "CheckResult": "lpsc_cli.checks",
    "Deadline": "lpsc_cli.rules",
    "KpiResult": "lpsc_cli.indicators",
    "ExportResult": "lpsc_cli.export",
    "check_repository": "lpsc_cli.checks",
    "CheckOptions": "lpsc_cli.checks",
    "deadlines": "lpsc_cli.rules",
    "DeadlineOptions": "lpsc_cli.rules",
    "compute": "lpsc_cli.indicators",
    "render": "lpsc_cli.documents",
}

# Spelled out (not `[*_LAZY]`) so that linters and editors see the exported names.
__all__ = [
    "CheckOptions",
    "CheckResult",
    "Deadline",
    "DeadlineOptions",
    "ExportResult",
    "Issue",
    "KpiResult",
    "LpscError",
    "Record",
    "Repository",
    "__version__",
    "check",
    "check_repository",
    "compute",
    "compute_indicators",
    "deadlines",
    "export_records",
    "load_repository",
    "obligations",
    "render",
    "render_document",
]

if TYPE_CHECKING:  # what type checkers and editors see; at run time the names load on first use
    from lpsc_cli.api import check, compute_indicators, export_records, obligations, render_document
    from lpsc_cli.checks import CheckOptions, CheckResult, check_repository
    from lpsc_cli.documents import render
    from lpsc_cli.errors import Issue, LpscError
    from lpsc_cli.export import ExportResult
    from lpsc_cli.indicators import KpiResult, compute
    from lpsc_cli.model import Record
    from lpsc_cli.repository import Repository, load_repository
    from lpsc_cli.rules import Deadline, DeadlineOptions, deadlines


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'lpsc_cli' has no attribute '{name}'")
    from importlib import import_module

    return getattr(import_module(module), name)


def __dir__() -> list[str]:
    return sorted(__all__)
