"""Record commands read only what they write (`repository.Selection`): the records they read are
those of a whole load, the ones they leave out are never taken for absent, the cache entries of
other kinds stay unread, and the caches they write keep every later check exact."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from lpsc_cli.cache import Cache
from lpsc_cli.checks import CheckOptions, check_repository, check_root
from lpsc_cli.model import KINDS, Record
from lpsc_cli.repository import WRITE_SELECTION, NotLoaded, load_repository
from tests.support.caches import trusted_copy
from tests.support.cli import lpsc
from tests.support.records import git, git_init

DAY = date(2025, 12, 31)
CASE = "case-2025-003"
MEMBER = "members/member-alma-deda.yaml"
SELECTION = WRITE_SELECTION.picking("case", CASE)


@pytest.fixture
def council(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example council whose files the stat cache trusts (`trusted_copy`)."""
    return trusted_copy(tmp_path, monkeypatch)


def test_a_partial_load_reads_what_a_whole_load_reads_of_its_records(council: Path) -> None:
    whole = load_repository(council, cache=False)
    for cache in (False, True, True):  # without the cache, filling it, from it
        part = load_repository(council, cache=cache, selection=SELECTION)
        assert part.ids == whole.ids
        for kind in WRITE_SELECTION.kinds:
            assert part.records[kind] == whole.records[kind]
        assert part.get("case", CASE) == whole.get("case", CASE)
        assert part.find(CASE) == whole.find(CASE)


def test_records_left_out_are_never_taken_for_absent(council: Path) -> None:
    part = load_repository(council, selection=SELECTION)
    other = sorted(part.ids["case"] - {CASE})[0]
    for read in (
        lambda: part.of("case"),
        lambda: part.get("case", other),
        lambda: list(part.records["case"].values()),
        lambda: len(part.records["case"]),
        lambda: other in part.records["case"],
        lambda: check_repository(part, CheckOptions(as_of=DAY)),
    ):
        with pytest.raises(NotLoaded):
            read()
    assert part.get("case", "case-1999-001") is None  # no file has that id: absent indeed
    new = Record("case", "case-2025-099", "cases/2025/case-2025-099.yaml", {"id": "case-2025-099"})
    changed = part.with_record(new)
    assert changed.get("case", "case-2025-099") == new and changed.get("case", CASE) == part.get("case", CASE)
    assert changed.exists("case", "case-2025-099")
    with pytest.raises(NotLoaded):
        changed.of("case")


def test_a_partial_load_reads_no_cache_entry_of_the_kinds_it_leaves_out(
    council: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert check_root(council, CheckOptions(as_of=DAY)).ok  # every entry written
    read: list[str] = []
    real = Cache.load_with_time

    def spy(self: Cache, name: str, stamp: str) -> tuple[object, int]:
        read.append(name)
        return real(self, name, stamp)

    monkeypatch.setattr(Cache, "load_with_time", spy)
    load_repository(council, selection=SELECTION)
    assert "records-member-en" in read and "stats-member" in read
    assert not [name for name in read if name.endswith(("-case", "-case-en"))]


def test_an_edit_keeping_size_and_time_is_seen_by_the_next_write(council: Path) -> None:
    assert check_root(council, CheckOptions(as_of=DAY)).ok
    path = council / MEMBER
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("roles: [permanent]", "roles: [permanen7]"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    part = load_repository(council, selection=SELECTION)
    whole = load_repository(council, cache=False)
    assert part.get("member", "member-alma-deda") is None is whole.get("member", "member-alma-deda")
    assert [i for i in part.issues if i.file == MEMBER] == [i for i in whole.issues if i.file == MEMBER] != []


def test_a_write_right_after_a_case_edit_sees_it(runner, app, council: Path) -> None:
    assert check_root(council, CheckOptions(as_of=DAY)).ok
    path = council / "cases" / "2025" / f"{CASE}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: active", "status: closed"), encoding="utf-8")
    result = lpsc(runner, app, council, "case", "contact", CASE, "--date", "2025-12-20", "--kind", "phone",
                  "--dry-run")  # fmt: skip
    assert result.exit_code == 1
    assert f"{CASE} is closed" in result.output


def test_checks_after_writes_say_what_a_check_without_cache_says(runner, app, council: Path) -> None:
    assert check_root(council, CheckOptions(as_of=DAY)).ok
    writes = (
        ("institution", "add", "police-extra", "--name", "Extra police", "--sector", "police", "--no-commit"),
        ("member", "add", "--name", "Dita Hoxha", "--institution", "police-extra", "--role", "invited",
         "--position", "Officer", "--no-commit"),
        ("case", "new", "--received", "2025-12-20T10:00", "--referred-by", "police-extra", "--concern",
         "domestic-violence", "--no-commit"),
        ("case", "contact", CASE, "--date", "2025-12-20", "--kind", "phone", "--no-commit"),
    )  # fmt: skip
    for args in writes:
        result = lpsc(runner, app, council, *args)
        assert result.exit_code == 0, (args, result.output)
    (council / "institutions" / "police-extra.yaml").unlink()  # a reference broken by hand
    cached = check_root(council, CheckOptions(as_of=DAY))
    fresh = check_root(council, CheckOptions(as_of=DAY, cache=False))
    assert cached.issues == fresh.issues
    assert {issue.code for issue in cached.issues} >= {"reference"}
    whole = load_repository(council)
    assert whole.records == load_repository(council, cache=False).records
    assert set(whole.records) == set(KINDS)


def test_a_case_write_allocates_without_walking_history_again(
    runner, app, council: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lpsc_cli.editing import numbers

    git_init(council)
    walks: list[str] = []
    real = numbers.walked_names

    def counted(root: Path, folder: Path) -> set[str] | None:
        walks.append(folder.name)
        return real(root, folder)

    monkeypatch.setattr(numbers, "walked_names", counted)
    new = ("case", "new", "--received", "2025-12-20T10:00", "--referred-by", "community", "--concern", "drugs")
    created = [lpsc(runner, app, council, *new) for _ in range(3)]
    assert [result.exit_code for result in created] == [0, 0, 0], created[-1].output
    assert walks == ["2025"]  # once, then known: each commit of lpsc is all that changed in git's references
    assert all(f"case-2025-{n:03d}" in result.output for n, result in zip((7, 8, 9), created, strict=True))
    # a case deleted by hand, committed outside lpsc: history is walked again, the number never reused
    git(council, "rm", "-q", "cases/2025/case-2025-009.yaml")
    git(council, "commit", "-q", "-m", "remove a case")
    again = lpsc(runner, app, council, *new)
    assert again.exit_code == 0, again.output
    assert walks == ["2025", "2025"]
    assert "case-2025-010" in again.output


NEW_CASE = ("case", "new", "--received", "2025-12-20T10:00", "--referred-by", "community", "--concern", "drugs")


def test_a_number_used_in_another_work_tree_is_not_used_again(runner, app, council: Path, tmp_path: Path) -> None:
    """`git log --all` sees the commits of every work tree: a case committed, then deleted, in a
    linked work tree keeps its number used, though no branch's reference file changed."""
    git_init(council)
    assert "case-2025-007" in lpsc(runner, app, council, *NEW_CASE).output  # the highest used is kept
    side = tmp_path / "side"
    git(council, "worktree", "add", "-q", "--detach", str(side))
    (side / "cases" / "2025" / "case-2025-008.yaml").write_text("id: case-2025-008\n", encoding="utf-8")
    git(side, "add", "-A")
    git(side, "commit", "-q", "-m", "a case in the side work tree")
    git(side, "rm", "-q", "cases/2025/case-2025-008.yaml")
    git(side, "commit", "-q", "-m", "and gone")
    made = lpsc(runner, app, council, *NEW_CASE)
    assert made.exit_code == 0, made.output
    assert "case-2025-009" in made.output


def test_a_history_that_could_not_be_walked_is_not_kept_as_no_number_used(
    runner, app, council: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lpsc_cli.editing import numbers

    git_init(council)
    git(council, "rm", "-q", "cases/2025/case-2025-006.yaml")
    git(council, "commit", "-q", "-m", "a case removed: number 6 stays used in history")
    real = numbers.walked_names
    monkeypatch.setattr(numbers, "walked_names", lambda root, folder: None)  # git fails once
    assert lpsc(runner, app, council, "--lang", "en", *NEW_CASE, "--dry-run").exit_code == 0
    monkeypatch.setattr(numbers, "walked_names", real)
    made = lpsc(runner, app, council, *NEW_CASE)
    assert made.exit_code == 0, made.output
    assert "case-2025-007" in made.output  # history walked again: 6 is not used a second time


def test_a_whole_load_removes_the_entries_of_earlier_versions(council: Path) -> None:
    folder = Cache.of(council).folder
    folder.mkdir(parents=True)
    earlier = ("records", "records-changes", "stats", "checks", "orders", "references")
    for name in earlier:
        (folder / f"{name}.marshal").write_bytes(b"an entry an earlier version kept")
    load_repository(council, selection=SELECTION)
    assert (folder / "records.marshal").is_file()  # a write leaves them: it reads few kinds
    load_repository(council)
    assert not [name for name in earlier if (folder / f"{name}.marshal").exists()]
    assert (folder / "records-case-en.marshal").is_file()
