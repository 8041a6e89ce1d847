"""lpsc: the records of a Local Public Safety Council, kept as YAML in git, checked and reported.

The public API is small and lazy (importing the package costs nothing until a name is used):

- `load_repository(path)` — the loaded records and the findings of loading them;
- `check(repo, options)` — every finding about the records;
- `deadlines(repo, DeadlineOptions(...))` — every obligation with its due date and status;
- `compute(repo, start=, end=, as_of=)` — the indicators;
- `render(repo, document, target, lang=, fmt=, as_of=)` — a document.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "load_repository": "lpsc_cli.repository",
    "check_repository": "lpsc_cli.checks",
    "CheckOptions": "lpsc_cli.checks",
    "deadlines": "lpsc_cli.rules",
    "DeadlineOptions": "lpsc_cli.rules",
    "compute": "lpsc_cli.indicators",
    "render": "lpsc_cli.documents",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(name)
    from importlib import import_module

    return getattr(import_module(module), name)
