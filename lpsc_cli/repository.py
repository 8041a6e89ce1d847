"""Find a record repository, read `lpsc.yaml`, and load every record.

Loading is the hot path of every command. Files are parsed with libyaml and validated with a
compiled schema; both results are cached by file content (in the user's cache folder, never in
the repository: `lpsc_cli.cache`), so a repeated run only reads and hashes the files. Any
problem with a file becomes a finding, never an exception: one bad file never hides the
others. A file is judged by its type and size before it is read: a pipe, a device or a huge
file is a finding, never a hang.

The loaded `Repository` is built whole and never changes; `check_file` is the per-file check
that both the loader and the record commands use.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import stat
import sys
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

from lpsc_cli import i18n
from lpsc_cli.cache import Cache, share_holidays
from lpsc_cli.calendar import reversed_span
from lpsc_cli.errors import ConfigurationError, Issue, JsonPath, error
from lpsc_cli.i18n import gettext as _
from lpsc_cli.lifecycle import CaseIndex
from lpsc_cli.model import CONFIG_FILE, ID_PATTERN, KIND_OF_FOLDER, KINDS, Record, expected_path
from lpsc_cli.schemas import SchemaSet
from lpsc_cli.yamlio import MAX_FILE_BYTES, compose, line_at, locate, parse, too_large

ENV_REPO = "LPSC_REPO"
#: Told how far loading has come: (files loaded, files in all). The CLI shows it as a bar.
Progress = Callable[[int, int], None]
#: How many files are loaded between two reports of progress.
PROGRESS_STEP = 64
#: The file cache's entries, one pair per kind and language (`records-case-sq`,
#: `records-changes-case-sq`): a load of some kinds (a record command) never reads the results
#: of the others, and, the findings being text in the run's language, a machine format run in
#: English between two runs in Albanian parses nothing again.
_CACHE_ENTRY = "records-{kind}-{language}"
_CHANGES_ENTRY = "records-changes-{kind}-{language}"
#: Changed files (new results, and results no longer used) kept beside the `records` entry
#: before it is written afresh.
CHANGES_KEPT = 256
#: The entries earlier versions kept and this one no longer reads: the file results and stats
#: of every kind at once (tens of MB), the check's results all in one entry, its date orders and
#: references in entries of their own. Removed by a whole load.
_LEGACY_ENTRIES = ("records", "records-changes", "stats", "checks", "orders", "references")
_STATS_ENTRY = "stats-{kind}"
_STATS_SHAPE = "stats:2"
#: The shape of a cached file (rel, kind, data, findings, lines): part of the entry's stamp.
_ENTRY_SHAPE = "6"


def find_root(repo: str | os.PathLike[str] | None = None, *, cwd: Path | None = None) -> Path:
    """The repository root: `repo`, else `$LPSC_REPO`, else the nearest folder upward with `lpsc.yaml`."""
    given = repo if repo is not None else os.environ.get(ENV_REPO) or None
    if given is not None:
        root = Path(given).expanduser()
        if not root.is_dir():
            raise ConfigurationError(
                _("{root}: no such folder (give a record repository with --repo)").format(root=root)
            )
        if not (root / CONFIG_FILE).is_file():
            raise ConfigurationError(
                _("{root}: not an lpsc repository (no {config}; create one with `lpsc init`)").format(
                    root=root, config=CONFIG_FILE
                )
            )
        return root.resolve()
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise ConfigurationError(
        _(
            "no {config} in {start} or any folder above it: run inside a record repository, "
            "or give one with --repo or {variable}"
        ).format(config=CONFIG_FILE, start=start, variable=ENV_REPO)
    )


@dataclass(frozen=True, slots=True)
class FileResult:
    """What checking one file yields: its data (if it parsed) and the file's own findings.

    `lines` is the line of every value of `data` in document order (`yamlio.node_lines`, as
    4-byte numbers): the lines of later findings in the file come from it, not a second parse.
    """

    kind: str
    path: str
    data: dict[str, Any] | None
    issues: tuple[Issue, ...]
    lines: bytes = b""


class NotLoaded(RuntimeError):
    """Records a partial load left out were asked for: a mistake in the command that loaded
    them, never in the records (a check must never run on a repository it sees only in part)."""


@dataclass(frozen=True)
class Selection:
    """What a partial load reads (`load_repository(selection=...)`): every record of `kinds`,
    and of the other kinds only the records `picked` ((kind, id) pairs).

    Of a kind not read, the ids are the names of its files (a listing of its folder, nothing
    read) and its records are `Unloaded`: asking for one that exists but was not picked, or for
    all of them, raises `NotLoaded`. A record command reads what it writes and what the checks
    of one record look at (`lpsc_cli.editing.core.findings`), not 10,000 cases.
    """

    kinds: frozenset[str]
    picked: frozenset[tuple[str, str]] = frozenset()

    def picking(self, kind: str, record_id: str) -> Selection:
        """This selection with the record `record_id` of `kind` read too."""
        return Selection(kinds=self.kinds, picked=self.picked | {(kind, record_id)})


#: What a record command reads by default: every kind but the cases, which are many and which a
#: command reads one at a time (`Selection.picking`). A new record is checked against the ids of
#: every kind and the records of these (a plan's meetings: `checks.consistency.record_issues`).
WRITE_SELECTION = Selection(kinds=frozenset(KINDS) - {"case"})


class Unloaded(Mapping[str, Record]):
    """The records of a kind that a partial load did not read, but for those it picked.

    `ids` are the ids of the kind's files. A picked record is there (or absent, when its file
    does not pass its schema, as in a whole load); an id that no file has is absent; any other
    record, and the records all together (iterating, counting), raise `NotLoaded` rather than
    look absent.
    """

    __slots__ = ("_ids", "_kind", "_picked", "_records")

    def __init__(self, kind: str, ids: frozenset[str], picked: frozenset[str], records: Mapping[str, Record]) -> None:
        self._kind, self._ids, self._picked, self._records = kind, ids, picked, dict(records)

    def __getitem__(self, record_id: str) -> Record:
        if record_id in self._picked or record_id not in self._ids:
            return self._records[record_id]
        raise NotLoaded(f"the {self._kind} '{record_id}' was not loaded (a partial load: {sorted(self._picked)})")

    def __contains__(self, record_id: object) -> bool:
        try:
            self[record_id]  # type: ignore[index]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        raise NotLoaded(f"the {self._kind} records were not loaded (a partial load)")

    def __len__(self) -> int:
        raise NotLoaded(f"the {self._kind} records were not loaded (a partial load)")

    def with_record(self, record: Record) -> Unloaded:
        """These records with `record` (picked) added."""
        records = {**self._records, record.id: record}
        return Unloaded(self._kind, self._ids | {record.id}, self._picked | {record.id}, records)


@dataclass(frozen=True)
class Repository:
    """The loaded records of one council, with the findings of loading them; never changed.

    `records[kind][id]` holds every record that parsed and matched its schema; `ids[kind]`
    holds the ids of every file that parsed (valid or not), so that a reference to a record
    with a schema error is not reported as dangling too. Both are read-only mappings.
    `read_files` are the record files the loader read, `key_marked` those of them holding a
    private-key marker; `digest` identifies every file of the tree as it was read.
    """

    root: Path
    config: Mapping[str, Any]
    records: Mapping[str, Mapping[str, Record]]
    ids: Mapping[str, frozenset[str]]
    schemas: SchemaSet
    issues: tuple[Issue, ...] = ()
    digest: str = ""
    read_files: frozenset[str] = frozenset()
    key_marked: frozenset[str] = frozenset()
    #: file -> (its data, the line of each value): where `line_of` finds lines without parsing.
    positions: Mapping[str, tuple[Any, bytes]] = field(default_factory=dict, repr=False, compare=False)
    #: What is read of each case, once for every rule and indicator (`lpsc_cli.lifecycle.CaseIndex`);
    #: shared with the views `dataclasses.replace` makes of this repository.
    case_index: CaseIndex = field(default_factory=CaseIndex, repr=False, compare=False)
    #: record file -> the digest of its content as read (`RecordFile.key`): what per-file caches
    #: of later stages are keyed by.
    file_keys: Mapping[str, bytes] = field(default_factory=dict, repr=False, compare=False)
    #: Whether it was loaded with the cache on: then later stages (the checks, the rules) may
    #: keep what they found per file too (`--no-cache`: nothing read or written anywhere).
    caching: bool = field(default=False, repr=False, compare=False)
    #: What a partial load read (`Selection`); None for a whole repository.
    selection: Selection | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        frozen = {
            kind: by_id if isinstance(by_id, Unloaded) else MappingProxyType(dict(by_id))
            for kind, by_id in self.records.items()
        }
        object.__setattr__(self, "records", MappingProxyType(frozen))
        object.__setattr__(self, "ids", MappingProxyType({kind: frozenset(v) for kind, v in self.ids.items()}))
        object.__setattr__(self, "issues", tuple(self.issues))

    def with_record(self, record: Record) -> Repository:
        """The repository as it would be with `record` written (and no loading findings)."""
        current = self.records.get(record.kind, {})
        updated = current.with_record(record) if isinstance(current, Unloaded) else {**current, record.id: record}
        records = {**self.records, record.kind: updated}
        ids = {**self.ids, record.kind: self.ids.get(record.kind, frozenset()) | {record.id}}
        return Repository(
            root=self.root, config=self.config, records=records, ids=ids, schemas=self.schemas,
            selection=self.selection,
        )  # fmt: skip

    @property
    def council(self) -> str:
        return str(self.config.get("council", self.root.name))

    @property
    def language(self) -> str:
        return str(self.config.get("language", "sq"))

    def of(self, kind: str) -> list[Record]:
        """The records of `kind`, sorted by id."""
        return sorted(self.records.get(kind, {}).values(), key=lambda r: r.id)

    def get(self, kind: str, record_id: str) -> Record | None:
        return self.records.get(kind, {}).get(record_id)

    def exists(self, kind: str, record_id: str) -> bool:
        return record_id in self.ids.get(kind, ())

    def find(self, record_id: str) -> Record | None:
        """The record with `record_id` of any kind (ids are unique per kind; first kind wins)."""
        for kind in KINDS:
            record = self.get(kind, record_id)
            if record is not None:
                return record
        return None

    @cached_property
    def _trees(self) -> dict[str, Any]:
        return {}

    @cached_property
    def _fitted(self) -> dict[str, Any]:
        """file -> (data, line numbers) when the numbers fit the data, else None."""
        return {}

    def line_of(self, file: str, path: JsonPath) -> int | None:
        """The line of `path` in `file`, from the lines the loader kept of each file's values.

        A file loaded otherwise is composed once (the slow path), however many findings it has.
        """
        if file not in self._fitted:
            self._fitted[file] = _fitted_lines(self.positions.get(file))
        fitted = self._fitted[file]
        found = line_at(fitted[0], fitted[1], path) if fitted is not None else None
        if found is not None:
            return found
        if file not in self._trees:
            try:
                raw = (self.root / file).read_bytes()
            except OSError:
                return None
            self._trees[file] = compose(raw.decode("utf-8-sig", errors="replace"))
        return locate(self._trees[file], path)

    def content_key(self, record: Record) -> bytes | None:
        """The digest of the file `record` was loaded from, when its data is that very file's
        (not a record given to a view of the repository): the key of per-file caches."""
        loaded = self.positions.get(record.path)
        if loaded is None or loaded[0] is not record.data:
            return None
        return self.file_keys.get(record.path)

    def with_lines(
        self, issues: Iterable[Issue], known: dict[tuple[bytes, JsonPath], int] | None = None
    ) -> list[Issue]:
        """Fill in the line of every finding that has a file and a path but no line yet.

        `known`, when given, holds lines by (the file's content key, path): a line found there
        is not looked up, and every line looked up in a file read is added to it.
        """
        resolved = []
        for issue in issues:
            if issue.line is None and issue.file is not None:
                file_key = self.file_keys.get(issue.file) if known is not None else None
                where = (file_key, tuple(issue.path)) if file_key is not None else None
                line = known.get(where) if known is not None and where is not None else None
                if line is None:
                    line = self.line_of(issue.file, issue.path) or 1
                    if known is not None and where is not None:
                        known[where] = line
                issue = issue.at_line(line)
            resolved.append(issue)
        return resolved


def load_config(root: Path, schemas: SchemaSet, *, lines: list[int] | None = None) -> dict[str, Any]:
    """Read and validate `lpsc.yaml`; any problem is a configuration error (exit 2).

    Given `lines`, the line of every value is appended to it (`yamlio.node_lines`).
    """
    path = root / CONFIG_FILE
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigurationError(
            _("{file}: cannot read ({reason})").format(file=CONFIG_FILE, reason=exc.strerror)
        ) from exc
    parsed = parse(raw, CONFIG_FILE, lines=lines)
    if parsed.issue is not None:
        issue = parsed.issue
        raise ConfigurationError(f"{CONFIG_FILE}:{issue.line or 1}: {issue.message}")
    assert parsed.data is not None
    problems = schemas.validate("config", parsed.data)
    if problems:
        text = parsed.text or ""
        found = [f"{CONFIG_FILE}:{locate(text, where) or 1}: {message}" for where, message in problems]
        raise ConfigurationError(_("the council configuration is not valid:") + "\n" + "\n".join(found))
    reversed_coverage = reversed_span(parsed.data.get("coverage"), "coverage")
    if reversed_coverage:
        line = locate(parsed.text or "", ("coverage",)) or 1
        raise ConfigurationError(f"{CONFIG_FILE}:{line}: {reversed_coverage}")
    return parsed.data


#: Bytes that mark an age private key (`AGE-SECRET-KEY-1...`, either case): files holding them
#: are flagged while they are read, so the leak check need not read every record again.
KEY_MARKERS = (b"SECRET-KEY-1", b"secret-key-1")
#: Folders never looked into: git's own.
SKIPPED_FOLDERS = frozenset({".git"})


def encoded(rel: str) -> bytes:
    """A path as bytes, also when its name is not UTF-8 (os.walk hands such names as surrogates)."""
    return rel.encode("utf-8", "surrogateescape")


def shown(rel: str) -> str:
    """A path fit for messages: bytes that are not UTF-8 become U+FFFD."""
    return encoded(rel).decode("utf-8", "replace")


def resolves_inside(path: Path, root: Path) -> bool:
    """Whether `path`, links resolved, lies inside `root`; a broken link or a link loop does not."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return False


@dataclass(frozen=True, slots=True)
class RecordFile:
    """One file under a record folder, read once: its bytes, or why it was not read.

    A file the stat cache knows unchanged is not read: `known` holds its content key and
    whether it holds a private-key marker, as found when it was last read.
    """

    kind: str
    rel: str
    raw: bytes | None
    problem: Issue | None = None
    known: tuple[bytes, bool] | None = None
    stat: tuple[int, ...] | None = None

    @property
    def key(self) -> bytes:
        """The content digest (with the kind): the per-file cache key."""
        if self.known is not None:
            return self.known[0]
        return hashlib.blake2b(self.raw or b"", digest_size=16).digest() + self.kind.encode()

    @property
    def read(self) -> bool:
        return self.raw is not None or self.known is not None

    @property
    def marked(self) -> bool:
        if self.known is not None:
            return self.known[1]
        raw = self.raw
        return raw is not None and any(marker in raw for marker in KEY_MARKERS)


@dataclass(frozen=True)
class Snapshot:
    """Every file of a repository as it is now: record files read, every other file stat'ed.

    Its digest changes when any file the checks look at changes, so a whole check result can
    be reused while it stays the same. Files other than records are known by size, times
    (modification and change: a change time cannot be set back by hand) and inode, as git's
    index knows them.
    """

    root: Path
    records: tuple[RecordFile, ...]
    others: tuple[tuple[str, int, int, int, int], ...]

    def digest(self) -> str:
        digest = hashlib.blake2b(digest_size=16)
        for record in self.records:
            digest.update(encoded(record.rel) + b"\0" + record.key)
        for rel, *numbers in self.others:
            digest.update(encoded(rel) + b"\0" + ":".join(map(str, numbers)).encode())
        return digest.hexdigest()

    def key_marked(self) -> frozenset[str]:
        """Record files whose bytes hold a private-key marker."""
        return frozenset(r.rel for r in self.records if r.marked)


def snapshot(root: Path, *, cache: bool = False, kinds: frozenset[str] | None = None) -> Snapshot:
    """Read every record file and stat every other file of the repository (not .git).

    With `cache`, a record file whose size, times, inode and device are those of when it was
    last read is not read again (`_StatCache`; not on Windows, see `TRUSTED_STAT`). Given
    `kinds`, only the files of those kinds are read, and no other file is stat'ed (a partial
    load: its digest stands for those files only).
    """
    stats = _StatCache(Cache.of(root)) if cache and TRUSTED_STAT else None
    records = [
        _read_known(root, kind, rel, stats.of(kind) if stats is not None else None)
        for kind, rel in _record_files(root, kinds)
    ]
    if stats is not None:
        stats.save(records)
    if kinds is not None:
        return Snapshot(root=root, records=tuple(records), others=())
    record_folders = tuple(f"{folder}/" for folder in KIND_OF_FOLDER)
    others: list[tuple[str, int, int, int, int]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_FOLDERS)
        rel_dir = Path(dirpath).relative_to(root).as_posix()
        for name in sorted(filenames):
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            if rel.startswith(record_folders) and name.endswith((".yaml", ".yml")):
                continue
            try:
                info = (Path(dirpath) / name).lstat()
            except OSError:
                continue
            others.append((rel, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))
    return Snapshot(root=root, records=tuple(records), others=tuple(others))


def load_repository(
    repo: str | os.PathLike[str] | None = None,
    *,
    cache: bool = True,
    schemas: SchemaSet | None = None,
    files: Snapshot | None = None,
    progress: Progress | None = None,
    workers: int | None = 1,
    selection: Selection | None = None,
) -> Repository:
    """Load the configuration and every record of a repository (from `files` when given).

    With `cache`, files whose content was checked before are not parsed again (the results
    live in the user's cache folder, `lpsc_cli.cache`); without it no cache is read or written.
    The holiday tables of the working-day calendar are kept in the user's cache folder too
    (`lpsc_cli.cache.HolidayCache`), or, without `cache`, built in this process only.
    `progress` is told, every few files, how many of them are loaded. Files are parsed and
    validated in `workers` processes with the same results: 1 (the default) in this process,
    None every core when more than `PARALLEL_FILES` files need it. Worker processes import the
    main script again, as `multiprocessing` does: the lpsc command asks for them, a script
    that does must guard its work with `if __name__ == "__main__":`.

    Given a `selection`, only some records are read (`Selection`): a record command's load. Its
    per-file results are cached kind by kind, as a whole load's are.
    """
    root = files.root if files is not None else find_root(repo)
    schemas = schemas or SchemaSet()
    share_holidays(cache)
    config_lines: list[int] = []
    config = load_config(root, schemas, lines=config_lines)
    files = files or snapshot(root, cache=cache, kinds=selection.kinds if selection is not None else None)
    # Records are plain, acyclic data (anchors and aliases are refused), so the cyclic garbage
    # collector has nothing to find in them; left on, it would walk the growing heap again and
    # again while thousands of files are parsed or read from the cache (a sixth of the time).
    # After a large load the records are frozen out of its sight (`gc.freeze`): a full
    # collection would otherwise walk them all once more (a third of a second for 10,000 cases)
    # as soon as the command goes on. Acyclic, they are still freed when no longer used.
    collecting = gc.isenabled()
    gc.disable()
    try:
        store = _FileCache(Cache.of(root), schemas.fingerprint) if cache else None
        results = _load_files(files.records, store, schemas, root, progress, workers)
        if store is not None:
            store.save()
            if selection is None:
                store.cache.forget(*_LEGACY_ENTRIES)
        positions = {CONFIG_FILE: (config, array("I", config_lines).tobytes())}
        listed: dict[str, set[str]] = {}
        if selection is not None:
            listed, picked = _listed_and_picked(root, selection, schemas)
            results.extend(picked)
        return _assemble(
            root, config, results, schemas=schemas, files=files, positions=positions, caching=cache,
            selection=selection, listed=listed,
        )  # fmt: skip
    finally:
        if collecting:
            if len(files.records) >= FREEZE_FILES:
                gc.freeze()
            gc.enable()


def _listed_and_picked(
    root: Path, selection: Selection, schemas: SchemaSet
) -> tuple[dict[str, set[str]], list[FileResult]]:
    """For the kinds a partial load does not read: the ids their file names give, and the
    results of the files of the records it picks (read and checked now, without the cache)."""
    others = [kind for kind in KINDS if kind not in selection.kinds]
    listed: dict[str, set[str]] = {kind: set() for kind in others}
    results: list[FileResult] = []
    for kind, rel in _record_files(root, others):
        stem, dot, suffix = rel.rsplit("/", 1)[-1].rpartition(".")
        if not dot or suffix not in ("yaml", "yml"):
            continue  # a linked folder, reported by a whole load
        listed[kind].add(stem)
        if (kind, stem) in selection.picked:
            result, record = _known_result(_read(root, kind, rel), None, root)
            results.append(result or check_file(kind, rel, record.raw or b"", schemas))
    return listed, results


def _record_files(root: Path, kinds: Collection[str] | None = None) -> Iterator[tuple[str, str]]:
    """(kind, relative POSIX path) of every YAML file under the record folders (of `kinds`), sorted."""
    for folder in sorted(KIND_OF_FOLDER):
        kind = KIND_OF_FOLDER[folder]
        if kinds is not None and kind not in kinds:
            continue
        base = root / folder
        if not base.is_dir() and not base.is_symlink():
            continue
        if not resolves_inside(base, root) or not base.is_dir():
            yield kind, folder  # a linked folder outside the repository: reported, never read
            continue
        found: list[str] = []
        for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            rel_dir = Path(dirpath).relative_to(root).as_posix()
            found.extend(f"{rel_dir}/{name}" for name in filenames if name.endswith((".yaml", ".yml")))
            for name in dirnames:
                if (Path(dirpath) / name).is_symlink():
                    found.append(f"{rel_dir}/{name}")
        for rel in sorted(found):
            yield kind, rel


#: Whether a file's stat can stand for its content: not on Windows, where the "change time" is
#: the creation time, so an edit that sets the modification time back would go unseen.
TRUSTED_STAT = sys.platform != "win32"
#: How long after a file's modification its size and times are trusted to stand for its content.
#: Git's "racy clean" rule, with room for file systems that keep times in whole seconds (or two).
RACY_NS = 3_000_000_000


class _KindStats:
    """The stat cache of one kind's files (the `stats-<kind>` entry): path → size, times, inode
    and device, content key and private-key marker.

    As git's index: a file whose stat is unchanged is taken as unchanged, unless it was modified
    too close to when its stat was recorded (racy: an edit within the same clock tick keeps the
    times), so such a file is read again. A change time cannot be set back by hand, so an edit
    that keeps the size and restores the modification time is still seen.
    """

    def __init__(self, cache: Cache, kind: str) -> None:
        self.cache, self.name = cache, _STATS_ENTRY.format(kind=kind)
        loaded, written = cache.load_with_time(self.name, _STATS_SHAPE)
        self.old: dict[str, list[Any]] = loaded if isinstance(loaded, dict) else {}
        self.trusted_before = written - RACY_NS
        #: Files found unchanged: when every file is, and no other is there, the entry stays as it is.
        self.hits = 0

    def known(self, rel: str, info: os.stat_result) -> tuple[bytes, bool] | None:
        entry = self.old.get(rel)
        if entry is None or info.st_mtime_ns >= self.trusted_before or info.st_ctime_ns >= self.trusted_before:
            return None
        if entry[0] != [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]:
            return None
        self.hits += 1
        return entry[1], entry[2]

    def save(self, records: Sequence[RecordFile], started: int) -> None:
        if self.hits == len(self.old) == len(records):
            return  # every file known unchanged, and no other: the entry would be the same
        trusted_before = started - RACY_NS
        new = {
            r.rel: [list(r.stat), r.key, r.marked]
            for r in records
            if r.stat is not None and r.read and r.stat[1] < trusted_before and r.stat[2] < trusted_before
        }
        if new != self.old:
            self.cache.save(self.name, _STATS_SHAPE, new)


class _StatCache:
    """Record files known by their stat, kind by kind (`_KindStats`): a load of some kinds reads
    and writes the entries of those kinds only."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache
        self.parts: dict[str, _KindStats] = {}
        # the file system's time now dates the stat cache's own entries (never a record's time)
        self.started = cache.file_time_now()

    def of(self, kind: str) -> _KindStats:
        if kind not in self.parts:
            self.parts[kind] = _KindStats(self.cache, kind)
        return self.parts[kind]

    def save(self, records: Sequence[RecordFile]) -> None:
        """Save the entry of each kind that has files (the entry of a kind without any is left:
        a file made again at one of its paths has another change time)."""
        by_kind: dict[str, list[RecordFile]] = {}
        for record in records:
            by_kind.setdefault(record.kind, []).append(record)
        for kind, found in by_kind.items():
            self.of(kind).save(found, self.started)


def _read_known(root: Path, kind: str, rel: str, stats: _KindStats | None) -> RecordFile:
    """A record file from the stat cache when it is known unchanged, else read (`_read`)."""
    if stats is not None:
        try:
            info = os.lstat(os.path.join(root, rel))
        except OSError:
            info = None
        if info is not None and stat.S_ISREG(info.st_mode):
            known = stats.known(rel, info)
            if known is not None:
                return RecordFile(kind, rel, None, known=known, stat=_stat_of(info))
    return _read(root, kind, rel)


def _stat_of(info: os.stat_result) -> tuple[int, ...]:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def _read(root: Path, kind: str, rel: str) -> RecordFile:
    """Read one record file, after judging what it is: never a pipe, a device or a huge file."""
    path = root / rel
    if path.is_symlink() and not resolves_inside(path, root):
        problem = error("outside", _("a link to a place outside the repository (or a broken link); it is not read"),
                        file=shown(rel), line=1)  # fmt: skip
        return RecordFile(kind, rel, None, problem)
    if shown(rel) != rel:
        problem = error("file-name", _("the file name is not UTF-8 text; rename the file"), file=shown(rel), line=1)
        return RecordFile(kind, rel, None, problem)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        return RecordFile(kind, rel, None)
    except OSError as exc:
        return RecordFile(kind, rel, None, _unreadable(rel, exc))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            return RecordFile(kind, rel, None)
        if not stat.S_ISREG(info.st_mode):
            problem = error("not-a-file", _("not a regular file (a pipe, socket or device); it is not read"),
                            file=rel, line=1)  # fmt: skip
            return RecordFile(kind, rel, None, problem)
        if info.st_size > MAX_FILE_BYTES:
            problem = error("too-large", too_large(info.st_size), file=rel, line=1)
            return RecordFile(kind, rel, None, problem)
        with os.fdopen(os.dup(fd), "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
        linked = path.is_symlink()
        return RecordFile(kind, rel, raw, stat=None if linked else _stat_of(info))
    except OSError as exc:
        return RecordFile(kind, rel, None, _unreadable(rel, exc))
    finally:
        os.close(fd)


def _unreadable(rel: str, exc: OSError) -> Issue:
    return error(
        "unreadable", _("cannot read the file ({reason})").format(reason=exc.strerror or exc), file=rel, line=1
    )


def _load_files(
    records: tuple[RecordFile, ...],
    store: _FileCache | None,
    schemas: SchemaSet,
    root: Path,
    progress: Progress | None,
    workers: int | None,
) -> list[FileResult]:
    """Every file's result, in order: from the file cache where it has one, else checked now."""
    results: list[FileResult | None] = []
    todo: list[tuple[int, RecordFile]] = []
    for record in records:
        result, record = _known_result(record, store, root)
        if result is None:
            todo.append((len(results), record))
        results.append(result)
    total, done = len(records), len(records) - len(todo)
    if progress is not None:
        progress(done, total)
    for (index, record), result in zip(todo, _check_files([r for _index, r in todo], schemas, workers), strict=True):
        results[index] = result
        if store is not None:
            store.put(record, result)
        done += 1
        if progress is not None and (done % PROGRESS_STEP == 0 or done == total):
            progress(done, total)
    return [result for result in results if result is not None]


def _known_result(record: RecordFile, store: _FileCache | None, root: Path) -> tuple[FileResult | None, RecordFile]:
    """The result of a file without checking it (cached, or not read), or None and the file read."""
    if record.known is not None:
        hit = store.get(record) if store is not None else None
        if hit is not None:
            return hit, record
        record = _read(root, record.kind, record.rel)  # known by its stat, but not in the file cache
    if record.raw is None:
        return FileResult(record.kind, record.rel, None, (record.problem,) if record.problem else ()), record
    if store is not None:
        hit = store.get(record)
        if hit is not None:
            return hit, record
    return None, record


#: Record files from which a load freezes what it made out of the garbage collector's sight.
FREEZE_FILES = 1000
#: Files to check above which worker processes pay for their start (a second or so).
PARALLEL_FILES = 2000
_CHUNK = 128


def worker_count() -> int:
    """The cores this process may use."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


def _check_files(records: list[RecordFile], schemas: SchemaSet, workers: int | None) -> Iterator[FileResult]:
    """`check_file` of each file, in order: in worker processes when there are enough files.

    `workers` None decides by the number of files and cores; 1 checks in this process.
    """
    count = workers if workers is not None else (worker_count() if len(records) > PARALLEL_FILES else 1)
    done = 0
    if count > 1 and len(records) > 1 and can_start_workers():
        batches = [
            [(r.kind, r.rel, r.raw or b"") for r in records[start : start + _CHUNK]]
            for start in range(0, len(records), _CHUNK)
        ]
        # not fork: a fork copies the locks of other threads (a progress bar's) in whatever state
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        try:
            with ProcessPoolExecutor(
                max_workers=min(count, len(batches)), mp_context=context, initializer=_start_worker,
                initargs=(str(schemas.directory), i18n.active()),
            ) as pool:  # fmt: skip
                for checked in pool.map(_check_batch, batches):
                    yield from checked
                    done += len(checked)
            return
        except (BrokenProcessPool, OSError):
            pass  # no worker processes here (a sandbox, an embedding): the rest in this process
    for record in records[done:]:
        yield check_file(record.kind, record.rel, record.raw or b"", schemas)


def can_start_workers() -> bool:
    """Whether worker processes can start: they import the main script again, which must be a file
    (not `python -` or a script given on stdin)."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    return path is None or Path(path).is_file()


_WORKER_SCHEMAS: list[SchemaSet] = []


def _start_worker(directory: str, language: str) -> None:
    gc.disable()  # as in `load_repository`: records are acyclic
    i18n.activate(language)  # a started process speaks English until told: findings in the run's language
    _WORKER_SCHEMAS.append(SchemaSet(Path(directory)))


def _check_batch(batch: list[tuple[str, str, bytes]]) -> list[FileResult]:
    schemas = _WORKER_SCHEMAS[0]
    return [check_file(kind, rel, raw, schemas) for kind, rel, raw in batch]


def check_file(kind: str, rel: str, raw: bytes, schemas: SchemaSet) -> FileResult:
    """Parse and validate one record file: the findings of the file alone (not of other records).

    The loader runs it on every file, and the record commands on the file they are about to
    write, so a command refuses with exactly the messages `lpsc check` would print.
    """
    numbers: list[int] = []
    parsed = parse(raw, rel, lines=numbers)
    if parsed.data is None:
        return FileResult(kind, rel, None, (parsed.issue,) if parsed.issue else ())
    data = parsed.data
    record_id = data.get("id")
    issues: list[Issue] = []
    problems = schemas.validate(kind, data)
    text = parsed.text or ""

    def line_of(where: JsonPath) -> int | None:
        # the loader gives one line per value, or none (`yamlio.load`): no count needed
        found = line_at(data, numbers, where) if numbers else None
        return found if found is not None else locate(text, where)

    for where, message in problems:
        issues.append(
            error(
                "schema",
                message,
                file=rel,
                line=line_of(where),
                path=where,
                record=record_id if isinstance(record_id, str) else None,
            )
        )
    if isinstance(record_id, str) and ID_PATTERN.fullmatch(record_id):
        expected = expected_path(kind, record_id, data)
        if expected is not None and expected != _canonical(rel):
            issues.append(_placement_issue(kind, rel, record_id, expected, line_of(("id",))))
    return FileResult(kind, rel, data, tuple(issues), array("I", numbers).tobytes())


def _canonical(rel: str) -> str:
    return rel[:-4] + ".yaml" if rel.endswith(".yml") else rel


def _placement_issue(kind: str, rel: str, record_id: str, expected: str, line: int | None) -> Issue:
    name = rel.rsplit("/", 1)[-1]
    if name.rsplit(".", 1)[0] != record_id:
        message = _("the file name is not the record's id: the {kind} '{id}' belongs in {expected}").format(
            kind=kind, id=record_id, expected=expected
        )
        code = "file-name"
    else:
        message = _("the file is in the wrong folder: the {kind} '{id}' belongs in {expected}").format(
            kind=kind, id=record_id, expected=expected
        )
        code = "wrong-folder"
    return error(code, message, file=rel, line=line, path=("id",), record=record_id)


def _fitted_lines(known: tuple[Any, bytes] | None) -> tuple[Any, array[int]] | None:
    """A file's data and its line numbers (`FileResult.lines`), when they fit each other."""
    if known is None:
        return None
    data, lines = known
    numbers = array("I")
    numbers.frombytes(lines)
    # the loader keeps one line per value of the data, or none (`yamlio.load`): no count needed
    return (data, numbers) if numbers else None


def _assemble(
    root: Path,
    config: dict[str, Any],
    results: list[FileResult],
    *,
    schemas: SchemaSet,
    files: Snapshot,
    positions: dict[str, tuple[Any, bytes]],
    caching: bool = False,
    selection: Selection | None = None,
    listed: Mapping[str, set[str]] | None = None,
) -> Repository:
    records: dict[str, Mapping[str, Record]] = {}
    loaded: dict[str, dict[str, Record]] = {kind: {} for kind in KINDS}
    ids: dict[str, set[str]] = {kind: set() for kind in KINDS}
    first_file: dict[tuple[str, str], str] = {}
    issues: list[Issue] = []
    for result in results:
        issues.extend(result.issues)
        data = result.data
        if data is None:
            continue
        if result.lines:
            positions[result.path] = (data, result.lines)
        record_id = data.get("id")
        if not isinstance(record_id, str):
            continue
        seen = first_file.get((result.kind, record_id))
        if seen is not None:
            issues.append(
                error(
                    "duplicate-id",
                    _("another {kind} has the id '{id}': {file}").format(kind=result.kind, id=record_id, file=seen),
                    file=result.path,
                    path=("id",),
                    record=record_id,
                )
            )
            continue
        first_file[(result.kind, record_id)] = result.path
        ids[result.kind].add(record_id)
        if not any(i.severity == "error" and i.code == "schema" for i in result.issues):
            loaded[result.kind][record_id] = Record(result.kind, record_id, result.path, data)
    for kind in KINDS:
        if selection is None or kind in selection.kinds:
            records[kind] = loaded[kind]
            continue
        picked = {record_id for picked_kind, record_id in selection.picked if picked_kind == kind} | ids[kind]
        ids[kind] |= (listed or {}).get(kind, set())
        records[kind] = Unloaded(kind, frozenset(ids[kind]), frozenset(picked), loaded[kind])
    return Repository(
        root=root,
        config=config,
        records=records,
        ids={kind: frozenset(found) for kind, found in ids.items()},
        schemas=schemas,
        issues=tuple(issues),
        digest=files.digest() if selection is None else "",
        read_files=frozenset(r.rel for r in files.records if r.read),
        key_marked=files.key_marked(),
        positions=positions,
        file_keys={r.rel: r.key for r in files.records if r.read},
        caching=caching,
        selection=selection,
    )


class _KindFiles:
    """Parsed and validated files of one kind, keyed by content digest (`records-<kind>` entry).

    Only plain data goes in (dicts, lists, text, numbers), so `marshal` is safe and fast. An
    entry from another lpsc version or schema set is ignored. Files changed since the entry was
    written are kept beside it, in the small `records-changes-<kind>-<language>` entry, as long as there
    are few of them (`CHANGES_KEPT`): after one file changes, its result is saved, not all
    10,000 again. Past that, both are written afresh, without the entries of files no longer
    read. Every entry is the result of one file's content, so any `records` entry goes with any
    `records-changes` entry (two commands saving at once lose entries, never mix them).
    """

    def __init__(self, cache: Cache, stamp: str, kind: str) -> None:
        self.cache, self.stamp = cache, stamp
        language = i18n.active()
        self.name = _CACHE_ENTRY.format(kind=kind, language=language)
        self.changes_name = _CHANGES_ENTRY.format(kind=kind, language=language)
        loaded = cache.load(self.name, stamp)
        self.base: dict[bytes, tuple[Any, ...]] = loaded if isinstance(loaded, dict) else {}
        changes = cache.load(self.changes_name, stamp) if self.base else None
        self.changes: dict[bytes, tuple[Any, ...]] = changes if isinstance(changes, dict) else {}
        self.new: dict[bytes, tuple[Any, ...]] = {}

    def save(self) -> None:
        base = self.base
        added = {key: entry for key, entry in self.new.items() if base.get(key) is not entry}
        unused = len(base) - (len(self.new) - len(added))  # entries of files no longer read
        if base and len(added) + unused <= CHANGES_KEPT:
            if added.keys() != self.changes.keys():
                self.cache.save(self.changes_name, self.stamp, added)
        elif self.new.keys() != base.keys() or self.changes:
            self.cache.save(self.name, self.stamp, self.new)
            self.cache.save(self.changes_name, self.stamp, {})


class _FileCache:
    """The results of checking each file, kind by kind (`_KindFiles`): a load of some kinds
    reads and writes the entries of those kinds only, so a write among the members never reads
    the results of 10,000 cases."""

    def __init__(self, cache: Cache, fingerprint: str) -> None:
        self.cache = cache
        self.stamp = f"{fingerprint}:{_ENTRY_SHAPE}"  # the language is in the entries' names
        self.parts: dict[str, _KindFiles] = {}

    def _of(self, kind: str) -> _KindFiles:
        if kind not in self.parts:
            self.parts[kind] = _KindFiles(self.cache, self.stamp, kind)
        return self.parts[kind]

    def get(self, record: RecordFile) -> FileResult | None:
        files = self._of(record.kind)
        key, rel = record.key, record.rel
        entry = files.changes.get(key) or files.base.get(key)
        if entry is None or entry[0] != rel:
            return None
        files.new[key] = entry
        _, kind, data, raw_issues, lines = entry
        return FileResult(kind, rel, data, tuple(Issue.from_row(row) for row in raw_issues), lines)

    def put(self, record: RecordFile, result: FileResult) -> None:
        entry = (record.rel, result.kind, result.data, [i.to_row() for i in result.issues], result.lines)
        self._of(record.kind).new[record.key] = entry

    def save(self) -> None:
        for files in self.parts.values():
            files.save()


def config_value(config: Mapping[str, Any], *keys: str, default: Any = None) -> Any:
    """A nested value of `lpsc.yaml` (`config_value(cfg, "rules", "invitation-notice")`)."""
    value: Any = config
    for key in keys:
        if not isinstance(value, Mapping) or key not in value:
            return default
        value = value[key]
    return value
