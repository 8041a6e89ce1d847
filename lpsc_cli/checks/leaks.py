"""Sealed case data and leaks: armour, readers, clear text, private keys (SPEC §7).

Case data concerns children, victims and people at risk, and a leak harms them (A §3.6.5;
A Annex 3 VII: confidentiality of case data). The findings, each with its code:

- `sealed-armour` (error): `sealed.age` is not ASCII-armoured age ciphertext. Each further
  person of a case (`subjects`, several family members in one case) has a sealed block of the
  same form, checked the same way, as is their code (`code-looks-like-name`).
- `sealed-reader-term` (warning): a reader whose term has ended on `as_of`; ordinary turnover,
  fixed by `lpsc reseal` (what they could read before stays readable to them). A reader that is
  no member at all is a dangling reference, reported by the references check.
- `sealed-manager` (error): the case manager is not among the readers.
- `clear-text` (error): free text or a confidential field in clear in a case file;
  `code-looks-like-name` (warning): a subject code that reads like a name.
- `private-key` (error): an age private key in any file of the tree (.git aside).
- `revealed-document` (error): a document written with `--reveal` (sealed data in clear, marked
  `lpsc:revealed` in every format) inside the repository, where a commit would publish it.
- `cache-committed` (error): a cache folder committed inside the repository. lpsc keeps its
  caches outside (`lpsc_cli.cache`) and never reads one from the tree; a committed one is a
  file someone could forge for every clone (an older lpsc would trust it).
- with `--history`: `history-private-key`, `history-clear-text` (errors) in any file version
  of any commit, whatever its path, and `history-private-key` in commit messages.

Three places are searched: the loaded case records (against the schema: a confidential field
outside `sealed.age`, free text in a field the schema leaves unconstrained, text in a field
the schema does not know), every file of the working tree (an age private key), and, for
`--history`, every file version in every commit of the git repository — a leak that was
"deleted" is still in every clone. The file versions come from `lpsc_cli.history`, the one
module that runs git; what was found clean is remembered in the repository's cache.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lpsc_cli.cache import LEGACY_FOLDER, Cache, digest_of
from lpsc_cli.checks.kept import KeptFindings
from lpsc_cli.checks.references import values_at
from lpsc_cli.errors import Issue, JsonPath, Where, error, warning
from lpsc_cli.history import GitUnavailable, Introduced, commit_messages, introduced_blobs, read_blobs, tracked
from lpsc_cli.i18n import N_, format_number, ngettext
from lpsc_cli.i18n import gettext as _
from lpsc_cli.model import REVEALED, Record, as_date
from lpsc_cli.repository import KEY_MARKERS, SKIPPED_FOLDERS, Repository, resolves_inside
from lpsc_cli.schemas import SchemaSet, walk_schema
from lpsc_cli.sealing.envelope import armour_problem
from lpsc_cli.sealing.keys import SECRET_PATTERN
from lpsc_cli.yamlio import locate, parse

if TYPE_CHECKING:
    from lpsc_cli.checks import CheckOptions

SEALED_ARMOUR: JsonPath = ("sealed", "age")
#: Where ciphertext may stand in a case: the case's own block and each further person's (`subjects`).
SEALED_ARMOURS: frozenset[JsonPath] = frozenset({SEALED_ARMOUR, ("subjects", "*", "sealed", "age")})
#: Field names that say they hold identity or narrative, wherever they turn up in a case file.
SENSITIVE_NAMES = frozenset(
    {
        "name",
        "names",
        "full_name",
        "first_name",
        "last_name",
        "surname",
        "birth",
        "birth_date",
        "birthdate",
        "dob",
        "born",
        "address",
        "phone",
        "mobile",
        "email",
        "guardian",
        "guardians",
        "parent",
        "parents",
        "narrative",
        "story",
        "description",
        "notes",
        "note",
        "comment",
        "comments",
        "rationale",
        "risk_rationale",
        "isp_goals",
        "contact_notes",
        "details",
        "summary",
        "text",
        "school",
        "family",
    }
)
_CAPITALISED_WORD = re.compile(r"[A-ZÀ-Ž][a-zà-ž]{2,}")
_WORD = re.compile(r"[^\W\d_]{2,}")
_CHUNK = 8 * 1024 * 1024
_REVEALED = REVEALED.encode()
#: Files larger than this are not read for keys (a warning says so): nothing lpsc writes comes near.
SCAN_LIMIT = 256 * 1024 * 1024
#: Loader findings of files it did not read, which the key scan leaves alone too.
_NOT_READ = frozenset({"not-a-file", "too-large", "outside", "unreadable", "file-name"})
_OVERLAP = 128
#: A file changed this close to the cache's own time may have changed again unseen (2 s: FAT).
RACY_NS = 2_000_000_000
PRIVATE_KEY_ADVICE = N_(
    "remove it, then rotate the key: `lpsc key new` (a new file), `lpsc member set-key`, `lpsc reseal`"
)


def looks_like_free_text(value: str) -> bool:
    """Prose or a name rather than a code: two words or more, or one long run of text."""
    return len(_WORD.findall(value)) >= 2 or len(value) > 40


# -- sealed blocks and clear text in case data --------------------------------------------------------------


def check(repo: Repository, options: CheckOptions) -> Iterator[Issue]:
    """Every sealing and leak finding of a repository (see the module docstring)."""
    schemas = repo.schemas
    rules = case_rules(schemas)
    members = Members.of(repo, options.as_of)

    def judge(record: Record) -> Iterator[Issue]:
        yield from sealed_block_issues(record, members)
        yield from valid_case_leaks(record.data, rules, file=record.path, record=record.id)

    # a case's findings depend on its file, the members' keys and terms, and the schemas
    facts = digest_of(sorted(members.ended.items()), sorted(members.with_key), schemas.fingerprint)
    kept = KeptFindings(repo, options, "leaks", facts)
    for record in repo.of("case"):
        yield from kept.issues(record, judge)
    kept.save()
    yield from _invalid_case_files(repo, schemas)
    cache = Cache.of(repo.root) if options.cache else None
    yield from tree_private_keys(repo.root, cache=cache, known_clean=repo.read_files - repo.key_marked, schemas=schemas)
    yield from cache_in_tree(repo.root)
    if options.history:
        yield from history_leaks(repo.root, schemas, cache=cache)


@dataclass(frozen=True)
class Members:
    """What the reader checks need to know of the members, looked up once per run."""

    ended: Mapping[str, date]
    with_key: frozenset[str]

    @classmethod
    def of(cls, repo: Repository, as_of: date) -> Members:
        ended = {}
        for member in repo.of("member"):
            end = as_date(member.get("term", "to"))
            if end is not None and end < as_of:
                ended[member.id] = end
        keyed = frozenset(m.id for m in repo.of("member") if str(m.get("public_key", default="")).startswith("age1"))
        return cls(ended=ended, with_key=keyed)


def sealed_blocks(data: Mapping[str, Any]) -> Iterator[tuple[JsonPath, Mapping[str, Any]]]:
    """(path, block) of every sealed block of a case: its own, then each further person's."""
    block = data.get("sealed")
    if isinstance(block, Mapping):
        yield ("sealed",), block
    for path, value in values_at(data, ("subjects", "*", "sealed")):
        if isinstance(value, Mapping):
            yield path, value


def sealed_block_issues(record: Record, members: Members) -> Iterator[Issue]:
    """The armour and the readers of every sealed block of one case (its own and its subjects')."""
    for path, block in sealed_blocks(record.data):
        yield from _block_issues(record, path, block, members)


def _block_issues(record: Record, at: JsonPath, block: Mapping[str, Any], members: Members) -> Iterator[Issue]:
    where: Where = {"file": record.path, "record": record.id}
    problem = armour_problem(block.get("age"))
    if problem is not None:
        yield error(
            "sealed-armour",
            _("{path} is not valid age armour: {problem}").format(path=_dotted((*at, "age")), problem=problem),
            path=(*at, "age"),
            **where,
        )
    readers = [r for r in block.get("readers") or () if isinstance(r, str)]
    for index, reader in enumerate(readers):
        end = members.ended.get(reader)
        if end is not None:
            yield warning(
                "sealed-reader-term",
                _(
                    "reader {reader}'s term ended on {end}: run `lpsc reseal --case {case}` so "
                    "that new versions leave them out"
                ).format(reader=reader, end=end.isoformat(), case=record.id),
                path=(*at, "readers", index),
                **where,
            )
    manager = record.get("case_manager", "member")
    if isinstance(manager, str) and manager not in readers:
        reseal = f"`lpsc reseal --case {record.id}`"
        fix = (
            _("run {reseal}").format(reseal=reseal)
            if manager in members.with_key
            else _("record their key (`lpsc member set-key {manager} age1...`), then {reseal}").format(
                manager=manager, reseal=reseal
            )
        )
        yield error(
            "sealed-manager",
            (
                _("the case manager {manager} cannot read the sealed block (not a reader): {fix}")
                if at == ("sealed",)
                else _("the case manager {manager} cannot read the sealed block {block} (not a reader): {fix}")
            ).format(manager=manager, block=_dotted(at), fix=fix),
            path=(*at, "readers"),
            **where,
        )


def _invalid_case_files(repo: Repository, schemas: SchemaSet) -> Iterator[Issue]:
    """Clear text in case files that fail their schema (the loader kept no record for them)."""
    failing = sorted({i.file for i in repo.issues if i.code == "schema" and i.file and i.file.startswith("cases/")})
    for file in failing:
        try:
            raw = (repo.root / file).read_bytes()
        except OSError:
            continue
        data = parse(raw, file).data
        if data is None:
            continue
        problems = schemas.validate("case", data)
        record = data.get("id") if isinstance(data.get("id"), str) else None
        yield from invalid_case_leaks(data, problems, file=file, record=record)


@dataclass(frozen=True)
class CaseLeakRules:
    """What the case schema says about where text may stand in clear.

    `confidential`: paths of class confidential other than `sealed.age` (must be absent);
    `free_text`: string fields with no enum, pattern, format or const (prose could go there).
    """

    confidential: tuple[JsonPath, ...]
    free_text: tuple[JsonPath, ...]


@lru_cache(maxsize=4)
def case_rules(schemas: SchemaSet) -> CaseLeakRules:
    classes = schemas.field_classes("case")
    confidential = tuple(p for p, c in classes.items() if c == "confidential" and p not in SEALED_ARMOURS)
    free = tuple(sorted(set(_unconstrained_strings(schemas)) - SEALED_ARMOURS))
    return CaseLeakRules(confidential=confidential, free_text=free)


def _unconstrained_strings(schemas: SchemaSet) -> Iterator[JsonPath]:
    """Paths of case fields that take any string: no enum, const, pattern or format."""
    for path, _parent, node, _ref in walk_schema(schemas, schemas.document("case"), "case.schema.json"):
        kinds = node.get("type")
        is_string = kinds == "string" or (isinstance(kinds, list) and "string" in kinds)
        if is_string and not any(k in node for k in ("enum", "const", "pattern", "format")):
            yield path


def strings_in(value: Any, prefix: JsonPath = ()) -> Iterator[tuple[JsonPath, str]]:
    """Every text value inside `value`, with its path."""
    if isinstance(value, str):
        yield prefix, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from strings_in(item, (*prefix, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings_in(item, (*prefix, index))


def _dotted(path: JsonPath) -> str:
    return ".".join(str(p) for p in path)


def _clear_text(path: JsonPath, why: str, **where: Any) -> Issue:
    return error(
        "clear-text",
        _(
            "{path}: {why} in clear in a case file; identity and narrative belong only in "
            "the sealed block (seal it with lpsc, remove it here, and if it was committed, see "
            "`lpsc check --history`)"
        ).format(path=_dotted(path), why=_(why)),
        path=path,
        **where,
    )


def valid_case_leaks(data: Mapping[str, Any], rules: CaseLeakRules, *, file: str, record: str | None) -> list[Issue]:
    """Clear text in a case that passed its schema: confidential fields, prose, name-like codes."""
    issues: list[Issue] = []
    for pattern in rules.confidential:
        for path, value in values_at(data, pattern):
            if value not in (None, "", [], {}):
                issues.append(_clear_text(path, N_("a confidential field"), file=file, record=record))
    for pattern in rules.free_text:
        for path, value in values_at(data, pattern):
            if isinstance(value, str) and looks_like_free_text(value):
                issues.append(_clear_text(path, N_("free text"), file=file, record=record))
    for path, code in (*values_at(data, ("subject", "code")), *values_at(data, ("subjects", "*", "code"))):
        if isinstance(code, str) and _CAPITALISED_WORD.search(code):
            issues.append(
                warning(
                    "code-looks-like-name",
                    _(
                        "{path} looks like a name (it holds a capitalised word); a case code is initials or "
                        "a number (A.G., C-07)"
                    ).format(path=_dotted(path)),
                    file=file,
                    path=path,
                    record=record,
                )
            )
    return issues


def invalid_case_leaks(
    data: Mapping[str, Any], problems: list[tuple[JsonPath, str]], *, file: str, record: str | None
) -> list[Issue]:
    """Clear text in a case that fails its schema: text in unknown fields, prose in a coded field."""
    issues: list[Issue] = []
    seen: set[JsonPath] = set()
    for where, message in problems:
        target = _value_at(data, where)
        unknown = message.startswith("unknown field")
        for sub, text in strings_in(target, where):
            key = next((str(p) for p in reversed(sub) if isinstance(p, str)), "")
            sensitive = unknown and key.lower() in SENSITIVE_NAMES and bool(text.strip())
            if (sensitive or looks_like_free_text(text)) and where not in seen:
                seen.add(where)
                issues.append(
                    _clear_text(
                        where,
                        N_("text in a field the case schema does not have") if unknown else N_("free text"),
                        file=file,
                        record=record,
                    )
                )
    return issues


def _value_at(data: Any, path: JsonPath) -> Any:
    """The value at a concrete path (list items by index), or None."""
    pattern = tuple("*" if isinstance(key, int) else key for key in path)
    return next((value for where, value in values_at(data, pattern) if where == path), None)


# -- private keys -------------------------------------------------------------------------


def secret_lines(raw: bytes) -> list[int]:
    """The 1-based lines of `raw` holding an age private key."""
    if not any(hint in raw for hint in KEY_MARKERS):
        return []
    return sorted({raw.count(b"\n", 0, m.start()) + 1 for m in SECRET_PATTERN.finditer(raw)})


def tree_files(root: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """(relative POSIX path, directory entry) of every regular file under `root`, skipping .git.

    Links are not followed into folders; a link to a file is listed (and read only if it
    points inside the repository). Pipes, sockets and devices are never listed.
    """
    pending = [("", str(root))]
    while pending:
        prefix, folder = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            rel = prefix + entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in SKIPPED_FOLDERS:
                        pending.append((rel + "/", entry.path))
                elif entry.is_file():
                    yield rel, entry
            except OSError:  # a link loop, a file gone meanwhile
                continue


def _read(path: str) -> Iterator[tuple[int, bytes]]:
    """(overlap, bytes) of a file in chunks that begin with the last bytes of the one before.

    The overlap is longer than a key, so a key split between two reads is still found whole.
    Most files are one chunk with no overlap.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        tail = b""
        while True:
            chunk = os.read(fd, _CHUNK)
            if not chunk:
                return
            yield len(tail), tail + chunk
            tail = chunk[-_OVERLAP:]
    finally:
        os.close(fd)


@dataclass(frozen=True)
class _Scanned:
    """What reading one file found: lines with a private key, its bytes (a YAML-like file), a reveal mark."""

    keys: tuple[int, ...] = ()
    raw: bytes | None = None
    revealed: bool = False


def _scan_file(entry: os.DirEntry[str], root: Path) -> _Scanned:
    """Read `entry` once: the lines holding a private key, its bytes when it may hold a record,
    and whether it is a document written with `--reveal` (a Word file is a zip: its properties
    are read)."""
    try:
        if entry.is_symlink() and not resolves_inside(Path(entry.path), root):
            return _Scanned()
        lines: set[int] = set()
        counted = 0  # newlines before the current chunk (its overlap excluded)
        whole: list[bytes] = []
        keep = _looks_like_yaml(entry.name) and entry.stat().st_size <= _CHUNK
        revealed = False
        for overlap, chunk in _read(entry.path):
            lines.update(counted - chunk.count(b"\n", 0, overlap) + n for n in secret_lines(chunk))
            counted += chunk.count(b"\n", overlap)
            revealed = revealed or _REVEALED in chunk
            if keep:
                whole.append(chunk[overlap:])
        if not revealed and entry.name.lower().endswith(".docx"):
            revealed = _word_revealed(entry.path)
        return _Scanned(tuple(sorted(lines)), b"".join(whole) if keep else None, revealed)
    except OSError:
        return _Scanned()


def _word_revealed(path: str) -> bool:
    """Whether a Word file's properties carry the reveal mark."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _REVEALED in archive.read("docProps/core.xml")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return False


def _looks_like_yaml(name: str) -> bool:
    """A name a record could hide under: `x.yaml`, `X.YML`, `x.yaml.bak`, `x.yml~`, `x.yaml.orig`."""
    lowered = name.lower().rstrip("~")
    return any(ext in lowered for ext in (".yaml", ".yml"))


def tree_private_keys(
    root: Path,
    *,
    cache: Cache | None = None,
    known_clean: frozenset[str] = frozenset(),
    schemas: SchemaSet | None = None,
) -> list[Issue]:
    """An error for every age private key in a file of the working tree (any file, not only YAML),
    and, with `schemas`, for clear case text in YAML-like files the loader does not read
    (`cases/.archive/x.yaml`, `x.yaml.bak`, `X.YAML`, `drafts/case.yaml`).

    Files found clean are remembered in `cache` by size, modification and change time and
    inode (what git's index trusts), so a repeated check reads only the files that changed. As
    in git's index, an entry is trusted only for a file that had settled when the cache was
    written: one changed less than `RACY_NS` before the cache file's own modification time
    could have changed again within the same timestamp, unseen, so it is read again. (The
    clock is never read: the cache file's time is the reference.) Files in `known_clean` were
    just read by the loader and hold no key marker: they are not read again.
    """
    resolved = root.resolve()
    stamp = _stat_stamp(schemas)
    loaded, written = cache.load_with_time("keyscan", stamp) if cache is not None else (None, 0)
    known: dict[str, Any] = loaded if isinstance(loaded, dict) else {}
    settled = written - RACY_NS
    clean: dict[str, Any] = {}
    reread = False
    issues = []
    for rel, entry in tree_files(root):
        if rel in known_clean:
            continue
        try:
            info = entry.stat()
        except OSError:
            continue
        signature = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        if info.st_size > SCAN_LIMIT:
            issues.append(
                warning(
                    "not-scanned",
                    ngettext(
                        "a file of {size} byte is not searched for private keys; large files belong "
                        "outside a record repository",
                        "a file of {size} bytes is not searched for private keys; large files belong "
                        "outside a record repository",
                        info.st_size,
                    ).format(size=format_number(info.st_size, digits=0)),
                    file=rel,
                    line=1,
                )
            )
            continue
        if known.get(rel) == signature:
            if max(info.st_mtime_ns, info.st_ctime_ns) < settled:
                clean[rel] = signature
                continue
            reread = True  # saved again below, so that the new cache time settles it
        scanned = _scan_file(entry, resolved)
        found, raw = scanned.keys, scanned.raw
        if scanned.revealed:
            issues.append(
                error(
                    "revealed-document",
                    _(
                        "a document with sealed case data in clear (written with --reveal) inside the repository: "
                        "move it out and delete it; if it was committed, see `lpsc check --history`"
                    ),
                    file=rel,
                    line=1,
                )
            )
        for line in found:
            issues.append(
                error(
                    "private-key",
                    _("private key in the repository (AGE-SECRET-KEY-...): {advice}").format(
                        advice=_(PRIVATE_KEY_ADVICE)
                    ),
                    file=rel,
                    line=line,
                )
            )
        leaks = _case_leaks(raw, rel, schemas) if raw is not None and schemas is not None else []
        issues.extend(leaks)
        if not found and not leaks and not scanned.revealed:
            clean[rel] = signature
    if cache is not None and (clean != known or reread):
        cache.save("keyscan", stamp, clean)
    return issues


def _stat_stamp(schemas: SchemaSet | None) -> str:
    # what the scan looks for: keys, revealed documents, case text (by the schemas)
    return f"{SECRET_PATTERN.pattern!r}:{REVEALED}:{schemas.fingerprint if schemas is not None else '-'}"


def _case_leaks(raw: bytes, rel: str, schemas: SchemaSet) -> list[Issue]:
    """Clear-text errors in `raw` when it reads as a case record, wherever it lies (lines resolved)."""
    parsed = parse(raw, rel)
    data = parsed.data
    if data is None or not _is_case(data):
        return []
    problems = schemas.validate("case", data)
    record = data.get("id") if isinstance(data.get("id"), str) else None
    leaks = (
        invalid_case_leaks(data, problems, file=rel, record=record)
        if problems
        else valid_case_leaks(data, case_rules(schemas), file=rel, record=record)
    )
    text = parsed.text or ""
    return [leak.at_line(locate(text, leak.path) or 1) for leak in leaks if leak.severity == "error"]


_CASE_FIELDS = frozenset(
    {"referral", "subject", "subjects", "screening", "assessment", "isp", "case_manager", "sealed"}
)


def _is_case(data: Mapping[str, Any]) -> bool:
    """Whether a mapping reads as a case record: a case id, or two fields only cases have."""
    record_id = data.get("id")
    if isinstance(record_id, str) and record_id.startswith("case-"):
        return True
    return len(_CASE_FIELDS.intersection(data)) >= 2


def cache_in_tree(root: Path) -> list[Issue]:
    """A committed cache folder: lpsc never reads it, but a clone of an older lpsc would trust it.

    (An uncommitted one is only clutter: `lpsc check` suggests `lpsc migrate`, which removes it.)
    """
    folder = root / LEGACY_FOLDER
    if not (folder.exists() or folder.is_symlink()) or not tracked(root, LEGACY_FOLDER):
        return []
    return [
        error(
            "cache-committed",
            _(
                "{folder}/ is committed: a cache describes one machine's files and must never travel with "
                "the records (lpsc ignores it); run `lpsc migrate`, which removes it in a commit"
            ).format(folder=LEGACY_FOLDER),
            file=LEGACY_FOLDER,
            line=1,
        )
    ]


# -- git history --------------------------------------------------------------------------


def history_leaks(root: Path, schemas: SchemaSet, *, cache: Cache | None = None) -> list[Issue]:
    """Private keys and clear case text in every file version of every commit, whatever its path,
    and private keys in every commit message, naming the commit.

    File versions found clean are remembered by blob id in `cache` (blob ids are content
    hashes), so a repeated scan only reads the versions added since.
    """
    stamp = schemas.fingerprint
    loaded = cache.load("history-clean", stamp) if cache is not None else None
    clean = set(loaded) if isinstance(loaded, dict) else set()
    issues: list[Issue] = []
    try:
        blobs = introduced_blobs(root)
        todo = sorted(b for b in blobs if b not in clean)
        for blob, raw in read_blobs(root, todo):
            where = blobs[blob]
            found = _blob_leaks(raw, where, schemas)
            issues.extend(found)
            if not found:
                clean.add(blob)
        for commit, message in commit_messages(root):
            if any(hint in message.encode() for hint in KEY_MARKERS) and SECRET_PATTERN.search(message.encode()):
                issues.append(
                    error(
                        "history-private-key",
                        _(
                            "private key in the message of {commit}; it stays in every clone: rotate the key, "
                            "rewrite the history (git filter-repo) and re-clone everywhere"
                        ).format(commit=_named(commit)),
                    )
                )
    except GitUnavailable as exc:
        return [warning("history-unavailable", _("the history was not scanned: {error}").format(error=exc))]
    if cache is not None:
        cache.save("history-clean", stamp, dict.fromkeys(clean, True))
    return issues


def _named(where: Introduced) -> str:
    return _('commit {commit} ({day}, "{subject}")').format(
        commit=where.commit[:12], day=where.day, subject=where.subject
    )


def _blob_leaks(raw: bytes, where: Introduced, schemas: SchemaSet) -> list[Issue]:
    named = _named(where)
    issues = [
        error(
            "history-private-key",
            _(
                "private key committed in {commit}; it stays in every clone: rotate the key, rewrite the "
                "history (git filter-repo) and re-clone everywhere"
            ).format(commit=named),
            file=where.path,
            line=line,
        )
        for line in secret_lines(raw)
    ]
    if _looks_like_yaml(where.path.rsplit("/", 1)[-1]):
        for leak in _case_leaks(raw, where.path, schemas):
            issues.append(
                error(
                    "history-clear-text",
                    _(
                        "{finding}, committed in {commit}; it "
                        "stays in every clone: rewrite the history (git filter-repo) and re-clone everywhere"
                    ).format(finding=leak.message.split(";")[0], commit=named),
                    file=where.path,
                    line=leak.line,
                    path=leak.path,
                    record=leak.record,
                )
            )
    return issues
