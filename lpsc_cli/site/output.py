"""Writing a site into its folder: all or nothing, and never over someone else's files.

The files are written into a fresh folder beside the target, which then takes the target's
place by renaming, so a reader never sees half a site and a failure leaves the old one. A
target that exists is replaced only when it is empty or holds a site lpsc wrote (its marker
file), or with `force`; a target inside a record repository is refused (a site there would
be committed with the records) unless `force`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from lpsc_cli.errors import UsageError
from lpsc_cli.i18n import gettext as _
from lpsc_cli.site import MARKER, Site


def check_target(target: Path, repo_roots: Iterable[Path], *, force: bool) -> None:
    """Refuse a target that is not ours to replace (see the module)."""
    if force:
        return
    resolved = target.resolve()
    for root in repo_roots:
        base = root.resolve()
        if resolved == base or base in resolved.parents:
            raise UsageError(
                _("{target}: inside the record repository {root}; choose a folder outside it (or --force)").format(
                    target=target, root=root
                )
            )
    if resolved.exists():
        if not resolved.is_dir():
            raise UsageError(_("{target}: exists and is not a folder").format(target=target))
        if any(resolved.iterdir()) and not (resolved / MARKER).is_file():
            raise UsageError(
                _("{target}: exists and is not a site lpsc wrote; choose another folder (or --force)").format(
                    target=target
                )
            )


def write_site(site: Site, target: Path) -> None:
    """Write `site` into `target` atomically (build beside it, then rename into place)."""
    target = target.absolute()
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=parent))
    except OSError as exc:
        raise UsageError(
            _("{target}: cannot write here ({reason})").format(target=target, reason=exc.strerror or exc)
        ) from None
    try:
        for relative, content in site.files.items():
            path = building / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        os.chmod(building, 0o755)  # mkdtemp makes it private; a site is for reading  # noqa: S103
        _swap(building, target)
    except OSError as exc:
        shutil.rmtree(building, ignore_errors=True)
        raise UsageError(
            _("{target}: cannot write the site ({reason})").format(target=target, reason=exc.strerror or exc)
        ) from None


def _swap(building: Path, target: Path) -> None:
    """Put `building` in the place of `target`, moving an old target aside first."""
    if not target.exists():
        building.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    old.rmdir()
    target.rename(old)
    try:
        building.rename(target)
    except OSError:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)
