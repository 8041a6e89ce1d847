"""The council configuration beyond its schema: KPI targets must name known indicators.

Rule settings and closure days are checked with the rules (`checks/obligations.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from lpsc_cli.errors import Issue, error
from lpsc_cli.indicators.registry import unknown_targets
from lpsc_cli.model import CONFIG_FILE

if TYPE_CHECKING:
    from lpsc_cli.checks import CheckOptions
    from lpsc_cli.repository import Repository


def check(repo: Repository, options: CheckOptions) -> Iterator[Issue]:
    """A `targets:` entry that names no indicator would silently change nothing."""
    targets = repo.config.get("targets") or {}
    if not targets:
        return

    for key in unknown_targets(targets):
        yield error(
            "config-target",
            f"targets.{key}: no indicator has this id (see `lpsc kpi --set all` for the ids)",
            file=CONFIG_FILE,
            path=("targets", key),
        )
