"""Upgrading a record repository written by an earlier lpsc: `lpsc migrate`.

A council's repository must keep working across versions. Every change of the record format
either keeps the old form valid or comes with a step here that rewrites a repository in one
commit. `lpsc.yaml` says which format a repository is in (`format:`; a repository without it
is format 1), and `lpsc check` says when a step is pending or when a repository comes from a
newer lpsc than this one.

Each step is idempotent (a second `lpsc migrate` changes nothing), keeps comments and layout
(round-trip YAML), and says what it changed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lpsc_cli.cache import LEGACY_FOLDER
from lpsc_cli.errors import LpscError
from lpsc_cli.history import CommitOutcome, commit_blocker, commit_files, tracked
from lpsc_cli.model import CONFIG_FILE
from lpsc_cli.roundtrip import dump_roundtrip, load_roundtrip, set_key
from lpsc_cli.schemas import SchemaSet, field_orders
from lpsc_cli.store import replace_unchanged

#: The record format this lpsc writes and reads.
FORMAT = 2
#: The format of a repository whose lpsc.yaml has no `format:` (written before formats were stamped).
UNSTAMPED = 1


def repository_format(config: Mapping[str, Any]) -> int:
    """The format a repository's configuration says it is in."""
    value = config.get("format", UNSTAMPED)
    return value if isinstance(value, int) and not isinstance(value, bool) else UNSTAMPED


@dataclass(frozen=True)
class Step:
    """One upgrade: what it does, whether a repository needs it, and doing it (the files it touched)."""

    name: str
    does: str
    needed: Callable[[Path, Mapping[str, Any]], bool]
    apply: Callable[[Path], list[Path]]


def _cache_in_tree(root: Path, config: Mapping[str, Any]) -> bool:
    return (root / LEGACY_FOLDER).exists() or (root / LEGACY_FOLDER).is_symlink()


def _remove_cache(root: Path) -> list[Path]:
    """Delete the in-tree cache of lpsc 0.1 (lpsc keeps its cache outside the repository now)."""
    folder = root / LEGACY_FOLDER
    was_tracked = tracked(root, LEGACY_FOLDER)
    if folder.is_symlink():
        folder.unlink()
    elif folder.exists():
        shutil.rmtree(folder)
    return [folder] if was_tracked else []


def _unstamped(root: Path, config: Mapping[str, Any]) -> bool:
    return repository_format(config) < FORMAT


def _stamp(root: Path) -> list[Path]:
    """Write `format: FORMAT` into lpsc.yaml, after `council` (comments and layout kept)."""
    path = root / CONFIG_FILE
    original = path.read_bytes()
    document, layout = load_roundtrip(original, CONFIG_FILE)
    set_key(document, "format", FORMAT, field_orders(SchemaSet(), "config")[()])
    replace_unchanged(path, dump_roundtrip(document, layout), original=original)
    return [path]


#: Every step, in the order they run; the version stamp last.
STEPS: tuple[Step, ...] = (
    Step(
        "cache-folder",
        f"remove {LEGACY_FOLDER}/ (lpsc keeps its cache outside the repository now and never reads it)",
        _cache_in_tree,
        _remove_cache,
    ),
    Step("format", f"record the format in {CONFIG_FILE} (format: {FORMAT})", _unstamped, _stamp),
)


def pending(root: Path, config: Mapping[str, Any]) -> list[Step]:
    """The steps this repository still needs."""
    return [step for step in STEPS if step.needed(root, config)]


@dataclass(frozen=True)
class Migration:
    """What `migrate` did: the steps it ran (empty: nothing to do) and the commit."""

    steps: tuple[Step, ...]
    files: tuple[Path, ...]
    commit: CommitOutcome | None = None


def migrate(root: Path, config: Mapping[str, Any], *, dry_run: bool = False, commit: bool = True) -> Migration:
    """Bring the repository at `root` to the current format, in one commit."""
    found = repository_format(config)
    if found > FORMAT:
        raise LpscError(
            f"{CONFIG_FILE} says format {found}, newer than this lpsc reads ({FORMAT}): upgrade lpsc instead"
        )
    steps = pending(root, config)
    if dry_run or not steps:
        return Migration(steps=tuple(steps), files=())
    if commit:
        blocker = commit_blocker(root)
        if blocker is not None:
            raise LpscError(f"nothing was changed: {blocker}")
    files: list[Path] = []
    for step in steps:
        files.extend(step.apply(root))
    outcome = None
    if commit:
        names = ", ".join(step.name for step in steps)
        outcome = commit_files(root, files, f"migrate: format {FORMAT} ({names})")
    return Migration(steps=tuple(steps), files=tuple(files), commit=outcome)
