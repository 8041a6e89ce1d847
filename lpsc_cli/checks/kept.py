"""Findings of a check about one record file, kept between runs by the file's path and content.

A check whose findings about a record depend on that record's file and on a few facts read
elsewhere (which members hold a key, whose term has ended, the members' roles) keeps them in
one entry of the repository's cache per check, stamped with those facts and the language the
findings are written in. After one file changes, only that file is judged again; when a stamped
fact changes, every file is. A record given to a view of the repository (not its file as read)
is always judged afresh, and nothing is kept without the cache (`--no-cache`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from lpsc_cli import i18n
from lpsc_cli.cache import Cache, digest_of
from lpsc_cli.errors import Issue
from lpsc_cli.model import Record

if TYPE_CHECKING:
    from lpsc_cli.checks import CheckOptions
    from lpsc_cli.repository import Repository

Judge = Callable[[Record], Iterable[Issue]]


def files_of(repo: Repository, kind: str) -> str:
    """A digest of every file of `kind` as read (path and content): a stamp for what they say."""
    return digest_of(sorted((r.path, repo.file_keys.get(r.path)) for r in repo.records.get(kind, {}).values()))


class KeptFindings:
    """What a check finds in each record file (`issues`), or any plain value it derives from the
    file alone (`value`), kept under `name` with `stamp`."""

    def __init__(self, repo: Repository, options: CheckOptions, name: str, stamp: str) -> None:
        self.repo = repo
        self.on = options.cache and repo.caching and bool(repo.file_keys)
        self.cache = Cache.of(repo.root)
        self.name, self.stamp = f"kept-{name}", f"{name}:1:{stamp}:{i18n.active()}"
        loaded = self.cache.load(self.name, self.stamp) if self.on else None
        self.old: dict[str, list[Any]] = loaded if isinstance(loaded, dict) else {}
        self.new: dict[str, list[Any]] = {}

    def value(self, record: Record, derive: Callable[[Record], Any]) -> Any:
        """`derive(record)`, a plain value (`marshal`), kept from an earlier run for the same content."""
        key = self.repo.content_key(record) if self.on else None
        if key is None:
            return derive(record)
        entry = self.old.get(record.path)
        if entry is not None and entry[0] == key:
            self.new[record.path] = entry
            return entry[1]
        found = derive(record)
        self.new[record.path] = [key, found]
        return found

    def issues(self, record: Record, judge: Judge) -> list[Issue]:
        """What `judge` finds about `record`: kept from an earlier run for the same file content."""
        rows = self.value(record, lambda kept: [issue.to_row() for issue in judge(kept)])
        return [Issue.from_row(row) for row in rows]

    def save(self) -> None:
        if self.on and self.new != self.old:
            self.cache.save(self.name, self.stamp, self.new)
