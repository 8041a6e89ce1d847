"""The sealing commands as library calls: set a member's key, add a sealed note, reseal cases.

Files are changed through `lpsc_cli.editing.core.change_record` (round-trip edit, the checks
of `lpsc check`, atomic replace, one commit), so these commands behave like every other
writing command. `sealing_finish` is the hook that the case commands pass as `finish` to seal
identity and narrative options into the case they write. Only ciphertext is ever written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lpsc_cli.cache import repository_lock
from lpsc_cli.checks.leaks import sealed_blocks
from lpsc_cli.editing.core import WriteOptions, WriteResult, change_record, order
from lpsc_cli.editing.people import own_member_value
from lpsc_cli.errors import ConfigurationError, LpscError, UsageError
from lpsc_cli.history import CommitOutcome, commit_blocker, commit_files
from lpsc_cli.i18n import gettext as _
from lpsc_cli.repository import Repository
from lpsc_cli.roundtrip import set_key, to_plain
from lpsc_cli.sealing.access import (
    Sealing,
    describe,
    member_for_keys,
    merge_content,
    note,
    public_key,
    readers_for,
    seal_case,
    sealed_content,
)
from lpsc_cli.sealing.envelope import ADDED_READERS, NotAReader, parts_present, seal
from lpsc_cli.sealing.keys import default_identity_path, parse_recipient, public_keys_of


@dataclass(frozen=True, kw_only=True)
class Sealed:
    """A write that sealed one case: the write, and who the new version is sealed to."""

    write: WriteResult
    sealing: Sealing


@dataclass(frozen=True, kw_only=True)
class Resealed:
    """What `reseal` did: the cases resealed, the commit, and the cases it could not reseal."""

    cases: tuple[Sealed, ...]
    commit: CommitOutcome | None
    skipped: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def sealing_finish(
    repo: Repository,
    parts: Mapping[str, Any],
    *,
    extra_readers: Sequence[str] = (),
    drop_readers: Sequence[str] = (),
    identity: Path | None = None,
    as_of: date | None = None,
    sealed: list[Sealing] | None = None,
) -> Callable[[Any], None]:
    """A `finish` hook for `create_record`/`change_record` that seals `parts` into the case.

    The hook reads the case as the command has just changed it (so a new case manager is
    already a reader), merges `parts` into the existing sealed content (decrypting it with
    `identity`), and sets the new `sealed` block. Each `Sealing` is appended to `sealed`.
    """

    def finish(document: Any) -> None:
        plain = to_plain(document)
        readers: tuple[str, ...] | None = None
        if parts or extra_readers or drop_readers or isinstance(plain.get("sealed"), Mapping):
            sealing = seal_case(
                repo,
                plain,
                parts,
                extra_readers=extra_readers,
                drop_readers=drop_readers,
                identity=identity,
                as_of=as_of,
            )
            set_key(document, "sealed", sealing.block, order("case"))
            if sealed is not None:
                sealed.append(sealing)
            readers = sealing.readers
        # Every further person's block follows the case's readers (a new manager reads them all).
        for index, subject in enumerate(plain.get("subjects") or ()):
            if isinstance(subject, Mapping) and isinstance(subject.get("sealed"), Mapping):
                resealed = seal_subject(repo, plain, index, {}, readers=readers, identity=identity, as_of=as_of)
                set_key(document["subjects"][index], "sealed", resealed.block, order("case", "subjects"))
                if sealed is not None and readers is None:
                    sealed.append(resealed)

    return finish


def seal_subject(
    repo: Repository,
    case_data: Mapping[str, Any],
    index: int,
    parts: Mapping[str, Any],
    *,
    readers: Sequence[str] | None = None,
    identity: Path | None = None,
    as_of: date | None = None,
) -> Sealing:
    """Seal `parts` (an `identity`) into the block of the case's further person number `index`.

    The block has the form of the case's own `sealed` block and the same readers: `readers`
    (the case block's, when it has one), else the case's readers on `as_of` that have a key.
    The existing content is decrypted first (a reader's key) and merged field by field.
    """
    subject = case_data["subjects"][index]
    block = subject.get("sealed")
    holder = {"id": f"{case_data.get('id')} subjects.{index}", "sealed": block}
    content = merge_content(sealed_content(repo, holder, identity), parts)
    content.pop(ADDED_READERS, None)
    present = parts_present(content)
    if not present:
        raise UsageError(_("nothing to seal: give the person's identity (--name, --birth-date, --address, ...)"))
    wanted = list(readers) if readers is not None else readers_for(repo, case_data, as_of=as_of)
    keys = {r: key for r in wanted if (key := public_key(repo.get("member", r))) is not None}
    keyed = list(keys)
    armour = seal(content, [str(key) for key in keys.values()])
    previous = tuple(str(r) for r in block.get("readers") or ()) if isinstance(block, Mapping) else ()
    return Sealing(
        block={"readers": keyed, "parts": present, "age": armour},
        readers=tuple(keyed),
        previous_readers=previous,
        without_key=tuple(r for r in wanted if r not in keyed),
        content_parts=tuple(present),
    )


def subject_finish(
    repo: Repository,
    code: str,
    parts: Mapping[str, Any],
    *,
    identity: Path | None = None,
    as_of: date | None = None,
    sealed: list[Sealing] | None = None,
) -> Callable[[Any], None]:
    """A `finish` hook that seals `parts` into the block of the case's further person with `code`."""

    def finish(document: Any) -> None:
        plain = to_plain(document)
        people = plain.get("subjects") or ()
        index = next((i for i, s in enumerate(people) if isinstance(s, Mapping) and s.get("code") == code), None)
        if index is None:
            raise UsageError(_("the case has no further person with the code '{code}'").format(code=code))
        case_block = plain.get("sealed")
        readers = case_block.get("readers") if isinstance(case_block, Mapping) else None
        sealing = seal_subject(repo, plain, index, parts, readers=readers, identity=identity, as_of=as_of)
        set_key(document["subjects"][index], "sealed", sealing.block, order("case", "subjects"))
        if sealed is not None:
            sealed.append(sealing)

    return finish


def _write_options(*, commit: bool, dry_run: bool = False) -> WriteOptions:
    return WriteOptions(commit=commit, dry_run=dry_run)


def set_member_key(
    repo: Repository, member_id: str, key: str, *, dry_run: bool = False, commit: bool = True
) -> WriteResult:
    """Record a member's public key (checked to be an age X25519 recipient, and nobody else's)."""

    recipient = parse_recipient(key)
    own_member_value(repo, member_id, "public_key", recipient, what="public key")
    return change_record(
        repo,
        "member",
        member_id,
        lambda doc: set_key(doc, "public_key", recipient, order("member")),
        options=_write_options(commit=commit, dry_run=dry_run),
        verb="set-key",
    )


def identity_member(repo: Repository, identity: Path | None) -> str | None:
    """The id of the member whose public key is your identity's (None if nobody's)."""
    member = member_for_keys(repo, public_keys_of(identity or default_identity_path()))
    return member.id if member is not None else None


def add_note(
    repo: Repository,
    case_id: str,
    text: str,
    *,
    day: date,
    by: str | None = None,
    identity: Path | None = None,
    dry_run: bool = False,
    commit: bool = True,
) -> Sealed:
    """Append a sealed note {date, by, text} to a case; `by` defaults to the member whose key is yours."""

    author = by or identity_member(repo, identity)
    if author is None:
        raise UsageError(_("your key is no member's public key: say who writes the note with --by MEMBER"))
    if repo.get("member", author) is None:
        raise UsageError(_("--by {member}: no such member").format(member=author))
    sealed: list[Sealing] = []
    finish = sealing_finish(repo, note(day, author, text), identity=identity, as_of=day, sealed=sealed)
    write = change_record(
        repo,
        "case",
        case_id,
        lambda doc: None,
        options=_write_options(commit=commit, dry_run=dry_run),
        verb="note",
        finish=finish,
    )
    return Sealed(write=write, sealing=sealed[-1])


def reseal(
    repo: Repository,
    *,
    as_of: date,
    case_id: str | None = None,
    identity: Path | None = None,
    extra_readers: Sequence[str] = (),
    drop_readers: Sequence[str] = (),
    commit: bool = True,
) -> Resealed:
    """Re-encrypt sealed cases to the readers entitled on `as_of` (one case, or every one you can read).

    Every case is re-encrypted, even when its reader list stays the same, because a reader
    may have a new key. Cases you cannot decrypt are skipped and named (a reader must reseal
    them); all resealed files go into one commit.
    """

    if case_id is not None:
        record = repo.get("case", case_id)
        if record is None:
            raise UsageError(
                _("no case with id '{case}'").format(case=case_id)
                if not repo.exists("case", case_id)
                else _("case {case} does not pass its schema; fix it first (see `lpsc check`)").format(case=case_id)
            )
        if not any(True for _block in sealed_blocks(record.data)):
            raise UsageError(_("case {case} has no sealed block").format(case=case_id))
        records = [record]
    elif extra_readers or drop_readers:
        raise UsageError(_("--reader and --drop-reader need --case: they change who reads one case"))
    else:
        records = [r for r in repo.of("case") if any(True for _block in sealed_blocks(r.data))]
    blocker = commit_blocker(repo.root) if commit else None
    if blocker is not None:
        raise UsageError(_("nothing was written: {reason}").format(reason=blocker))
    done: list[Sealed] = []
    skipped: list[tuple[str, str]] = []
    for record in records:
        sealed: list[Sealing] = []
        finish = sealing_finish(
            repo,
            {},
            extra_readers=extra_readers,
            drop_readers=drop_readers,
            identity=identity,
            as_of=as_of,
            sealed=sealed,
        )
        try:
            write = change_record(
                repo,
                "case",
                record.id,
                lambda doc: None,
                options=_write_options(commit=False),
                verb="reseal",
                finish=finish,
            )
        except NotAReader:
            readers = [str(r) for r in record.get("sealed", "readers", default=())]
            skipped.append(
                (record.id, _("you are not a reader (readers: {readers})").format(readers=describe(repo, readers)))
            )
            continue
        except LpscError as exc:
            if case_id is not None or isinstance(exc, ConfigurationError):
                raise
            skipped.append((record.id, str(exc)))
            continue
        done.append(Sealed(write=write, sealing=sealed[-1]))
    if case_id is not None and skipped:
        raise LpscError(_("cannot reseal {case}: {reason}").format(case=case_id, reason=skipped[0][1]))
    outcome = None
    if commit and done:
        message = f"case: reseal {case_id}" if case_id else f"case: reseal {len(done)} case(s)"
        with repository_lock(repo.root):
            outcome = commit_files(repo.root, [d.write.path for d in done], message)
    return Resealed(cases=tuple(done), commit=outcome, skipped=tuple(skipped))
