"""Public text is scanned for the protected identities the person at the terminal can read.

The commands that write or publish public text call one of these before they write: a text
given as an option (`meeting publish --summary`, `meeting decide --text`, plan texts), a public
document as rendered, or every public field of the repositories (`site --public`,
`export --public`). A text holding an identity is refused (exit 1) naming the case and the
field, never the identity. Without an identity file, or with a key that reads no sealed case,
the command says on stderr that the scan was not possible and goes on.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from lpsc_cli.i18n import gettext as _
from lpsc_cli.i18n import ngettext

if TYPE_CHECKING:
    from lpsc_cli.repository import Repository
    from lpsc_cli.sealing.exposure import KnownIdentities

T = TypeVar("T")


def known(repo: Repository, identity: Path | None = None) -> KnownIdentities | None:
    """The identities your key reads in `repo`, or None when there are none to look for.

    When the repository has sealed cases but your key reads none (or there is no key), stderr
    says the scan was not possible.
    """
    from lpsc_cli.sealing.exposure import known_identities, sealed_cases
    from lpsc_cli.sealing.keys import IdentityMissing, identity_path

    if not sealed_cases(repo):
        return None  # no sealed identity to look for: nothing to say
    path = identity_path(identity)
    try:
        found = known_identities(repo, path)
    except IdentityMissing:
        sys.stderr.write(
            _(
                "lpsc: no identity at {path}: the public text could not be scanned for the protected identities "
                "of sealed cases (only a reader's key can do it)"
            ).format(path=path)
            + "\n"
        )
        return None
    if found.cases == 0 and found.sealed:
        sys.stderr.write(
            ngettext(
                "lpsc: your key reads none of the {n} sealed case(s): the public text could not be scanned for "
                "their protected identities",
                "lpsc: your key reads none of the {n} sealed case(s): the public text could not be scanned for "
                "their protected identities",
                found.sealed,
            ).format(n=found.sealed)
            + "\n"
        )
    return found


def guard_texts(repo: Repository, texts: Mapping[str, Any], identity: Path | None = None) -> None:
    """Refuse texts (by their option's name) that hold an identity your key reads."""
    from lpsc_cli.sealing.exposure import exposures_in, refuse

    if all(value is None for value in texts.values()):
        return
    identities = known(repo, identity)
    if identities is not None:
        refuse(exposures_in(identities, texts))


def guarded(
    texts: Mapping[str, Any], write: Callable[[Repository], T], identity: Path | None = None
) -> Callable[[Repository], T]:
    """`write`, run only once `texts` are found free of the identities your key reads."""

    def run(repo: Repository) -> T:
        guard_texts(repo, texts, identity)
        return write(repo)

    return run


def guard_public_fields(repos: Iterable[Repository], identity: Path | None = None) -> None:
    """Refuse to publish repositories whose public fields hold an identity your key reads."""
    from lpsc_cli.sealing.exposure import public_exposures, refuse

    for repo in repos:
        identities = known(repo, identity)
        if identities is not None:
            refuse([found.exposure for found in public_exposures(repo, identities)])
