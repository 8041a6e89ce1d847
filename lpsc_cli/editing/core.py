"""Creating and changing one record file: validate, write atomically, commit.

Every command that writes goes through `create_record` or `change_record`:

1. the new content is built — for a change, by editing the file's round-trip document, so
   comments, key order, quoting and blank lines stay as a person wrote them;
2. it is checked exactly as `lpsc check` would check the file (the loader's parse, schema and
   placement findings, then the per-record references and consistency checks), and refused
   with those same messages if it brings an error the file did not already have;
3. under the repository lock it is written atomically (a new file never replaces an existing
   one; a changed file only replaces the bytes it was computed from);
4. exactly that file is committed with a message like `case: screen case-2025-004`.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any

from lpsc_cli.cache import repository_lock
from lpsc_cli.checks import consistency, references
from lpsc_cli.controls import first_control
from lpsc_cli.editing.values import ID_FORM
from lpsc_cli.errors import Issue, RecordError, Severity, UsageError
from lpsc_cli.history import CommitOutcome, commit_blocker, commit_files, uncommitted
from lpsc_cli.i18n import gettext as _
from lpsc_cli.i18n import ngettext
from lpsc_cli.model import FOLDERS, ID_PATTERN, KIND_OF_FOLDER, KINDS, YEAR_FOLDERS, Record, expected_path
from lpsc_cli.repository import Repository, check_file, resolves_inside
from lpsc_cli.roundtrip import dump_roundtrip, load_roundtrip, new_node, to_plain
from lpsc_cli.schemas import SchemaSet, field_orders
from lpsc_cli.store import replace_unchanged, write_atomic
from lpsc_cli.yamlio import locate, parse

#: A change to an editable document (a ruamel CommentedMap), made in place.
Change = Callable[[Any], None]


def order(kind: str, *path: str) -> tuple[str, ...]:
    """The field order of `kind` at `path` (list items skipped), as the schema lists the fields.

    New keys are inserted at their place in it; empty when the schema has no fields there.
    """
    return _orders(kind).get(path, ())


@cache
def _orders(kind: str) -> dict[tuple[str, ...], tuple[str, ...]]:
    return field_orders(_schemas(), kind)


@cache
def _schemas() -> SchemaSet:
    """The schemas every write is checked against (compiled once per process)."""
    return SchemaSet()


@dataclass(frozen=True, kw_only=True)
class WriteOptions:
    """How a command writes: `dry_run` builds and checks but writes nothing; `commit` commits."""

    dry_run: bool = False
    commit: bool = True


@dataclass(frozen=True, kw_only=True)
class WriteResult:
    """What a write did: the record, its file and text, and what became of the commit.

    `action` is `created`, `changed`, `unchanged` (the command asked for what the file already
    says: nothing written), or `dry-run`. `warnings` are findings that do not stop the write.
    """

    kind: str
    id: str
    file: str
    path: Path
    text: str
    data: dict[str, Any]
    action: str
    commit: CommitOutcome | None = None
    warnings: tuple[Issue, ...] = ()

    @property
    def record(self) -> Record:
        return Record(self.kind, self.id, self.file, self.data)


def create_record(
    repo: Repository,
    kind: str,
    data: Mapping[str, Any],
    *,
    options: WriteOptions,
    allocate: Callable[[], str] | None = None,
    finish: Change | None = None,
    verb: str = "new",
    committed: Callable[[], None] | None = None,
) -> WriteResult:
    """Write a new record of `kind`; refuse if its id is taken or it would fail `lpsc check`.

    `allocate`, when given, picks the id under the repository lock (case numbers). `finish`
    may change the document last, just before it is checked (e.g. to add a sealed block).
    `committed` is called once the file is committed, still under the lock.
    """

    _stop_if_commit_blocked(repo, options)
    _prepare(repo, kind)
    with _locked(repo, options):
        record_id = checked_id(kind, allocate() if allocate is not None else str(data["id"]))
        fields = {"id": record_id, **{k: v for k, v in data.items() if k != "id"}}
        document = new_node(fields)
        document.fa.set_block_style()
        if finish is not None:
            finish(document)
        rel = _placement(kind, record_id, fields)
        _refuse_controls(to_plain(document), rel)
        raw = dump_roundtrip(document)
        path = repo.root / rel
        _refuse_links_outside(repo, rel)
        existing = _existing_file(repo, kind, record_id)
        if existing is not None:
            raise RecordError(
                _("a {kind} with the id '{id}' already exists ({file}); refusing to overwrite it").format(
                    kind=kind, id=record_id, file=existing
                )
            )
        errors, warnings = findings(repo, kind, rel, raw)
        _refuse(errors, rel)
        result = partial(
            WriteResult, kind=kind, id=record_id, file=rel, path=path, text=raw.decode(),
            data=_read_back(raw, rel, document), warnings=warnings,
        )  # fmt: skip
        if options.dry_run:
            return result(action="dry-run")
        write_atomic(path, raw, overwrite=False, make_parents=True)
        outcome = _commit(repo, [path], f"{kind}: {verb} {record_id}", options)
        if committed is not None and outcome.committed:
            committed()
    return result(action="created", commit=outcome)


def change_record(
    repo: Repository,
    kind: str,
    record_id: str,
    change: Change,
    *,
    options: WriteOptions,
    verb: str,
    detail: str | None = None,
    finish: Change | None = None,
) -> WriteResult:
    """Apply `change` to the file of an existing record, keeping everything else as written.

    Refused when the changed record brings a `lpsc check` error the file did not already have,
    or when the file changes on disk before the new version replaces it.
    """

    path = record_file(repo, kind, record_id)
    rel = path.relative_to(repo.root).as_posix()
    _stop_if_commit_blocked(repo, options)
    _refuse_links_outside(repo, rel)
    if options.commit and not options.dry_run and uncommitted(repo.root, path):
        raise RecordError(
            _(
                "{file} has changes of yours that are not committed; lpsc commits the whole file, so commit or "
                "undo them first (`git diff` shows them), or run with --no-commit; nothing was written"
            ).format(file=rel)
        )
    _prepare(repo, kind)
    with _locked(repo, options):
        original = path.read_bytes()
        try:
            document, layout = load_roundtrip(original, rel)
            before = to_plain(document)
            change(document)
            if finish is not None:
                finish(document)
            _refuse_controls(to_plain(document), rel, kept=before)
            raw = dump_roundtrip(document, layout)
        except RecursionError:
            raise RecordError(
                _("{file}: nested too deeply to be edited; nothing was written").format(file=rel)
            ) from None
        result = partial(
            WriteResult, kind=kind, id=record_id, file=rel, path=path, text=raw.decode("utf-8-sig"),
            data=_read_back(raw, rel, document),
        )  # fmt: skip
        if raw == original:
            return result(action="unchanged")
        before = {_key(i) for i in findings(repo, kind, rel, original)[0]}
        errors, warnings = findings(repo, kind, rel, raw)
        _refuse([i for i in errors if _key(i) not in before], rel)
        kept = tuple(dataclasses.replace(i, severity=Severity.WARNING) for i in errors if _key(i) in before)
        if options.dry_run:
            return result(action="dry-run", warnings=(*warnings, *kept))
        replace_unchanged(path, raw, original=original)
        message = f"{kind}: {verb} {record_id}" + (f" {detail}" if detail else "")
        outcome = _commit(repo, [path], message, options)
    return result(action="changed", commit=outcome, warnings=(*warnings, *kept))


def record_file(repo: Repository, kind: str, record_id: str) -> Path:
    """The file of the record `record_id` of `kind`, valid or not; a clear error if there is none."""
    found = _existing_file(repo, kind, record_id)
    if found is not None:
        return repo.root / found

    known = sorted(repo.ids.get(kind, ()))
    close = difflib.get_close_matches(record_id, known, n=3, cutoff=0.6)
    hint = (
        _(" (did you mean {ids}?)").format(ids=", ".join(close))
        if close
        else _(" (see `lpsc {kind} list`)").format(kind=kind)
    )
    raise RecordError(_("there is no {kind} with the id '{id}'").format(kind=kind, id=record_id) + hint)


def checked_id(kind: str, record_id: str) -> str:
    """`record_id` if it is an id (`lpsc_cli.model.ID_PATTERN`), else a usage error naming it.

    Ids name files, so nothing else may reach a path: no `..`, no `/`, no glob pattern.
    """
    if not isinstance(record_id, str) or not ID_PATTERN.fullmatch(record_id):
        raise UsageError(_("{kind} id: '{id}' is not an id ({form})").format(kind=kind, id=record_id, form=_(ID_FORM)))
    return record_id


def inside(repo: Repository, path: Path) -> bool:
    """Whether `path`, links resolved, is a file inside the repository."""
    return path.resolve().is_relative_to(repo.root.resolve())


def _existing_file(repo: Repository, kind: str, record_id: str) -> str | None:
    """The repository-relative path of the file holding `record_id` of `kind`, or None.

    The id is checked first; candidates are built from it exactly (`<folder>/<id>.yaml`, or in
    each year folder for meetings and cases), and a file whose real place is outside the
    repository (a link) is never taken.
    """
    checked_id(kind, record_id)
    record = repo.get(kind, record_id)
    if record is not None and (repo.root / record.path).is_file() and inside(repo, repo.root / record.path):
        return record.path
    folder = repo.root / FOLDERS[kind]
    if not folder.is_dir() or not inside(repo, folder):
        return None
    folders = sorted(sub for sub in folder.iterdir() if sub.is_dir()) if kind in YEAR_FOLDERS else [folder]
    for place in folders:
        for suffix in (".yaml", ".yml"):
            candidate = place / f"{record_id}{suffix}"
            if candidate.is_file() and inside(repo, candidate):
                return candidate.relative_to(repo.root).as_posix()
    return None


def _placement(kind: str, record_id: str, data: Mapping[str, Any]) -> str:
    rel = expected_path(kind, record_id, data)
    what = "date" if kind == "meeting" else "referral.received"
    if rel is None:
        raise RecordError(_("a {kind} needs its {field} to know its folder").format(kind=kind, field=what))
    if kind in YEAR_FOLDERS and not rel.split("/")[1].isdigit():
        raise RecordError(
            _("a {kind} needs a {field} that begins with its year (YYYY-MM-DD)").format(kind=kind, field=what)
        )
    return rel


def findings(repo: Repository, kind: str, rel: str, raw: bytes) -> tuple[list[Issue], tuple[Issue, ...]]:
    """What `lpsc check` would say about the file `rel` holding `raw`: (errors, warnings).

    The file's own findings come from the loader's own per-file check (so the messages and
    lines are the very ones `lpsc check` prints); the cross-record findings from the
    per-record references and consistency checks, run against the repository as it would be.
    """

    result = check_file(kind, rel, raw, repo.schemas)
    issues = list(result.issues)
    data = result.data
    if data is not None and not any(i.code == "schema" and i.severity == Severity.ERROR for i in issues):
        record = Record(kind, str(data.get("id")), rel, data)
        issues.extend(record_checks(repo.with_record(record), record))
    text = raw.decode("utf-8-sig", errors="replace")
    resolved = [i if i.line is not None or i.file != rel else i.at_line(locate(text, i.path) or 1) for i in issues]
    errors = [i for i in resolved if i.severity == Severity.ERROR]
    warnings = tuple(i for i in resolved if i.severity != Severity.ERROR)
    return errors, warnings


def record_checks(repo: Repository, record: Record) -> list[Issue]:
    """The per-record findings of `lpsc check` about one record: references and consistency."""

    return [*references.record_issues(repo, record), *consistency.record_issues(repo, record)]


def _key(issue: Issue) -> tuple[str, str]:
    return (issue.code, issue.message)


def _refuse(errors: list[Issue], rel: str) -> None:
    if errors:
        count = len(errors)
        raise RecordError(
            ngettext(
                "refused: {file} would not pass `lpsc check` ({n} error); nothing was written",
                "refused: {file} would not pass `lpsc check` ({n} errors); nothing was written",
                count,
            ).format(file=rel, n=count),
            tuple(errors),
        )


def _texts(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string of a record's plain data, keys included, with where it is."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _texts(key, path)
            yield from _texts(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))


def _refuse_controls(data: Any, rel: str, *, kept: Any = None) -> None:
    """A usage error when a text the command brings holds a control character (other than tab and
    line end): an ESC would drive the terminal that shows the record, a NEL is a line break to a
    YAML reader, and Word cannot hold either. Texts the file already had (`kept`) are left alone."""
    known = {text for _where, text in _texts(kept)} if kept is not None else set()
    for path, text in _texts(data):
        found = first_control(text) if text not in known else None
        if found:
            where = ".".join(str(part) for part in path) or _("a key")
            raise UsageError(
                _(
                    "{file}: {where}: the text holds a control character ({code}); leave it out; nothing was written"
                ).format(file=rel, where=where, code=f"U+{ord(found):04X}")
            )


def _read_back(raw: bytes, rel: str, document: Any) -> dict[str, Any]:
    """The data `lpsc check` will read from `raw`; it must be what the document says."""

    parsed = parse(raw, rel)
    if parsed.data is None:  # e.g. anchors a person wrote, which records do not allow
        _refuse([parsed.issue] if parsed.issue else [], rel)
        raise RecordError(_("{file}: cannot be read back; nothing was written").format(file=rel))
    if parsed.data != to_plain(document):
        raise RecordError(
            _("{file}: the edited file would not read back as intended; nothing was written (a bug in lpsc)").format(
                file=rel
            )
        )
    return parsed.data


def _prepare(repo: Repository, kind: str) -> None:
    """Do the slow first-time work (compiling the schema) before taking the lock."""
    repo.schemas.is_valid(kind, {})


def _refuse_links_outside(repo: Repository, rel: str) -> None:
    """Refuse to write `rel` when a folder on its way (or the file) is a link leaving the repository."""
    place = repo.root
    for part in Path(rel).parts:
        place = place / part
        if not place.exists() and not place.is_symlink():
            return
        if not resolves_inside(place, repo.root):
            shown = place.relative_to(repo.root).as_posix()
            raise RecordError(
                _("{path} is a link to a place outside the repository; nothing was written there").format(path=shown)
            )


def _stop_if_commit_blocked(repo: Repository, options: WriteOptions) -> None:
    if options.commit and not options.dry_run:
        blocker = commit_blocker(repo.root)
        if blocker is not None:
            raise RecordError(_("nothing was written: {reason}").format(reason=blocker))


class _NoLock:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _locked(repo: Repository, options: WriteOptions) -> Any:
    return _NoLock() if options.dry_run else repository_lock(repo.root)


def _commit(repo: Repository, paths: list[Path], message: str, options: WriteOptions) -> CommitOutcome:
    if not options.commit:
        return CommitOutcome(reason="--no-commit")

    return commit_files(repo.root, paths, message)


def free_id(repo: Repository, kind: str, base: str) -> str:
    """`base`, else `base-2`, `base-3`, ...: the first id that no file of `kind` has.

    Looks at the files on disk as well as the loaded ones, so that, called under the
    repository lock, two commands never pick the same id.
    """
    candidate, number = base, 1
    while candidate in repo.ids.get(kind, ()) or _existing_file(repo, kind, candidate) is not None:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def present(**fields: Any) -> dict[str, Any]:
    """The fields that have a value, in the order given (absent fields are left out, never null)."""
    return {key: value for key, value in fields.items() if value is not None and value != [] and value != ()}


def locate_record(repo: Repository, reference: str) -> tuple[str, str, Path]:
    """(kind, id, file) of a record named by id (`case-2025-004`), `kind:id`, or file path.

    An id must be an id (`checked_id`); a file path must lead to a record file inside the
    repository.
    """

    if reference.endswith((".yaml", ".yml")):
        path = Path(reference) if Path(reference).is_absolute() else Path.cwd() / reference
        if not path.exists():
            path = repo.root / reference
        root = repo.root.resolve()
        resolved = path.resolve()
        if not resolved.is_relative_to(root):
            raise RecordError(
                _("{reference}: not a file of the repository {root}").format(reference=reference, root=repo.root)
            )
        rel = resolved.relative_to(root)
        kind = KIND_OF_FOLDER.get(rel.parts[0]) if len(rel.parts) > 1 else None
        if kind is None:
            raise RecordError(
                _("{reference}: not a record file (records live in {folders})").format(
                    reference=reference, folders=", ".join(FOLDERS.values())
                )
            )
        return kind, checked_id(kind, rel.stem), repo.root / rel
    kind_given, sep, record_id = reference.partition(":")
    kinds = [kind_given] if sep and kind_given in KINDS else list(KINDS)
    record_id = record_id if sep and kind_given in KINDS else reference
    checked_id(kinds[0] if len(kinds) == 1 else "record", record_id)
    found = [(kind, _existing_file(repo, kind, record_id)) for kind in kinds]
    matches = [(kind, rel) for kind, rel in found if rel is not None]
    if not matches:
        raise RecordError(_("there is no record with the id '{id}'").format(id=record_id))
    if len(matches) > 1:
        options = ", ".join(f"{kind}:{record_id}" for kind, _rel in matches)
        raise RecordError(_("'{id}' names several records; say which: {options}").format(id=record_id, options=options))
    kind, found_rel = matches[0]
    return kind, record_id, repo.root / str(found_rel)
