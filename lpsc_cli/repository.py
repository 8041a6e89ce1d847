"""Find a record repository, read `lpsc.yaml`, and load every record.

Loading is the hot path of every command. Files are parsed with libyaml and validated with a
compiled schema; both results are cached by file content, so a repeated run only reads and
hashes the files. Any problem with a file becomes a finding, never an exception: one bad file
never hides the others.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import marshal
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from lpsc_cli import __version__
from lpsc_cli.errors import ConfigurationError, Issue, JsonPath, LpscError, error
from lpsc_cli.model import CONFIG_FILE, ID_PATTERN, KIND_OF_FOLDER, KINDS, Record, expected_path
from lpsc_cli.schemas import SchemaSet
from lpsc_cli.yamlio import compose, locate, parse

ENV_REPO = "LPSC_REPO"
CACHE_DIR = ".lpsc-cache"
_CACHE_FILE = "records.marshal"
_CACHE_FORMAT = 2


def find_root(repo: str | os.PathLike[str] | None = None, *, cwd: Path | None = None) -> Path:
    """The repository root: `repo`, else `$LPSC_REPO`, else the nearest folder upward with `lpsc.yaml`."""
    given = repo if repo is not None else os.environ.get(ENV_REPO) or None
    if given is not None:
        root = Path(given).expanduser()
        if not root.is_dir():
            raise ConfigurationError(f"{root}: no such folder (give a record repository with --repo)")
        if not (root / CONFIG_FILE).is_file():
            raise ConfigurationError(f"{root}: not an lpsc repository (no {CONFIG_FILE}; create one with `lpsc init`)")
        return root.resolve()
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise ConfigurationError(
        f"no {CONFIG_FILE} in {start} or any folder above it: run inside a record repository, "
        f"or give one with --repo or {ENV_REPO}"
    )


@dataclass(frozen=True, slots=True)
class _FileResult:
    """What loading one file yields: the record (if any) and the file's own findings."""

    kind: str
    path: str
    data: dict[str, Any] | None
    issues: tuple[Issue, ...]


@dataclass
class Repository:
    """The loaded records of one council, with the findings of loading them.

    `records[kind][id]` holds every record that parsed and matched its schema; `ids[kind]`
    holds the ids of every file that parsed (valid or not), so that a reference to a record
    with a schema error is not reported as dangling too.
    """

    root: Path
    config: dict[str, Any]
    records: dict[str, dict[str, Record]]
    ids: dict[str, set[str]]
    issues: list[Issue] = field(default_factory=list)
    digest: str = ""
    schemas: SchemaSet | None = None
    #: record files read by the loader, and those of them holding a private-key marker
    read_files: frozenset[str] = frozenset()
    key_marked: frozenset[str] = frozenset()

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

    def line_of(self, file: str, path: JsonPath) -> int | None:
        """The line of `path` in `file`: the slow path, only for files with findings.

        Each file is composed once, however many findings it has.
        """
        if file not in self._trees:
            try:
                raw = (self.root / file).read_bytes()
            except OSError:
                return None
            self._trees[file] = compose(raw.decode("utf-8-sig", errors="replace"))
        return locate(self._trees[file], path)

    def with_lines(self, issues: Iterable[Issue]) -> list[Issue]:
        """Fill in the line of every finding that has a file and a path but no line yet."""
        resolved = []
        for issue in issues:
            if issue.line is None and issue.file is not None:
                issue = issue.at_line(self.line_of(issue.file, issue.path) or 1)
            resolved.append(issue)
        return resolved


def load_config(root: Path, schemas: SchemaSet) -> dict[str, Any]:
    """Read and validate `lpsc.yaml`; any problem is a configuration error (exit 2)."""
    path = root / CONFIG_FILE
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigurationError(f"{CONFIG_FILE}: cannot read ({exc.strerror})") from exc
    parsed = parse(raw, CONFIG_FILE)
    if parsed.issue is not None:
        issue = parsed.issue
        raise ConfigurationError(f"{CONFIG_FILE}:{issue.line or 1}: {issue.message}")
    assert parsed.data is not None
    problems = schemas.validate("config", parsed.data)
    if problems:
        text = parsed.text or ""
        lines = [f"{CONFIG_FILE}:{locate(text, where) or 1}: {message}" for where, message in problems]
        raise ConfigurationError("the council configuration is not valid:\n" + "\n".join(lines))
    return parsed.data


#: Bytes that mark an age private key (`AGE-SECRET-KEY-1...`, either case): files holding them
#: are flagged while they are read, so the leak check need not read every record again.
KEY_MARKERS = (b"SECRET-KEY-1", b"secret-key-1")
_SKIPPED_FOLDERS = frozenset({".git", CACHE_DIR})


@dataclass(frozen=True, slots=True)
class RecordFile:
    """One file under a record folder, read once: its bytes, or why it was not read."""

    kind: str
    rel: str
    raw: bytes | None
    problem: Issue | None = None

    @property
    def key(self) -> bytes:
        """The content digest (with the kind): the per-file cache key."""
        return hashlib.blake2b(self.raw or b"", digest_size=16).digest() + self.kind.encode()


@dataclass(frozen=True)
class Snapshot:
    """Every file of a repository as it is now: record files read, every other file stat'ed.

    Its digest changes when any file the checks look at changes, so a whole check result can
    be reused while it stays the same.
    """

    root: Path
    records: tuple[RecordFile, ...]
    others: tuple[tuple[str, int, int], ...]

    def digest(self) -> str:
        digest = hashlib.blake2b(digest_size=16)
        for record in self.records:
            digest.update(record.rel.encode() + b"\0" + record.key)
        for rel, size, mtime in self.others:
            digest.update(f"{rel}\0{size}\0{mtime}".encode())
        return digest.hexdigest()

    def key_marked(self) -> frozenset[str]:
        """Record files whose bytes hold a private-key marker."""
        return frozenset(r.rel for r in self.records if r.raw and any(m in r.raw for m in KEY_MARKERS))


def snapshot(root: Path) -> Snapshot:
    """Read every record file and stat every other file of the repository (not .git or caches)."""
    records = [_read(root, kind, rel) for kind, rel in _record_files(root)]
    record_folders = tuple(f"{folder}/" for folder in KIND_OF_FOLDER)
    others: list[tuple[str, int, int]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIPPED_FOLDERS)
        rel_dir = Path(dirpath).relative_to(root).as_posix()
        for name in sorted(filenames):
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            if rel.startswith(record_folders) and name.endswith((".yaml", ".yml")):
                continue
            try:
                stat = (Path(dirpath) / name).lstat()
            except OSError:
                continue
            others.append((rel, stat.st_size, stat.st_mtime_ns))
    return Snapshot(root=root, records=tuple(records), others=tuple(others))


def load_repository(
    repo: str | os.PathLike[str] | None = None,
    *,
    cache: bool = True,
    schemas: SchemaSet | None = None,
    files: Snapshot | None = None,
) -> Repository:
    """Load the configuration and every record of a repository (from `files` when given)."""
    root = files.root if files is not None else find_root(repo)
    schemas = schemas or SchemaSet()
    config = load_config(root, schemas)
    files = files or snapshot(root)
    # Records are plain, acyclic data (anchors and aliases are refused), so the cyclic garbage
    # collector has nothing to find in them; left on, it would walk the growing heap again and
    # again while thousands of files are parsed or read from the cache (a sixth of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        store = _Cache(root, schemas.fingerprint) if cache else None
        results = [_load_file(record, store, schemas) for record in files.records]
        if store is not None:
            store.save()
        repository = _assemble(root, config, results)
    finally:
        if collecting:
            gc.enable()
    repository.schemas = schemas
    repository.digest = files.digest()
    repository.read_files = frozenset(r.rel for r in files.records if r.raw is not None)
    repository.key_marked = files.key_marked()
    return repository


def _record_files(root: Path) -> Iterator[tuple[str, str]]:
    """(kind, relative POSIX path) of every YAML file under the record folders, sorted."""
    for folder in sorted(KIND_OF_FOLDER):
        base = root / folder
        if not base.is_dir():
            continue
        kind = KIND_OF_FOLDER[folder]
        if not base.resolve().is_relative_to(root):
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


def _read(root: Path, kind: str, rel: str) -> RecordFile:
    path = root / rel
    if path.is_symlink() and not path.resolve().is_relative_to(root):
        problem = error("outside", "a link to a place outside the repository; it is not read", file=rel, line=1)
        return RecordFile(kind, rel, None, problem)
    if path.is_dir():
        return RecordFile(kind, rel, None)
    try:
        return RecordFile(kind, rel, path.read_bytes())
    except OSError as exc:
        return RecordFile(
            kind, rel, None, error("unreadable", f"cannot read the file ({exc.strerror})", file=rel, line=1)
        )


def _load_file(record: RecordFile, store: _Cache | None, schemas: SchemaSet) -> _FileResult:
    kind, rel, raw = record.kind, record.rel, record.raw
    if raw is None:
        return _FileResult(kind, rel, None, (record.problem,) if record.problem else ())
    key = record.key
    if store is not None:
        hit = store.get(key, rel)
        if hit is not None:
            data, issues = hit
            return _FileResult(kind, rel, data, tuple(issues))
    result = _check_file(kind, rel, raw, schemas)
    if store is not None:
        store.put(key, rel, result)
    return result


def _check_file(kind: str, rel: str, raw: bytes, schemas: SchemaSet) -> _FileResult:
    """Parse and validate one file; findings of the file alone (not of other records)."""
    parsed = parse(raw, rel)
    if parsed.data is None:
        return _FileResult(kind, rel, None, (parsed.issue,) if parsed.issue else ())
    data = parsed.data
    record_id = data.get("id")
    issues: list[Issue] = []
    problems = schemas.validate(kind, data)
    text = parsed.text or ""
    for where, message in problems:
        issues.append(
            error(
                "schema",
                message,
                file=rel,
                line=locate(text, where),
                path=where,
                record=record_id if isinstance(record_id, str) else None,
            )
        )
    if isinstance(record_id, str) and ID_PATTERN.fullmatch(record_id):
        expected = expected_path(kind, record_id, data)
        if expected is not None and expected != _canonical(rel):
            issues.append(_placement_issue(kind, rel, record_id, expected, text))
    return _FileResult(kind, rel, data, tuple(issues))


def _canonical(rel: str) -> str:
    return rel[:-4] + ".yaml" if rel.endswith(".yml") else rel


def _placement_issue(kind: str, rel: str, record_id: str, expected: str, text: str) -> Issue:
    name = rel.rsplit("/", 1)[-1]
    if name.rsplit(".", 1)[0] != record_id:
        message = f"the file name is not the record's id: the {kind} '{record_id}' belongs in {expected}"
        code = "file-name"
    else:
        message = f"the file is in the wrong folder: the {kind} '{record_id}' belongs in {expected}"
        code = "wrong-folder"
    return error(code, message, file=rel, line=locate(text, ("id",)), path=("id",), record=record_id)


def _assemble(root: Path, config: dict[str, Any], results: list[_FileResult]) -> Repository:
    records: dict[str, dict[str, Record]] = {kind: {} for kind in KINDS}
    ids: dict[str, set[str]] = {kind: set() for kind in KINDS}
    first_file: dict[tuple[str, str], str] = {}
    issues: list[Issue] = []
    for result in results:
        issues.extend(result.issues)
        data = result.data
        if data is None:
            continue
        record_id = data.get("id")
        if not isinstance(record_id, str):
            continue
        seen = first_file.get((result.kind, record_id))
        if seen is not None:
            issues.append(
                error(
                    "duplicate-id",
                    f"another {result.kind} has the id '{record_id}': {seen}",
                    file=result.path,
                    path=("id",),
                    record=record_id,
                )
            )
            continue
        first_file[(result.kind, record_id)] = result.path
        ids[result.kind].add(record_id)
        if not any(i.severity == "error" and i.code == "schema" for i in result.issues):
            records[result.kind][record_id] = Record(result.kind, record_id, result.path, data)
    return Repository(root=root, config=config, records=records, ids=ids, issues=issues)


class _Cache:
    """Parsed and validated files, keyed by content digest; stored with `marshal`.

    Only plain data goes in (dicts, lists, text, numbers), so `marshal` is safe and fast. A
    cache from another lpsc version or schema set is ignored. Writing is best effort: a
    read-only repository simply runs without a cache.
    """

    def __init__(self, root: Path, fingerprint: str) -> None:
        self.path = root / CACHE_DIR / _CACHE_FILE
        self.stamp = f"{_CACHE_FORMAT}:{__version__}:{fingerprint}"
        self.old: dict[bytes, tuple[Any, ...]] = {}
        self.new: dict[bytes, tuple[Any, ...]] = {}
        try:
            stamp, entries = marshal.loads(self.path.read_bytes())
            if stamp == self.stamp and isinstance(entries, dict):
                self.old = entries
        except (OSError, ValueError, EOFError, TypeError):
            pass

    def get(self, key: bytes, rel: str) -> tuple[dict[str, Any] | None, list[Issue]] | None:
        entry = self.old.get(key)
        if entry is None or entry[0] != rel:
            return None
        self.new[key] = entry
        _, data, raw_issues = entry
        return data, [Issue.from_row(row) for row in raw_issues]

    def put(self, key: bytes, rel: str, result: _FileResult) -> None:
        self.new[key] = (rel, result.data, [i.to_row() for i in result.issues])

    def save(self) -> None:
        if self.new.keys() == self.old.keys():
            return
        with contextlib.suppress(ValueError):
            write_cache(self.path, marshal.dumps((self.stamp, self.new)))


def write_cache(path: Path, data: bytes) -> None:
    """Write a file of `.lpsc-cache/` (best effort: a read-only repository runs without one).

    The folder ignores itself in git, so a cache can never be committed by accident.
    """
    from lpsc_cli.store import write_atomic

    try:
        path.parent.mkdir(exist_ok=True)
        gitignore = path.parent / ".gitignore"
        if not gitignore.exists():
            write_atomic(gitignore, b"*\n", overwrite=True)
        write_atomic(path, data, overwrite=True)
    except (OSError, LpscError):
        pass


def config_value(config: Mapping[str, Any], *keys: str, default: Any = None) -> Any:
    """A nested value of `lpsc.yaml` (`config_value(cfg, "rules", "invitation-notice")`)."""
    value: Any = config
    for key in keys:
        if not isinstance(value, Mapping) or key not in value:
            return default
        value = value[key]
    return value
