"""What lpsc remembers between runs of one repository, and the lock its writers share.

A cache is never kept inside the repository it describes: a file in the tree can be edited,
committed and cloned, and a check that trusted it would say whatever the file says (a forged
entry marking a broken file valid). Each repository gets a folder of its own in the user's
cache folder, named by a digest of the repository's real path:

- `$LPSC_CACHE_DIR` when set (tests, CI, a shared machine);
- else `%LOCALAPPDATA%\\lpsc\\Cache` on Windows, `~/Library/Caches/lpsc` on macOS, and
  `$XDG_CACHE_HOME/lpsc` (default `~/.cache/lpsc`) elsewhere.

Entries are named values saved with `marshal` (plain data only: dicts, lists, text, numbers,
bytes) under a stamp — the cache format, the lpsc version and what the caller says its value
depends on (e.g. the schemas' fingerprint). An entry under another stamp reads as absent.
Saving is best effort: a read-only cache folder means running without a cache, never an error.
The write lock lives here too, so that one lpsc writer at a time works on a repository.

One entry is not a repository's: the Albanian holiday tables (`HolidayCache`, in the folder
`calendar` beside the repositories' folders), one per year, under the version of the
`holidays` package that built them, so that a command need neither import that package nor
build a year's table again.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import marshal
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from lpsc_cli.calendar import keep_holidays_in
from lpsc_cli.errors import LpscError
from lpsc_cli.i18n import gettext as _
from lpsc_cli.store import write_atomic
from lpsc_cli.version import VERSION

ENV_CACHE = "LPSC_CACHE_DIR"
#: The folder earlier versions kept inside a repository; now only a finding if it is there.
LEGACY_FOLDER = ".lpsc-cache"
LOCK_FILE = "write.lock"
LOCK_TIMEOUT = 120.0
_FORMAT = 4


def digest_of(*facts: Any) -> str:
    """A short digest of plain facts (their `repr`): a cache entry's name or stamp."""
    return hashlib.blake2b(repr(facts).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def user_cache_dir() -> Path:
    """The folder holding the caches of every repository of this user."""
    given = os.environ.get(ENV_CACHE)
    if given:
        return Path(given).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "lpsc" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "lpsc"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lpsc"


@dataclass(frozen=True)
class Cache:
    """The cache folder of one repository: named, stamped entries and the write lock."""

    folder: Path

    @classmethod
    def of(cls, root: Path) -> Cache:
        """The cache of the repository at `root` (keyed by its real path)."""
        real = str(Path(root).resolve())
        key = hashlib.blake2b(real.encode("utf-8", "surrogateescape"), digest_size=10).hexdigest()
        return cls(user_cache_dir() / f"{Path(real).name[:40] or 'root'}-{key}")

    def load(self, name: str, stamp: str) -> Any:
        """The value saved under `name` with the same `stamp`, or None."""
        value, _ = self.load_with_time(name, stamp)
        return value

    def load_with_time(self, name: str, stamp: str) -> tuple[Any, int]:
        """The value saved under `name` (None without one) and when it was written, in ns (0 without one)."""
        path = self.folder / f"{name}.marshal"
        try:
            written = path.stat().st_mtime_ns
            saved_stamp, value = marshal.loads(path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return None, 0
        return (value, written) if saved_stamp == _stamp(stamp) else (None, 0)

    def file_time_now(self) -> int:
        """The file system's time now, in ns, read from a file touched in the cache folder (0 when
        it cannot be touched): the reference for telling settled files from racy ones, on the
        same clock as the files' own times, and without reading the computer's clock."""
        marker = self.folder / "clock"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            marker.touch()
            return marker.stat().st_mtime_ns
        except OSError:
            return 0

    def save(self, name: str, stamp: str, value: Any) -> None:
        """Keep `value` under `name` (best effort: an unwritable cache folder is no error)."""
        try:
            data = marshal.dumps((_stamp(stamp), value))
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self.folder / f"{name}.marshal", data, overwrite=True)
        except (OSError, ValueError, LpscError):
            pass

    def forget(self, *names: str) -> None:
        """Remove the entries `names` (best effort, as saving: an entry that is not there is no error)."""
        for name in names:
            with suppress(OSError):
                (self.folder / f"{name}.marshal").unlink(missing_ok=True)

    @contextmanager
    def lock(self, root: Path, *, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
        """Hold the repository's write lock: one lpsc writer at a time allocates, writes, commits.

        An OS file lock, released when its holder exits however it exits, so a killed command
        never blocks the next one.
        """
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LpscError(
                _("cannot create the lock folder {folder}: {reason}").format(folder=self.folder, reason=exc.strerror)
            ) from None
        path = self.folder / LOCK_FILE
        lock = FileLock(str(path), timeout=timeout)
        try:
            lock.acquire()
        except Timeout:
            raise LpscError(
                _(
                    "another lpsc command has been writing to {root} for {seconds} s "
                    "(lock {path}); try again when it has finished"
                ).format(root=root, seconds=f"{timeout:.0f}", path=path)
            ) from None
        try:
            yield
        finally:
            lock.release()


#: The folder of the user's cache holding what no single repository owns (the holiday tables).
SHARED_FOLDER = "calendar"
_HOLIDAYS_ENTRY = "holidays"


@dataclass
class HolidayCache:
    """The Albanian holiday tables kept in the user's cache folder (`lpsc_cli.calendar.HolidayStore`).

    One entry holds every year built so far, as `{year: [(ordinal, name), ...]}`, stamped with
    the installed `holidays` package's version: another version (new or corrected holidays)
    reads as no entry, and its tables are built again.
    """

    cache: Cache
    years: dict[int, list[tuple[int, str]]] | None = field(default=None, repr=False)

    @classmethod
    def shared(cls) -> HolidayCache:
        return cls(Cache(user_cache_dir() / SHARED_FOLDER))

    def get(self, year: int) -> dict[date, str] | None:
        rows = self._years().get(year)
        if not isinstance(rows, list):
            return None
        return {date.fromordinal(ordinal): name for ordinal, name in rows}

    def put(self, year: int, table: dict[date, str]) -> None:
        years = self._years()
        years[year] = [(day.toordinal(), name) for day, name in table.items()]
        self.cache.save(_HOLIDAYS_ENTRY, _holidays_stamp(), years)

    def _years(self) -> dict[int, list[tuple[int, str]]]:
        if self.years is None:
            loaded = self.cache.load(_HOLIDAYS_ENTRY, _holidays_stamp())
            self.years = loaded if isinstance(loaded, dict) else {}
        return self.years


def holidays_stamp() -> str:
    """The installed `holidays` package's version: what the holiday tables (and anything judged
    by working days) depend on beside lpsc's own version."""
    return _holidays_stamp()


@functools.cache
def _holidays_stamp() -> str:
    try:
        return f"holidays:{importlib.metadata.version('holidays')}"
    except importlib.metadata.PackageNotFoundError:
        return "holidays:unknown"


def share_holidays(enabled: bool) -> None:
    """Keep the holiday tables in the user's cache folder (`enabled`), or build them every run."""
    keep_holidays_in(HolidayCache.shared() if enabled else None)


def _stamp(stamp: str) -> str:
    return f"{_FORMAT}:{VERSION}:{stamp}"


def repository_lock(root: Path, *, timeout: float = LOCK_TIMEOUT) -> Any:
    """The write lock of the repository at `root` (see `Cache.lock`)."""
    return Cache.of(root).lock(root, timeout=timeout)
