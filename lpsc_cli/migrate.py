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

import os
import re
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lpsc_cli.cache import LEGACY_FOLDER
from lpsc_cli.errors import LpscError
from lpsc_cli.history import CommitOutcome, commit_blocker, commit_files, tracked
from lpsc_cli.i18n import N_
from lpsc_cli.i18n import gettext as _
from lpsc_cli.model import CONFIG_FILE, FOLDERS, ID_PATTERN
from lpsc_cli.roundtrip import Layout, delete_key, dump_roundtrip, load_roundtrip, new_node, set_key
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
    """One upgrade: what it does, whether a repository needs it, and doing it (the files it touched).

    `action` is the English message (marked with `N_`); `does` says it in the active language.
    """

    name: str
    action: str
    needed: Callable[[Path, Mapping[str, Any]], bool]
    apply: Callable[[Path], list[Path]]

    @property
    def does(self) -> str:
        """What the step does, for people, in the active language."""
        return _(self.action).format(folder=LEGACY_FOLDER, config=CONFIG_FILE, format=FORMAT)


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


#: A meeting file's top-level `plans:` key (the legacy record of plans approved or reviewed there).
_LEGACY_PLANS = re.compile(rb"^plans[ \t]*:", re.MULTILINE)


def _meeting_files(root: Path) -> list[Path]:
    """The meeting files as loading reads them: no hidden folder, no link (which could lead out
    of the repository, and a migration writes what it reads)."""
    folder = root / FOLDERS["meeting"]
    if not folder.is_dir() or folder.is_symlink():
        return []
    found = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            path = Path(dirpath) / name
            if path.suffix in (".yaml", ".yml") and not path.is_symlink() and path.is_file():
                found.append(path)
    return sorted(found)


def _legacy_plan_meetings(root: Path) -> list[Path]:
    """The meeting files that still name plans in the legacy `plans` field."""
    found = []
    for path in _meeting_files(root):
        try:
            raw = path.read_bytes()
        except OSError:
            continue
        if _LEGACY_PLANS.search(raw):
            found.append(path)
    return found


def _uses_meeting_plans(root: Path, config: Mapping[str, Any]) -> bool:
    return bool(_legacy_plan_meetings(root))


@dataclass
class _Editable:
    """A record file open for a round-trip edit: what was read, the document, its layout."""

    path: Path
    original: bytes
    document: Any
    layout: Layout

    @classmethod
    def read(cls, root: Path, path: Path) -> _Editable:
        original = path.read_bytes()
        document, layout = load_roundtrip(original, path.relative_to(root).as_posix())
        if not isinstance(document, Mapping):
            raise LpscError(
                _("{file}: not a YAML mapping; fix it first (see `lpsc check`)").format(
                    file=path.relative_to(root).as_posix()
                )
            )
        return cls(path, original, document, layout)

    def write(self) -> None:
        replace_unchanged(self.path, dump_roundtrip(self.document, self.layout), original=self.original)


def _move_meeting_plans(root: Path) -> list[Path]:
    """Turn each meeting's legacy `plans` into the plan's own records (R art. 8.4–8.5), then drop it.

    `plans.approved` becomes the plan's `approved_at` (when the plan names no approving meeting
    yet; else a revision, as the meeting approved it again); `plans.reviewed` becomes a revision
    `{date: the meeting's date, meeting}`, kept in date order. A revision or approval the plan
    already records is not added twice. A meeting naming a plan with no file stops the step before
    anything is written.
    """
    orders = field_orders(SchemaSet(), "plan")
    plans: dict[str, _Editable] = {}
    meetings: list[_Editable] = []
    for path in _legacy_plan_meetings(root):
        meeting = _Editable.read(root, path)
        legacy = meeting.document.get("plans")
        if "plans" not in meeting.document:
            continue
        meetings.append(meeting)
        meeting_id = str(meeting.document.get("id") or path.stem)
        day = str(meeting.document.get("date") or "")[:10]
        named = legacy if isinstance(legacy, Mapping) else {}
        for verb in ("approved", "reviewed"):
            for plan_id in named.get(verb) or ():
                if not ID_PATTERN.fullmatch(str(plan_id)):
                    raise LpscError(
                        _(
                            "{file}: plans.{verb} names '{plan}', which is not a record id; fix the reference, "
                            "then run `lpsc migrate` again"
                        ).format(file=path.relative_to(root).as_posix(), verb=verb, plan=plan_id)
                    )
                plan = plans.get(str(plan_id))
                if plan is None:
                    candidates = [root / FOLDERS["plan"] / f"{plan_id}{ext}" for ext in (".yaml", ".yml")]
                    plan_path = next((c for c in candidates if c.is_file() and not c.is_symlink()), candidates[0])
                    if not plan_path.is_file() or plan_path.is_symlink():
                        raise LpscError(
                            _(
                                "{file}: plans.{verb} names {plan}, which has no file ({plan_file}); fix the "
                                "reference, then run `lpsc migrate` again"
                            ).format(
                                file=path.relative_to(root).as_posix(),
                                verb=verb,
                                plan=plan_id,
                                plan_file=plan_path.relative_to(root).as_posix(),
                            )
                        )
                    plan = plans[str(plan_id)] = _Editable.read(root, plan_path)
                _record_plan_meeting(plan.document, verb, meeting_id, day, orders[()])
        delete_key(meeting.document, "plans")
    for edited in (*plans.values(), *meetings):
        edited.write()
    return [edited.path for edited in (*plans.values(), *meetings)]


#: The summary of a revision moved from a meeting's legacy `plans` field, which said no more than this.
MOVED_SUMMARY: dict[str, dict[str, str]] = {
    "approved": {"sq": "Plani u miratua në këtë mbledhje.", "en": "The plan was approved at this meeting."},
    "reviewed": {"sq": "Plani u shqyrtua në këtë mbledhje.", "en": "The plan was reviewed at this meeting."},
}


def _record_plan_meeting(plan: Any, verb: str, meeting: str, day: str, order: tuple[str, ...]) -> None:
    """Record on a plan that `meeting` (held on `day`) approved or reviewed it, unless it already says so."""
    if verb == "approved" and plan.get("approved_at") in (None, meeting):
        set_key(plan, "approved_at", meeting, order)
        return
    revisions = plan.get("revisions")
    if isinstance(revisions, list) and any(isinstance(r, Mapping) and r.get("meeting") == meeting for r in revisions):
        return
    entry = {"date": day, "meeting": meeting, "summary": MOVED_SUMMARY[verb]}
    if not isinstance(revisions, list) or not revisions:
        set_key(plan, "revisions", [entry], order)
        return
    later = [i for i, r in enumerate(revisions) if isinstance(r, Mapping) and str(r.get("date", "")) > day]
    revisions.insert(later[0] if later else len(revisions), new_node(entry))


#: Every step, in the order they run; the version stamp last.
STEPS: tuple[Step, ...] = (
    Step(
        "cache-folder",
        N_("remove {folder}/ (lpsc keeps its cache outside the repository now and never reads it)"),
        _cache_in_tree,
        _remove_cache,
    ),
    Step(
        "meeting-plans",
        N_(
            "move the plans a meeting approved or reviewed (the meetings' `plans` field) into each plan's "
            "`approved_at` and `revisions`, the one record of them"
        ),
        _uses_meeting_plans,
        _move_meeting_plans,
    ),
    Step("format", N_("record the format in {config} (format: {format})"), _unstamped, _stamp),
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
            _("{config} says format {found}, newer than this lpsc reads ({format}): upgrade lpsc instead").format(
                config=CONFIG_FILE, found=found, format=FORMAT
            )
        )
    steps = pending(root, config)
    if dry_run or not steps:
        return Migration(steps=tuple(steps), files=())
    if commit:
        blocker = commit_blocker(root)
        if blocker is not None:
            raise LpscError(_("nothing was changed: {reason}").format(reason=blocker))
    files: list[Path] = []
    for step in steps:
        files.extend(step.apply(root))
    outcome = None
    if commit:
        names = ", ".join(step.name for step in steps)
        outcome = commit_files(root, files, f"migrate: format {FORMAT} ({names})")
    return Migration(steps=tuple(steps), files=tuple(files), commit=outcome)
