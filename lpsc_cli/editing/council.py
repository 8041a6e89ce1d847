"""The council's own settings that change during its life: the mayor's composition order.

`lpsc.yaml` is the council's configuration, not a record; the few things in it that a council's
year changes are still recorded by a command, with the same guarantees as a record: edited in
round-trip (comments kept), validated against the configuration's schema before it is written,
written atomically only over the bytes it was computed from, and committed alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lpsc_cli.errors import RecordError
from lpsc_cli.history import CommitOutcome, commit_blocker, commit_files, uncommitted
from lpsc_cli.i18n import gettext as _
from lpsc_cli.model import CONFIG_FILE
from lpsc_cli.repository import Repository
from lpsc_cli.roundtrip import dump_roundtrip, load_roundtrip, set_key, to_plain
from lpsc_cli.schemas import field_orders
from lpsc_cli.store import replace_unchanged


@dataclass(frozen=True, kw_only=True)
class Composition:
    """The mayor's order composing (or recomposing) the council (A §3.1): its number and date."""

    order: str
    date: str


@dataclass(frozen=True, kw_only=True)
class ConfigChange:
    """What a change of `lpsc.yaml` did: the file, its new text, and the commit."""

    path: Path
    text: str
    changed: bool
    commit: CommitOutcome | None = None


def compose(repo: Repository, composition: Composition, *, dry_run: bool = False, commit: bool = True) -> ConfigChange:
    """Record the composition order in `lpsc.yaml`: the council's recurring obligations start there."""
    path = repo.root / CONFIG_FILE
    if commit and not dry_run:
        blocker = commit_blocker(repo.root)
        if blocker is not None:
            raise RecordError(_("nothing was written: {reason}").format(reason=blocker))
        if uncommitted(repo.root, path):
            raise RecordError(
                _(
                    "{file} has changes of yours that are not committed; commit or undo them first "
                    "(`git diff` shows them), or run with --no-commit; nothing was written"
                ).format(file=CONFIG_FILE)
            )
    original = path.read_bytes()
    document, layout = load_roundtrip(original, CONFIG_FILE)
    set_key(document, "composition", {"order": composition.order, "date": composition.date},
            field_orders(repo.schemas, "config")[()])  # fmt: skip
    raw = dump_roundtrip(document, layout)
    problems = repo.schemas.validate("config", to_plain(document))
    if problems:
        found = "; ".join(message for _where, message in problems)
        raise RecordError(_("{file}: {problems}; nothing was written").format(file=CONFIG_FILE, problems=found))
    text = raw.decode("utf-8-sig")
    if raw == original or dry_run:
        return ConfigChange(path=path, text=text, changed=raw != original)
    replace_unchanged(path, raw, original=original)
    outcome = commit_files(repo.root, [path], f"council: composition {composition.order}") if commit else None
    return ConfigChange(path=path, text=text, changed=True, commit=outcome)
