"""`lpsc check` on sealed data: armour, readers, clear text, private keys, and git history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lpsc_cli.cache import Cache
from lpsc_cli.checks import CheckOptions, check_repository
from lpsc_cli.checks.leaks import check
from lpsc_cli.sealing import seal_case
from tests.support.sealing import case, council, git, git_init, make_identity

AS_OF = date(2025, 6, 30)


def findings(builder, *, history: bool = False) -> list[tuple[str, str | None, int | None, str]]:
    """(code, file, line, message) of the sealing findings, lines resolved."""
    loaded = builder.load()
    result = check_repository(loaded, CheckOptions(as_of=AS_OF, history=history), checks=[("sealing", check)])
    return [(i.code, i.file, i.line, i.message) for i in result.issues if i.code not in ("schema",)]


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    return {name: make_identity(tmp_path / "keys", name) for name in ("member-arta", "member-besa", "member-cera")}


@pytest.fixture
def sealed_repo(make_repo, keys):
    """A council with one case sealed to its manager and the technical secretariat."""
    builder = make_repo()
    council(builder, {m: public for m, (_, public) in keys.items()})
    builder.add("case", case())
    loaded = builder.load()
    block = seal_case(loaded, case(), {"narrative": "Drita Qendresa was bullied."}, as_of=AS_OF).block
    builder.add("case", case(sealed=block))
    return builder


def test_a_well_sealed_repository_has_no_findings(sealed_repo) -> None:
    assert findings(sealed_repo) == []


def test_armour_that_is_not_age_is_an_error_at_its_line(sealed_repo, keys) -> None:
    loaded = sealed_repo.load()
    block = dict(loaded.get("case", "case-2025-001").data["sealed"])
    block["age"] = "-----BEGIN AGE ENCRYPTED FILE-----\nDrita Qendresa lives in Rruga e Dibres\n"
    sealed_repo.add("case", case(sealed=block))
    assert findings(sealed_repo) == [
        (
            "sealed-armour",
            "cases/2025/case-2025-001.yaml",
            21,
            "sealed.age is not valid age armour: it does not end with '-----END AGE ENCRYPTED FILE-----'",
        )
    ]


def test_a_reader_past_their_term_is_a_warning(make_repo, keys) -> None:
    builder = make_repo()
    council(builder, {m: public for m, (_, public) in keys.items()}, secretariat_to="2025-04-30")
    loaded = builder.load()
    block = seal_case(loaded, case(), {"narrative": "x y"}, as_of=date(2025, 3, 1)).block
    builder.add("case", case(sealed=block))
    assert findings(builder) == [
        (
            "sealed-reader-term",
            "cases/2025/case-2025-001.yaml",
            18,
            "reader member-besa's term ended on 2025-04-30: run `lpsc reseal --case case-2025-001` so that new "
            "versions leave them out",
        )
    ]


def test_a_case_manager_who_cannot_read_the_case_is_an_error(sealed_repo) -> None:
    loaded = sealed_repo.load()
    block = loaded.get("case", "case-2025-001").data["sealed"]
    sealed_repo.add("case", case(manager="member-cera", sealed=block))
    assert findings(sealed_repo) == [
        (
            "sealed-manager",
            "cases/2025/case-2025-001.yaml",
            16,
            "the case manager member-cera cannot read the sealed block (not a reader): run "
            "`lpsc reseal --case case-2025-001`",
        )
    ]


def test_text_in_clear_in_a_case_file_is_an_error(make_repo) -> None:
    builder = make_repo()
    council(builder, {})
    builder.add("case", case(narrative="Drita was hit by her brother", identity={"phone": "0690000000"}))
    builder.add("case", case("case-2025-002", subject={"code": "Drita"}))
    found = findings(builder)
    assert [(code, file, line) for code, file, line, _ in found] == [
        ("clear-text", "cases/2025/case-2025-001.yaml", 15),
        ("clear-text", "cases/2025/case-2025-001.yaml", 16),
        ("code-looks-like-name", "cases/2025/case-2025-002.yaml", 4),
    ]
    assert found[0][3].startswith("narrative: text in a field the case schema does not have in clear in a case file")
    # the finding names the field and why, never the value it holds
    assert found[2][3] == (
        "subject.code looks like a name (it holds a capitalised word); a case code is initials or a number (A.G., C-07)"
    )
    assert not [message for *_, message in found if "Drita" in message or "0690000000" in message]


def test_text_in_an_unknown_field_of_a_list_item_is_clear_text(make_repo) -> None:
    builder = make_repo()
    council(builder, {})
    contact = {"date": "2025-03-20", "kind": "home-visit", "notes": "Drita said her brother hit her"}
    builder.add("case", case(contacts=[contact]))
    found = findings(builder)
    assert [(code, file, line) for code, file, line, _ in found] == [
        ("clear-text", "cases/2025/case-2025-001.yaml", 18)
    ]
    assert found[0][3].startswith("contacts.0.notes: text in a field the case schema does not have in clear")


def test_prose_in_a_coded_field_is_clear_text(make_repo) -> None:
    builder = make_repo()
    council(builder, {})
    builder.add("case", case(referral={"received": "2025-02-10", "referred_by": "her teacher Mrs Hoxha"}))
    assert [f[:3] for f in findings(builder)] == [("clear-text", "cases/2025/case-2025-001.yaml", 11)]


def test_a_private_key_anywhere_in_the_tree_is_an_error(sealed_repo, keys) -> None:
    secret = keys["member-arta"][0].read_text().splitlines()[2]
    sealed_repo.write("notes/handover.txt", f"for the new secretary\n\n{secret}\n")
    member = sealed_repo.root / "members" / "member-besa.yaml"
    member.write_text(member.read_text() + f"# {secret.lower()}\n")
    sealed_repo.write(".lpsc-cache/x.txt", secret)
    sealed_repo.write(".git/x.txt", secret)
    sealed_repo.write("README.md", "Keys look like AGE-SECRET-KEY-1... and stay out of here.\n")
    found = findings(sealed_repo)
    # an old in-tree cache folder is no hiding place: lpsc's caches live outside the repository
    assert [(code, file, line) for code, file, line, _ in found] == [
        ("private-key", ".lpsc-cache/x.txt", 1),
        ("private-key", "members/member-besa.yaml", 9),
        ("private-key", "notes/handover.txt", 3),
    ]
    assert found[1][3].startswith("private key in the repository (AGE-SECRET-KEY-...): remove it, then rotate")


def test_the_history_scan_finds_a_leak_committed_and_later_removed(sealed_repo, keys) -> None:
    root = sealed_repo.root
    git_init(root)
    secret = keys["member-cera"][0].read_text().splitlines()[2]
    sealed_repo.write("identity.txt", f"{secret}\n")
    sealed_repo.add("case", case("case-2025-002", narrative="Drita Qendresa, Rruga e Dibres 12"))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "oops")
    leak = git(root, "rev-parse", "HEAD").strip()
    (root / "identity.txt").unlink()
    (root / "cases" / "2025" / "case-2025-002.yaml").unlink()
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "remove the leak")
    assert findings(sealed_repo) == []
    found = findings(sealed_repo, history=True)
    assert [(code, file, line) for code, file, line, _ in found] == [
        ("history-clear-text", "cases/2025/case-2025-002.yaml", 15),
        ("history-private-key", "identity.txt", 1),
    ]
    day = git(root, "log", "-1", "--format=%cs", leak).strip()
    assert found[1][3].startswith(f'private key committed in commit {leak[:12]} ({day}, "oops"); it stays in every')
    assert f"committed in commit {leak[:12]}" in found[0][3]
    assert findings(sealed_repo, history=True) == found  # again, from the cache of clean versions


def test_the_history_scan_without_git_says_so(sealed_repo) -> None:
    assert findings(sealed_repo, history=True)[0][:2] == ("history-unavailable", None)


def test_a_key_split_between_two_reads_is_found_at_its_line(tmp_path: Path, keys, monkeypatch) -> None:
    from lpsc_cli.checks import leaks

    monkeypatch.setattr(leaks, "_CHUNK", 1000)
    secret = keys["member-arta"][0].read_text().splitlines()[2]
    lines = ["x" * 30] * 200
    lines[33] = f"copied: {secret}"  # crosses the first 1000-byte boundary
    lines[150] = secret
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "big.txt").write_text("\n".join(lines) + "\n")
    assert [(i.file, i.line) for i in leaks.tree_private_keys(tree)] == [("big.txt", 34), ("big.txt", 151)]


def test_clean_files_are_not_read_again_until_they_change(tmp_path: Path, keys, monkeypatch) -> None:
    import os

    from lpsc_cli.checks import leaks

    tmp_path = tmp_path / "tree"
    tmp_path.mkdir()
    (tmp_path / "a.txt").write_text("nothing here\n")
    (tmp_path / "b.txt").write_text("nothing here either\n")
    store = Cache(tmp_path.parent / "cache")
    cache = store.folder
    assert leaks.tree_private_keys(tmp_path, cache=store) == []
    read: list[str] = []
    original = leaks._read
    monkeypatch.setattr(leaks, "_read", lambda path: read.append(Path(path).name) or original(path))
    # the files changed within 2 s of the cache's own time: not trusted yet, read again
    assert leaks.tree_private_keys(tmp_path, cache=store) == []
    assert sorted(read) == ["a.txt", "b.txt"]
    read.clear()
    later = (cache / "keyscan.marshal").stat().st_mtime_ns + 60_000_000_000
    os.utime(cache / "keyscan.marshal", ns=(later, later))  # the cache written well after the files
    assert leaks.tree_private_keys(tmp_path, cache=store) == []
    assert read == []
    (tmp_path / "b.txt").write_text(keys["member-besa"][0].read_text())
    assert [(i.file, i.line) for i in leaks.tree_private_keys(tmp_path, cache=store)] == [("b.txt", 3)]
    assert read == ["b.txt"]
