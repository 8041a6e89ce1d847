"""Creating and changing records: the library behind `lpsc member|meeting|case|plan|... add/new/<verb>`.

Each function takes a loaded `Repository`, a small frozen dataclass of fields and
`WriteOptions`, and returns a `WriteResult` (the file, its text, the commit). Problems that
stop a write are `RecordError`s carrying the same findings `lpsc check` would print; values
that cannot be read are `UsageError`s. Nothing here prompts, prints or reads the clock.

    from lpsc_cli.editing import WriteOptions, cases
    result = cases.screen(repo, "case-2025-004", cases.Screening(date="2025-02-14", outcome="eligible"),
                          options=WriteOptions())
    print(result.file, result.commit.describe())

Modules: `core` (create, change, validate, write, commit), `values` (reading option values),
`people` (institutions, members), `meetings`, `cases`, `plans`, `trainings`, `reports`.

Extension point for sealed data: every case step takes `finish`, a function that receives the
editable document last (after the step's own change, before the checks and the write), e.g. to
add or re-encrypt the `sealed` block.

The package imports its modules lazily, so that the command line can read the choices in
`values` without loading YAML, schemas or git.
"""

from __future__ import annotations

import importlib
from typing import Any

_CORE = {"Change", "WriteOptions", "WriteResult", "change_record", "create_record", "findings", "locate_record",
         "record_file"}  # fmt: skip
_MODULES = {"core", "values", "people", "meetings", "cases", "plans", "trainings", "reports"}

__all__ = sorted(_CORE | _MODULES)


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return importlib.import_module(f"lpsc_cli.editing.{name}")
    if name in _CORE:
        return getattr(importlib.import_module("lpsc_cli.editing.core"), name)
    raise AttributeError(f"module 'lpsc_cli.editing' has no attribute '{name}'")
