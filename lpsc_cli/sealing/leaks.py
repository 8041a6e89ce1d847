"""Finding confidential data where it must not be: clear text in case files, private keys in files.

Three places are searched: the loaded case records (against the schema: a confidential field
outside `sealed.age`, free text in a field the schema leaves unconstrained, text in a field
the schema does not know), every file of the working tree (an age private key), and, for
`lpsc check --history`, every file version in every commit of the git repository — a leak
that was "deleted" is still in every clone. The file versions come from `lpsc_cli.history`, the
one module that runs git; the clean results are cached in `.lpsc-cache/` (written with
`lpsc_cli.store.write_atomic`).
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lpsc_cli.checks.references import values_at
from lpsc_cli.errors import Issue, JsonPath, LpscError, error, warning
from lpsc_cli.repository import KEY_MARKERS
from lpsc_cli.sealing.keys import SECRET_PATTERN

if TYPE_CHECKING:
    from lpsc_cli.history import Introduced
    from lpsc_cli.schemas import SchemaSet

SKIPPED_FOLDERS = frozenset({".git", ".lpsc-cache"})
SEALED_ARMOUR: JsonPath = ("sealed", "age")
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
_OVERLAP = 128
#: A file changed this close to the cache's own time may have changed again unseen (2 s: FAT).
RACY_NS = 2_000_000_000
PRIVATE_KEY_ADVICE = "remove it, then rotate the key: `lpsc key new` (a new file), `lpsc member set-key`, `lpsc reseal`"


def looks_like_free_text(value: str) -> bool:
    """Prose or a name rather than a code: two words or more, or one long run of text."""
    return len(_WORD.findall(value)) >= 2 or len(value) > 40


# -- clear text in case data --------------------------------------------------------------


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
    confidential = tuple(p for p, c in classes.items() if c == "confidential" and p != SEALED_ARMOUR)
    free = tuple(sorted(set(_unconstrained_strings(schemas)) - {SEALED_ARMOUR}))
    return CaseLeakRules(confidential=confidential, free_text=free)


def _unconstrained_strings(schemas: SchemaSet) -> Iterator[JsonPath]:
    """Paths of case fields that take any string: no enum, const, pattern or format."""
    from lpsc_cli.schemas import walk_schema

    for path, _, node, _ in walk_schema(schemas, schemas.document("case"), "case.schema.json"):
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
        f"{_dotted(path)}: {why} in clear in a case file; identity and narrative belong only in "
        "the sealed block (seal it with lpsc, remove it here, and if it was committed, see "
        "`lpsc check --history`)",
        path=path,
        **where,
    )


def valid_case_leaks(data: Mapping[str, Any], rules: CaseLeakRules, *, file: str, record: str | None) -> list[Issue]:
    """Clear text in a case that passed its schema: confidential fields, prose, name-like codes."""
    issues: list[Issue] = []
    for pattern in rules.confidential:
        for path, value in values_at(data, pattern):
            if value not in (None, "", [], {}):
                issues.append(_clear_text(path, "a confidential field", file=file, record=record))
    for pattern in rules.free_text:
        for path, value in values_at(data, pattern):
            if isinstance(value, str) and looks_like_free_text(value):
                issues.append(_clear_text(path, "free text", file=file, record=record))
    subject = data.get("subject")
    code = subject.get("code") if isinstance(subject, Mapping) else None
    if isinstance(code, str) and _CAPITALISED_WORD.search(code):
        issues.append(
            warning(
                "code-looks-like-name",
                "subject.code looks like a name (it holds a capitalised word); a case code is initials or "
                "a number (A.G., C-07)",
                file=file,
                path=("subject", "code"),
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
                        "text in a field the case schema does not have" if unknown else "free text",
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
    """(relative POSIX path, directory entry) of every file under `root`, skipping .git and .lpsc-cache.

    Links are not followed into folders; a link to a file is listed (and read only if it
    points inside the repository).
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
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in SKIPPED_FOLDERS:
                    pending.append((rel + "/", entry.path))
            elif entry.is_file():
                yield rel, entry


def _read(path: str) -> Iterator[tuple[int, bytes]]:
    """(overlap, bytes) of a file in chunks that begin with the last bytes of the one before.

    The overlap is longer than a key, so a key split between two reads is still found whole.
    Most files are one chunk with no overlap.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
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


def _file_secret_lines(entry: os.DirEntry[str], root: Path) -> list[int]:
    try:
        if entry.is_symlink() and not Path(entry.path).resolve().is_relative_to(root):
            return []
        lines: set[int] = set()
        counted = 0  # newlines before the current chunk (its overlap excluded)
        for overlap, chunk in _read(entry.path):
            lines.update(counted - chunk.count(b"\n", 0, overlap) + n for n in secret_lines(chunk))
            counted += chunk.count(b"\n", overlap)
        return sorted(lines)
    except OSError:
        return []


def tree_private_keys(
    root: Path, *, cache_dir: Path | None = None, known_clean: frozenset[str] = frozenset()
) -> list[Issue]:
    """An error for every age private key in a file of the working tree (any file, not only YAML).

    Files found clean are remembered in `cache_dir` by size, modification and change time and
    inode (what git's index trusts), so a repeated check reads only the files that changed. As
    in git's index, an entry is trusted only for a file that had settled when the cache was
    written: one changed less than `RACY_NS` before the cache file's own modification time
    could have changed again within the same timestamp, unseen, so it is read again. (The
    clock is never read: the cache file's time is the reference.) Files in `known_clean` were
    just read by the loader and hold no key marker: they are not read again.
    """
    resolved = root.resolve()
    stamp = _stat_stamp()
    known, written = _load_cache(cache_dir, "keyscan", stamp)
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
        if known.get(rel) == signature:
            if max(info.st_mtime_ns, info.st_ctime_ns) < settled:
                clean[rel] = signature
                continue
            reread = True  # saved again below, so that the new cache time settles it
        found = _file_secret_lines(entry, resolved)
        for line in found:
            issues.append(
                error(
                    "private-key",
                    f"private key in the repository (AGE-SECRET-KEY-...): {PRIVATE_KEY_ADVICE}",
                    file=rel,
                    line=line,
                )
            )
        if not found:
            clean[rel] = signature
    if clean != known or reread:
        _save_cache(cache_dir, "keyscan", stamp, clean)
    return issues


def _stat_stamp() -> str:
    from lpsc_cli import __version__

    return f"{__version__}:{SECRET_PATTERN.pattern!r}"


# -- git history --------------------------------------------------------------------------


def history_leaks(root: Path, schemas: SchemaSet, *, cache_dir: Path | None = None) -> list[Issue]:
    """Private keys and clear case text in every file version of every commit, naming the commit.

    File versions found clean are remembered by blob id in `cache_dir` (blob ids are content
    hashes), so a repeated scan only reads the versions added since.
    """
    from lpsc_cli import __version__
    from lpsc_cli.history import GitUnavailable, introduced_blobs, read_blobs
    from lpsc_cli.yamlio import parse

    stamp = f"{__version__}:{schemas.fingerprint}"
    clean = set(_load_cache(cache_dir, "history-clean", stamp)[0])
    issues: list[Issue] = []
    try:
        blobs = introduced_blobs(root)
        todo = sorted(b for b in blobs if b not in clean)
        for blob, raw in read_blobs(root, todo):
            where = blobs[blob]
            found = _blob_leaks(raw, where, schemas, parse)
            issues.extend(found)
            if not found:
                clean.add(blob)
    except GitUnavailable as exc:
        return [warning("history-unavailable", f"the history was not scanned: {exc}")]
    _save_cache(cache_dir, "history-clean", stamp, {blob: True for blob in clean})
    return issues


def _blob_leaks(raw: bytes, where: Introduced, schemas: SchemaSet, parse: Any) -> list[Issue]:
    named = f'commit {where.commit[:12]} ({where.day}, "{where.subject}")'
    issues = [
        error(
            "history-private-key",
            f"private key committed in {named}; it stays in every clone: rotate the key, rewrite the "
            "history (git filter-repo) and re-clone everywhere",
            file=where.path,
            line=line,
        )
        for line in secret_lines(raw)
    ]
    if where.path.startswith("cases/") and where.path.endswith((".yaml", ".yml")):
        parsed = parse(raw, where.path)
        if parsed.data is not None:
            data = parsed.data
            problems = schemas.validate("case", data)
            record = data.get("id") if isinstance(data.get("id"), str) else None
            leaks = (
                invalid_case_leaks(data, problems, file=where.path, record=record)
                if problems
                else valid_case_leaks(data, case_rules(schemas), file=where.path, record=record)
            )
            for leak in leaks:
                if leak.severity != "error":
                    continue
                from lpsc_cli.yamlio import locate

                issues.append(
                    error(
                        "history-clear-text",
                        f"{leak.message.split(';')[0]}, committed in {named}; it "
                        "stays in every clone: rewrite the history (git filter-repo) and re-clone everywhere",
                        file=where.path,
                        line=locate(parsed.text or "", leak.path) or 1,
                        path=leak.path,
                        record=record,
                    )
                )
    return issues


def _load_cache(cache_dir: Path | None, name: str, stamp: str) -> tuple[Any, int]:
    """A value saved by `_save_cache` under the same `stamp` (else an empty dict), and the
    modification time of the cache file in nanoseconds (0 without one)."""
    if cache_dir is None:
        return {}, 0
    path = cache_dir / f"{name}.marshal"
    try:
        written = path.stat().st_mtime_ns
        saved_stamp, value = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}, 0
    return (value, written) if saved_stamp == stamp else ({}, 0)


def _save_cache(cache_dir: Path | None, name: str, stamp: str, value: Any) -> None:
    """Save plain data in `.lpsc-cache/<name>.marshal` (best effort; the folder is git-ignored)."""
    if cache_dir is None:
        return
    from lpsc_cli.store import write_atomic

    try:
        cache_dir.mkdir(exist_ok=True)
        ignore = cache_dir / ".gitignore"
        if not ignore.exists():
            with contextlib.suppress(LpscError):  # another process wrote it first
                write_atomic(ignore, b"*\n", overwrite=False)
        write_atomic(cache_dir / f"{name}.marshal", marshal.dumps((stamp, value)), overwrite=True)
    except (OSError, ValueError, LpscError):
        pass
