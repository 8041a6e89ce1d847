"""The council configuration beyond its schema: KPI targets must name known indicators, and the
repository's record format must be one this lpsc reads (`lpsc migrate` upgrades older ones).

Rule settings and closure days are checked with the rules (`checks/obligations.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from lpsc_cli.errors import Issue, error, warning
from lpsc_cli.i18n import gettext as _
from lpsc_cli.indicators.registry import unknown_targets
from lpsc_cli.migrate import FORMAT, pending, repository_format
from lpsc_cli.model import CONFIG_FILE

if TYPE_CHECKING:
    from lpsc_cli.checks import CheckOptions
    from lpsc_cli.repository import Repository


def check(repo: Repository, options: CheckOptions) -> Iterator[Issue]:
    """A `targets:` entry that names no indicator would silently change nothing; a format this
    lpsc does not know would be read wrongly; a pending upgrade step is named."""
    found = repository_format(repo.config)
    if found > FORMAT:
        yield error(
            "format-newer",
            _(
                "format: {found}: this repository is written by a newer lpsc (this one reads format {format}); "
                "upgrade lpsc before changing it"
            ).format(found=found, format=FORMAT),
            file=CONFIG_FILE,
            path=("format",),
        )
    steps = [step for step in pending(repo.root, repo.config) if step.name != "format"]
    if steps:
        yield warning(
            "migrate",
            _("run `lpsc migrate` to bring the repository up to date: {steps}").format(
                steps="; ".join(step.does for step in steps)
            ),
            file=CONFIG_FILE,
            line=1,
        )
    targets = repo.config.get("targets") or {}

    for key in unknown_targets(targets):
        yield error(
            "config-target",
            _("targets.{key}: no indicator has this id (see `lpsc kpi --set all` for the ids)").format(key=key),
            file=CONFIG_FILE,
            path=("targets", key),
        )
