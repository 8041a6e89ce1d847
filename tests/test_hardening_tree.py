"""What a clone, a careless hand or an odd file can do to `lpsc check` and the record commands.

Each test reproduces one way a repository lied to the check or crashed it, and pins the fix:
the cache lives outside the tree and is never trusted from it, `--no-cache` reads and writes
nothing, files are judged before they are read, links never lead a write outside, a person's
uncommitted edits are never committed for them, and history is scanned whatever the path.
"""

from __future__ import annotations

import marshal
import os
import sys
import time
from datetime import date
from pathlib import Path

import pytest
import yaml

from lpsc_cli.cache import Cache
from lpsc_cli.checks import CheckOptions, check_root, leaks
from lpsc_cli.editing import core, people
from lpsc_cli.errors import RecordError
from tests.support.records import git, git_init
from tests.support.sealing import case, council, make_identity

AS_OF = date(2025, 6, 30)
INSTITUTION = {"id": "police", "name": "Testville Police", "sector": "police"}


def codes(root: Path, **options: object) -> list[tuple[str, str | None]]:
    result = check_root(root, CheckOptions(as_of=AS_OF, **options))  # type: ignore[arg-type]
    return [(i.code, i.file) for i in result.issues]


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    return {name: make_identity(tmp_path / "keys", name) for name in ("member-arta", "member-besa", "member-cera")}


@pytest.fixture
def council_repo(make_repo, keys):
    builder = make_repo()
    council(builder, {m: public for m, (_, public) in keys.items()})
    return builder


def test_a_committed_cache_is_never_read_and_is_itself_an_error(council_repo) -> None:
    root = council_repo.root
    council_repo.write("institutions/broken.yaml", "id: broken\nname: Broken\nsector: space\n")
    # a forged cache that says every file is fine, committed for every clone to find
    forged = {b"x" * 16: ("institutions/broken.yaml", {"id": "broken"}, [])}
    council_repo.write(".lpsc-cache/records.marshal", marshal.dumps(("2:0.1.0:x", forged)))
    council_repo.write(".lpsc-cache/checks.marshal", marshal.dumps({}))
    git_init(root)
    git(root, "add", "-f", ".lpsc-cache")
    git(root, "commit", "-qm", "cache", "--allow-empty")
    assert git(root, "ls-files", ".lpsc-cache").strip()
    found = codes(root)
    assert ("schema", "institutions/broken.yaml") in found
    assert ("cache-committed", ".lpsc-cache") in found
    assert Cache.of(root).folder.resolve() != (root / ".lpsc-cache").resolve()


def test_no_cache_reads_and_writes_no_cache_history_included(council_repo) -> None:
    root = council_repo.root
    git_init(root)
    folder = Cache.of(root).folder
    assert not folder.exists()
    codes(root, cache=False, history=True)
    assert not folder.exists()
    codes(root, history=True)
    assert {p.name for p in folder.iterdir()} >= {
        "records-member-en.marshal",
        "keyscan.marshal",
        "history-clean.marshal",
    }


def test_a_key_written_with_the_same_size_and_time_is_still_found(council_repo, keys) -> None:
    root = council_repo.root
    secret = keys["member-cera"][0].read_text().splitlines()[2]
    notes = council_repo.write("notes.txt", "x" * len(secret) + "\n")
    before = notes.stat()
    assert ("private-key", "notes.txt") not in codes(root)
    time.sleep(0.01)
    notes.write_text(secret + "\n")
    os.utime(notes, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert notes.stat().st_size == before.st_size and notes.stat().st_mtime_ns == before.st_mtime_ns
    assert ("private-key", "notes.txt") in codes(root)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_pipes_and_huge_files_are_judged_before_they_are_read(council_repo, monkeypatch) -> None:
    root = council_repo.root
    os.mkfifo(root / "institutions" / "fifo.yaml")
    with open(root / "institutions" / "huge.yaml", "wb") as handle:
        handle.truncate(1024**3)  # sparse: a gigabyte that costs nothing unless read
    read: list[str] = []
    original = leaks._read
    monkeypatch.setattr(leaks, "_read", lambda path: read.append(Path(path).name) or original(path))
    found = codes(root)
    assert "huge.yaml" not in read and "fifo.yaml" not in read
    assert ("not-a-file", "institutions/fifo.yaml") in found
    assert ("too-large", "institutions/huge.yaml") in found


@pytest.mark.skipif(sys.platform != "linux", reason="file names that are not UTF-8 need a POSIX file system")
def test_a_name_that_is_not_utf8_and_a_link_loop_are_findings_not_crashes(council_repo) -> None:
    root = council_repo.root
    raw = os.fsencode(root / "institutions") + b"/caf\xe9.yaml"
    with open(raw, "wb") as handle:
        handle.write(b"id: cafe\n")
    os.symlink("loop-b.yaml", root / "members" / "loop-a.yaml")
    os.symlink("loop-a.yaml", root / "members" / "loop-b.yaml")
    found = codes(root)
    assert ("file-name", "institutions/caf\ufffd.yaml") in found
    assert ("outside", "members/loop-a.yaml") in found


def test_a_write_never_follows_a_link_out_of_the_repository(make_repo, tmp_path: Path) -> None:
    builder = make_repo()
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, builder.root / "institutions")
    with pytest.raises(RecordError, match="link to a place outside the repository"):
        people.add_institution(
            builder.load(),
            people.InstitutionFields(id="police", name="Police", sector="police"),
            options=core.WriteOptions(commit=False),
        )
    assert list(outside.iterdir()) == []


def test_a_change_never_commits_a_persons_own_uncommitted_edit(council_repo) -> None:
    root = council_repo.root
    git_init(root)
    member = root / "members" / "member-besa.yaml"
    member.write_text(member.read_text() + "# my own note, not ready\n")
    with pytest.raises(RecordError, match="changes of yours that are not committed"):
        people.declare(council_repo.load(), "member-besa", "2025-03-01", options=core.WriteOptions())
    assert "# my own note, not ready" in member.read_text()
    assert git(root, "status", "--porcelain").strip() == "M members/member-besa.yaml"


def test_history_is_scanned_whatever_the_path_and_in_commit_messages(council_repo, keys) -> None:
    root = council_repo.root
    git_init(root)
    council_repo.write("drafts/case-2025-002.yaml", _case_text(case("case-2025-002", narrative="Drita Qendresa")))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "draft")
    (root / "drafts" / "case-2025-002.yaml").unlink()
    secret = keys["member-cera"][0].read_text().splitlines()[2]
    git(root, "commit", "-qam", f"remove the draft\n\nkey for later: {secret}")
    assert not [code for code, _ in codes(root) if code.startswith(("history-", "clear-text", "private-key"))]
    found = codes(root, history=True)
    assert ("history-clear-text", "drafts/case-2025-002.yaml") in found
    assert ("history-private-key", None) in found


def test_case_text_hidden_under_names_the_loader_skips_is_found(council_repo) -> None:
    text = _case_text(case("case-2025-003", narrative="Drita Qendresa, Rruga e Dibres 12"))
    council_repo.write("cases/.archive/case-2025-003.yaml", text)
    council_repo.write("cases/2025/case-2025-004.yaml.bak", text)
    found = codes(council_repo.root)
    assert ("clear-text", "cases/.archive/case-2025-003.yaml") in found
    assert ("clear-text", "cases/2025/case-2025-004.yaml.bak") in found


def _case_text(data: dict[str, object]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_the_cache_folder_is_outside_the_repository_and_per_repository(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("LPSC_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    first, second = Cache.of(tmp_path / "a"), Cache.of(tmp_path / "b")
    if sys.platform.startswith("linux"):
        assert first.folder.parent == tmp_path / "xdg" / "lpsc"
    assert first.folder != second.folder
    assert not first.folder.is_relative_to(tmp_path / "a")


def test_line_ends_in_a_one_line_value_are_kept_and_control_characters_refused(runner, app, make_repo) -> None:
    from tests.support.records import seeded

    repo = seeded(make_repo)
    base = ["meeting", "new", "--type", "lpsc", "--date", "2025-03-12", "--repo", str(repo.root)]
    written = runner.invoke(app, [*base, "--location", "Salla\r\ne Këshillit"])
    assert written.exit_code == 0, written.output
    saved = yaml.safe_load((repo.root / "meetings/2025/lpsc-2025-03-12.yaml").read_text(encoding="utf-8"))
    assert saved["location"] == "Salla\ne Këshillit"
    refused = runner.invoke(app, [*base, "--location", "Salla\x1b[2J"])
    assert refused.exit_code == 2 and "control character (U+001B)" in refused.output
    assert "internal error" not in refused.output


def test_a_record_nested_too_deeply_to_edit_is_refused_cleanly(make_repo) -> None:
    from tests.support.records import seeded

    repo = seeded(make_repo)
    member = repo.root / "members" / "member-besa-rama.yaml"
    member.write_text(member.read_text() + "notes: " + "[" * 450 + "]" * 450 + "\n")
    with pytest.raises(RecordError) as caught:
        people.declare(repo.load(), "member-besa-rama", "2025-03-01", options=core.WriteOptions(commit=False))
    assert "a bug" not in str(caught.value)
