"""Protected identities in public fields: `lpsc check --reveal` (A §3.6.5; A Annex 3 VII).

`identity-in-public-text` (error): a field its schema classes public (a press-release summary,
a plan's issue or activity text...) holds the name, a guardian's name or the subject code of a
case that the key of the person running the check can read. Only someone holding a reader's
key can run it, and only for the cases that key opens: the check needs the key, so it is not
part of the plain `lpsc check` (CI has no key). The finding names the case and the sealed field,
never the identity. See `lpsc_cli.sealing.exposure` for how names are compared.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lpsc_cli.checks import Check, CheckResult, check_repository, registry
from lpsc_cli.errors import Issue, error
from lpsc_cli.i18n import gettext as _
from lpsc_cli.repository import Repository, load_repository
from lpsc_cli.sealing.exposure import KnownIdentities, known_identities, public_exposures
from lpsc_cli.sealing.keys import IdentityMissing

if TYPE_CHECKING:
    from lpsc_cli.checks import CheckOptions

CODE = "identity-in-public-text"


def exposure_issues(repo: Repository, known: KnownIdentities) -> Iterator[Issue]:
    """One finding per public field and case whose identity it holds."""
    for found in public_exposures(repo, known):
        field = ".".join(map(str, found.path))
        yield error(
            CODE,
            _("{field} is public and holds the {sealed} sealed in {case}: rewrite it without the identity").format(
                field=field, sealed=found.exposure.field, case=found.exposure.case
            ),
            file=found.record.path,
            path=found.path,
            record=found.record.id,
        )


def exposure_check(known: KnownIdentities) -> Check:
    """The check of the identities `known` (read with one key), for the checks' registry."""

    def check(repo: Repository, options: CheckOptions) -> Iterator[Issue]:
        return exposure_issues(repo, known)

    return check


@dataclass(frozen=True)
class RevealedCheck:
    """`lpsc check --reveal`: the findings, and whether the scan could be made (`scanned`)."""

    result: CheckResult
    scanned: bool
    cases: int = 0
    sealed: int = 0
    reason: str | None = None


def check_revealed(root: Path, options: CheckOptions, identity: Path) -> RevealedCheck:
    """Every check of `lpsc check`, plus the scan of public fields for identities `identity` reads.

    The run is never stored in the results cache: it depends on a key. Without an identity file
    the plain checks run and `scanned` is false, with the reason.
    """
    repo = load_repository(root, cache=options.cache)
    try:
        known = known_identities(repo, identity)
    except IdentityMissing as exc:
        return RevealedCheck(result=check_repository(repo, options), scanned=False, reason=str(exc))
    checks = [*registry(), ("exposure", exposure_check(known))]
    return RevealedCheck(
        result=check_repository(repo, options, checks=checks), scanned=True, cases=known.cases, sealed=known.sealed
    )
