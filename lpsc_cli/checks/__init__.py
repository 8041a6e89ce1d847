"""`lpsc check`: every finding about a repository, from one registry of small checks.

Each module here is one check (references, consistency, composition, assignments, obligations,
declarations, leaks, templates, signatures, ...). The run itself (`CheckOptions`,
`CheckResult`, `CHECKS`, `registry`, `check_repository`, `check_root`) is in `checks.runner`,
and its names are read from here too. They are imported on first use: a record command
imports `checks.references` and `checks.consistency` to judge the one record it writes, and
does not load every other check (and the rules and indicators they read) for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lpsc_cli.checks.runner import CHECKS, Check, CheckOptions, CheckResult, check_repository, check_root, registry

__all__ = ["CHECKS", "Check", "CheckOptions", "CheckResult", "check_repository", "check_root", "registry"]


def __getattr__(name: str) -> Any:
    """The runner's names, imported with the runner when first asked for (PEP 562)."""
    if name in __all__:
        from lpsc_cli.checks import runner  # every check with it: only when a run is asked for

        return getattr(runner, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
