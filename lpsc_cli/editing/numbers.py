"""The case numbers git history has used, remembered between runs so that `case new` does not walk it.

A case number is never used twice, even after its file was deleted: the next number of a year
is one more than the highest in `cases/YYYY/` on disk or in any commit of any branch
(`history.walked_names`). Walking every commit costs seconds on a repository with 10,000
cases (each commit's tree of `cases/YYYY/` is compared with its parent's), so the highest number
found in history is kept in the repository's cache (the `case-numbers` entry), with what git's
references were then: the size, times and inode of `HEAD`, `packed-refs` and every file under
`refs/` (or `reftable/`) in the git folder, and the `HEAD` of every work tree (`git log --all`
walks them too). While they stay the same, history has no commit it
did not have, and the number kept stands. Any other change (a commit made by hand, a fetch, a
branch switched or deleted, `git gc`) makes the next allocation walk history again, once.

After `case new` commits its file under the repository lock (`remember`), the number it used
is added and the references are taken as they are now, when the commit is all that changed in
them (one branch's file under `refs/heads/`); otherwise the entry is left to be walked again.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lpsc_cli.cache import Cache
from lpsc_cli.history import git_path, walked_names

_ENTRY = "case-numbers"
_SHAPE = "case-numbers:1"

#: Git's references as files: path in the git folder -> (size, modification time, change time, inode).
References = dict[str, list[int]]


def next_number(names: Iterable[str], pattern: re.Pattern[str]) -> int:
    """One more than the highest number `pattern` (one group of digits) finds among `names`."""
    numbers = [int(match.group(1)) for name in names if (match := pattern.fullmatch(name))]
    return max(numbers, default=0) + 1


def case_pattern(year: str) -> re.Pattern[str]:
    """The file names of the cases of `year` (`case-2025-007.yaml`), the number as the group."""
    return re.compile(rf"case-{re.escape(year)}-(\d+)\.ya?ml")


def highest_in_history(root: Path, year: str, references: References | None) -> int:
    """The highest case number of `year` any commit of any branch has had (0: none), walking
    history only when git's `references` (`git_references`) changed since it was last walked."""
    cache = Cache.of(root)
    entry = _entry(cache, references)
    years: dict[str, int] = entry["years"] if entry is not None else {}
    if year in years:
        return years[year]
    names = walked_names(root, root / "cases" / year)
    highest = next_number(names or (), case_pattern(year)) - 1
    if references is not None and names is not None:  # a walk that failed is never kept as "none used"
        cache.save(_ENTRY, _SHAPE, {"references": references, "years": {**years, year: highest}})
    return highest


def remember(root: Path, year: str, number: int, before: References | None) -> None:
    """After committing the case `number` of `year`: keep it among the numbers history has used,
    with git's references as they are now, when that commit is all that changed in them since
    `before` (else the next allocation walks history again)."""
    cache = Cache.of(root)
    entry = _entry(cache, before)
    now = git_references(root)
    if entry is None or now is None or before is None or not _one_branch_moved(before, now):
        return
    years: dict[str, int] = entry["years"]
    cache.save(_ENTRY, _SHAPE, {"references": now, "years": {**years, year: max(years.get(year, 0), number)}})


def git_references(root: Path) -> References | None:
    """Git's references of the repository holding `root`, as files (None without git)."""
    folder = git_path(root, "")
    if folder is None:
        return None
    common = folder
    pointer = folder / "commondir"  # a linked work tree: its references live in the main git folder
    if pointer.is_file():
        try:
            common = (folder / pointer.read_text(encoding="utf-8").strip()).resolve()
        except OSError:
            return None
    found: References = {}
    for path in (folder / "HEAD", common / "packed-refs"):
        _add(found, path, path.name)
    # `git log --all` walks the HEAD (and own references) of every work tree too: the main
    # one's, and each linked one's
    if common != folder:
        _add(found, common / "HEAD", "common/HEAD")
    for path in sorted([*(common / "worktrees").glob("*/HEAD"), *(common / "worktrees").glob("*/refs/**/*")]):
        if path.is_file():
            _add(found, path, path.relative_to(common).as_posix())
    for name in ("refs", "reftable"):
        for dirpath, _dirnames, filenames in os.walk(common / name):
            for file in filenames:
                path = Path(dirpath) / file
                _add(found, path, path.relative_to(common).as_posix())
    return found


def _add(found: References, path: Path, name: str) -> None:
    try:
        info = path.stat()
    except OSError:
        return
    found[name] = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def _entry(cache: Cache, references: References | None) -> dict[str, Any] | None:
    """The kept entry, when it was made with these very references."""
    if references is None:
        return None
    entry = cache.load(_ENTRY, _SHAPE)
    if not isinstance(entry, dict) or entry.get("references") != references:
        return None
    return entry if isinstance(entry.get("years"), dict) else None


def _one_branch_moved(before: References, now: References) -> bool:
    changed = {name for name in before.keys() | now.keys() if before.get(name) != now.get(name)}
    return len(changed) == 1 and next(iter(changed)).startswith("refs/heads/")
