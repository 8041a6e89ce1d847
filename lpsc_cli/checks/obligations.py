"""`lpsc check` on obligations: missed deadlines as findings, and the settings of the rules.

Runs every enabled rule of `lpsc_cli.rules` on `options.as_of` and reports the obligations that
are overdue or were met late, with the rule id as code, at the rule's severity, pointing at the
record's file (lines are resolved by the check pipeline). It also validates `lpsc.yaml`
`rules:` (unknown rule, unknown setting, wrong type) and `calendar.closures`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from lpsc_cli.errors import Issue
from lpsc_cli.rules import MISSED, run_rules, settings_issues

if TYPE_CHECKING:
    from lpsc_cli.checks import CheckOptions
    from lpsc_cli.repository import Repository


def check(repo: Repository, options: CheckOptions) -> Iterator[Issue]:
    yield from settings_issues(repo.config)
    for item in run_rules(repo, as_of=options.as_of, keep=MISSED, sort=False):
        yield Issue(item.rule, item.severity, item.message, file=item.file, path=item.path, record=item.record)
