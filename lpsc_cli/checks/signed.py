"""`lpsc check --signatures`: every commit in scope signed by a member in term (`lpsc_cli.signatures`).

The findings and their sources are described in `lpsc_cli.signatures`; this check runs only
when asked, because it reads git history and runs `ssh-keygen` once per signed commit.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from lpsc_cli.errors import Issue, UsageError
from lpsc_cli.history import GitUnavailable
from lpsc_cli.i18n import gettext as _
from lpsc_cli.signatures import signature_issues

if TYPE_CHECKING:
    from lpsc_cli.checks import CheckOptions
    from lpsc_cli.repository import Repository


def check(repo: Repository, options: CheckOptions) -> Iterator[Issue]:
    """The signature findings, when `options.signatures`; a `UsageError` without git."""
    if not options.signatures:
        return
    try:
        yield from signature_issues(repo)
    except GitUnavailable as exc:
        raise UsageError(_("--signatures: the commits could not be verified: {error}").format(error=exc)) from None
