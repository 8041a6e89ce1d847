"""Running `lpsc check`: the options, the registry of checks, and the run with its caches.

A check is a plain function `(repository, options) -> Iterable[Issue]` listed in `CHECKS`.
Findings of loading (parse and schema errors, misplaced files, duplicate ids) come from the
loader; the checks look across records. Lines are filled in at the end, for the files that
have findings only. The names are also those of the package (`from lpsc_cli.checks import
CheckOptions, check_root`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from lpsc_cli import i18n
from lpsc_cli.cache import Cache
from lpsc_cli.checks import (
    assignments,
    composition,
    configuration,
    consistency,
    declarations,
    leaks,
    obligations,
    references,
    signed,
    templates,
)
from lpsc_cli.errors import Issue, JsonPath, Severity
from lpsc_cli.model import CONFIG_FILE
from lpsc_cli.repository import Progress, Repository, find_root, load_repository, snapshot
from lpsc_cli.schemas import SchemaSet

Check = Callable[[Repository, "CheckOptions"], Iterable[Issue]]


@dataclass(frozen=True, kw_only=True)
class CheckOptions:
    """What a check run is asked: the day it judges time by, and which files to report.

    `paths` None reports findings in every file. A tuple reports only findings in those files
    and folders (POSIX paths relative to the root; `.` is the whole repository), and an empty
    tuple none at all (`--changed-since` a revision that changed no file). Findings about the
    council as a whole (no file) are always reported. Every file is checked either way: the
    references between records do not stop at the paths asked for.
    """

    as_of: date
    paths: tuple[str, ...] | None = None
    strict: bool = False
    history: bool = False
    #: Read and write the caches (off: `--no-cache`, nothing read or written, history included).
    cache: bool = True
    #: Records changed or deleted ((kind, id)): findings in the records that refer to them are
    #: reported too (with `paths`, for `--changed-since`).
    related: tuple[tuple[str, str], ...] = ()
    #: Verify the signature of every commit in the scope of `signatures:` (`--signatures`).
    signatures: bool = False
    #: Processes that parse and validate files (`load_repository`): None, every core on a big load.
    workers: int | None = 1

    def reports(self, file: str | None) -> bool:
        """Whether a finding in `file` is reported: `members` covers `members/x.yaml`, not `members-old/`."""
        if file is None or self.paths is None:
            return True
        wanted = (path.rstrip("/") for path in self.paths)
        return any(w in ("", ".") or file == w or file.startswith(w + "/") for w in wanted)


@dataclass(frozen=True)
class CheckResult:
    """The findings of one run, sorted by file and line, and whether the run passes."""

    issues: tuple[Issue, ...]
    strict: bool = False
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        if self.counts.get("error", 0):
            return False
        return not (self.strict and self.counts.get("warning", 0))


#: Every check, in the order they run; a check module adds itself by being listed here.
CHECKS: tuple[tuple[str, Check], ...] = (
    ("configuration", configuration.check),
    ("references", references.check),
    ("consistency", consistency.check),
    ("composition", composition.check),
    ("assignments", assignments.check),
    ("obligations", obligations.check),
    ("declarations", declarations.check),
    ("leaks", leaks.check),
    ("templates", templates.check),
    ("signatures", signed.check),
)


def registry() -> list[tuple[str, Check]]:
    """Every check, in the order they run (`CHECKS`)."""
    return list(CHECKS)


def check_repository(
    repo: Repository, options: CheckOptions, *, checks: Sequence[tuple[str, Check]] | None = None
) -> CheckResult:
    """Run every check on a loaded repository and return the findings, lines resolved."""
    issues: list[Issue] = list(repo.issues)
    for _name, run in checks if checks is not None else registry():
        issues.extend(run(repo, options))
    if options.paths is not None:
        referring = references.referring_files(repo, options.related)
        issues = [i for i in issues if options.reports(i.file) or i.file in referring]
    return _result(sorted(set(_with_lines(repo, issues, options)), key=Issue.sort_key), options)


def _with_lines(repo: Repository, issues: list[Issue], options: CheckOptions) -> list[Issue]:
    """`repo.with_lines(issues)`, with the lines found before taken from the cache.

    A finding's line depends on its file's content and its path in the data alone, so lines are
    kept by (content digest, path) in the `lines` entry of the repository's cache: a repository
    where most files have findings does not look up 20,000 lines again after one file changes.
    The lines of files no longer in the tree are let go.
    """
    if not (options.cache and repo.caching and repo.file_keys):
        return repo.with_lines(issues)
    cache = Cache.of(repo.root)
    loaded = cache.load(_LINES_ENTRY, _LINES_SHAPE)
    before: dict[tuple[bytes, JsonPath], int] = loaded if isinstance(loaded, dict) else {}
    known = dict(before)
    resolved = repo.with_lines(issues, known)
    present = set(repo.file_keys.values())
    kept = {where: line for where, line in known.items() if where[0] in present}
    if kept != before:
        cache.save(_LINES_ENTRY, _LINES_SHAPE, kept)
    return resolved


_LINES_ENTRY = "lines"
_LINES_SHAPE = "lines:1"
_RESULTS_ENTRY = "checks"
#: Whole results kept (`check_root`), each in one of this many entries, so that a run reads one.
_RESULTS_KEPT = 16


def check_root(
    root: str | os.PathLike[str] | None, options: CheckOptions, *, progress: Progress | None = None
) -> CheckResult:
    """Check the repository at `root` (a path, or None to find it), reusing a stored result.

    Every file of the repository is read (record files) or stat'ed (the rest) and digested; a
    result stored for the same digests, day, options, schemas and lpsc version is returned as
    it is, without parsing a file (in the language the findings were written in). Otherwise the records are loaded (from the per-file cache
    where their content is unchanged), checked, and the result stored. Scans of git history
    (`history`) and of signatures (`signatures`) depend on more than the files and are never reused. With `options.cache`
    false, no cache is read or written at all. `progress` is told how loading the files goes.
    """
    top = find_root(root)
    schemas = SchemaSet()
    files = snapshot(top, cache=options.cache)
    config = (top / CONFIG_FILE).read_bytes()
    key = hashlib.blake2b(
        repr(
            (
                files.digest(),
                hashlib.blake2b(config).hexdigest(),
                options.as_of.isoformat(),
                options.paths,
                i18n.active(),
            )
        ).encode(),
        digest_size=16,
    ).hexdigest()
    reusable = options.cache and not options.history and not options.signatures
    cache = Cache.of(top)
    # One entry per slot, chosen by the key: a run reads one stored result (a repository full of
    # findings has tens of thousands of rows in each), and at most `_RESULTS_KEPT` are kept.
    slot = f"{_RESULTS_ENTRY}-{int(key, 16) % _RESULTS_KEPT:02d}"
    if reusable:
        stored = cache.load(slot, schemas.fingerprint)
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == key:
            return _result([Issue.from_row(row) for row in stored[1]], options)
    repo = load_repository(
        top, cache=options.cache, schemas=schemas, files=files, progress=progress, workers=options.workers
    )
    result = check_repository(repo, options)
    if reusable:
        cache.save(slot, schemas.fingerprint, (key, [issue.to_row() for issue in result.issues]))
    return result


def _result(issues: list[Issue], options: CheckOptions) -> CheckResult:
    counts = {severity.value: sum(1 for i in issues if i.severity == severity) for severity in Severity}
    return CheckResult(issues=tuple(issues), strict=options.strict, counts=counts)
