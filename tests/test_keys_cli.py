"""The key and sealing commands through the CLI: key new|show, member set-key, case note, reseal, access."""

from __future__ import annotations

import json
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest

from lpsc_cli.sealing import NotAReader, seal_case, unseal
from lpsc_cli.sealing.access import reveal_lines
from tests.support.sealing import (
    PLANTED_NAME,
    PLANTED_NOTE,
    all_bytes,
    case,
    council,
    git,
    git_init,
    git_objects,
    make_identity,
)
from tests.support.tools import require

CASE_FILE = "cases/2025/case-2025-001.yaml"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty configuration folder as $XDG_CONFIG_HOME; no $LPSC_IDENTITY."""
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    monkeypatch.delenv("LPSC_IDENTITY", raising=False)
    return folder


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    return {name: make_identity(tmp_path / "keys", name) for name in ("member-arta", "member-besa", "member-cera")}


@pytest.fixture
def council_repo(make_repo, keys, monkeypatch: pytest.MonkeyPatch):
    """A git repository of three members with keys and one case; you are member-arta."""
    builder = make_repo()
    council(builder, {m: public for m, (_, public) in keys.items()})
    builder.add("case", case())
    git_init(builder.root)
    monkeypatch.setenv("LPSC_IDENTITY", str(keys["member-arta"][0]))
    return builder


def run(runner, app, *args: str):
    return runner.invoke(app, list(args))


def note(runner, app, repo, text: str, *options: str):
    """`lpsc case note case-2025-001 --text TEXT [options] --repo REPO`."""
    return run(runner, app, "case", "note", "case-2025-001", "--text", text, *options, "--repo", str(repo.root))


# -- key new / key show -----------------------------------------------------------------------


def test_key_new_writes_a_private_identity_and_prints_its_public_key(runner, app, home) -> None:
    result = run(runner, app, "key", "new")
    assert result.exit_code == 0, result.output
    path = home / "lpsc" / "identity.txt"
    public = result.stdout.strip()
    assert public.startswith("age1") and len(public) == 62
    assert result.stderr == (
        f"identity written to {path} (readable by you only; keep it private, and keep a safe copy)\n"
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().splitlines()[1] == f"# public key: {public}"
    again = run(runner, app, "key", "new")
    assert again.exit_code == 2
    assert again.stderr == (
        f"lpsc: {path}: an identity already exists; refusing to overwrite it (its public key: `lpsc key show`)\n"
    )
    shown = run(runner, app, "key", "show")
    assert (shown.exit_code, shown.stdout) == (0, f"{public}\n")


def test_identity_option_and_environment_override_the_default(runner, app, home, tmp_path, monkeypatch) -> None:
    given = tmp_path / "elsewhere" / "me.txt"
    assert run(runner, app, "key", "new", "--identity", str(given)).exit_code == 0
    monkeypatch.setenv("LPSC_IDENTITY", str(tmp_path / "env.txt"))
    assert run(runner, app, "key", "new").exit_code == 0
    assert given.is_file() and (tmp_path / "env.txt").is_file()
    assert not (home / "lpsc" / "identity.txt").exists()


def test_key_new_refuses_to_put_a_private_key_in_a_record_repository(runner, app, council_repo) -> None:
    target = council_repo.root / "keys" / "me.txt"
    result = run(runner, app, "key", "new", "--identity", str(target))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"lpsc: {target} is inside the record repository {council_repo.root}: a private")
    assert not target.exists()


def test_key_show_names_your_member(runner, app, council_repo, keys) -> None:
    result = run(runner, app, "key", "show", "--repo", str(council_repo.root))
    assert result.exit_code == 0
    assert result.stdout == keys["member-arta"][1] + "\n"
    assert result.stderr.splitlines()[-1] == "member: member-arta"


def test_key_show_without_an_identity_says_how_to_make_one(runner, app, home) -> None:
    result = run(runner, app, "key", "show")
    assert result.exit_code == 2
    assert "create one with `lpsc key new`" in result.stderr


# -- member set-key ---------------------------------------------------------------------------


def test_set_key_records_the_key_and_commits_only_that_file(runner, app, council_repo, tmp_path) -> None:
    _, public = make_identity(tmp_path / "new", "member-cera")
    root = council_repo.root
    (root / "scratch.txt").write_text("not mine to commit\n")
    result = run(runner, app, "member", "set-key", "member-cera", public, "--repo", str(root))
    assert result.exit_code == 0, result.output
    text = (root / "members" / "member-cera.yaml").read_text()
    assert text.endswith(f"public_key: {public}\n")
    assert git(root, "log", "-1", "--format=%s").strip() == "member: set-key member-cera"
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == ["members/member-cera.yaml"]


@pytest.mark.parametrize(
    ("member", "key", "message"),
    [
        (
            "member-cera",
            "age1notakey",
            "lpsc: 'age1notakey' is not an age public key (age1...): invalid Bech32 encoding\n",
        ),
        ("member-zana", None, "lpsc: no member with id 'member-zana'\n"),
        (
            "member-cera",
            "ARTA",
            "lpsc: that public key is already member-arta's; every member has a key of their own\n",
        ),
    ],
)
def test_set_key_refuses_bad_input(runner, app, council_repo, keys, member, key, message) -> None:
    before = (council_repo.root / "members" / "member-cera.yaml").read_bytes()
    given = keys["member-arta"][1] if key in (None, "ARTA") else key
    result = run(runner, app, "member", "set-key", member, given, "--repo", str(council_repo.root))
    assert (result.exit_code, result.stderr) == (2, message)
    assert (council_repo.root / "members" / "member-cera.yaml").read_bytes() == before


# -- case note --------------------------------------------------------------------------------


def test_case_note_appends_a_sealed_note_by_your_member(runner, app, council_repo, keys) -> None:
    first = note(runner, app, council_repo, "Home visit.", "--date", "2025-03-20")
    assert first.exit_code == 0, first.output
    sha = git(council_repo.root, "rev-parse", "--short", "HEAD").strip()
    assert first.stdout == (
        f"case-2025-001: sealed to member-arta, member-besa\nchanged case-2025-001: {CASE_FILE}\ncommitted {sha}\n"
    )
    second = note(runner, app, council_repo, "School call.", "--date", "2025-03-21", "--by", "member-cera")
    assert second.exit_code == 0, second.output
    loaded = council_repo.load()
    record = loaded.get("case", "case-2025-001")
    assert record.data["sealed"]["readers"] == ["member-arta", "member-besa"]
    assert record.data["sealed"]["parts"] == ["notes"]
    assert reveal_lines(loaded, record, keys["member-besa"][0]) == {
        "notes": [
            {"date": "2025-03-20", "by": "member-arta", "text": "Home visit."},
            {"date": "2025-03-21", "by": "member-cera", "text": "School call."},
        ]
    }
    assert git(council_repo.root, "log", "-2", "--format=%s").split("\n")[:2] == ["case: note case-2025-001"] * 2


def test_case_note_by_someone_who_is_no_member_needs_by(runner, app, council_repo, tmp_path, monkeypatch) -> None:
    stranger, _ = make_identity(tmp_path / "x", "stranger")
    monkeypatch.setenv("LPSC_IDENTITY", str(stranger))
    result = note(runner, app, council_repo, "x")
    assert (result.exit_code, result.stderr) == (
        2,
        "lpsc: your key is no member's public key: say who writes the note with --by MEMBER\n",
    )


def test_a_non_reader_is_told_who_can_read_and_nothing_is_written(runner, app, council_repo, monkeypatch, keys) -> None:
    assert note(runner, app, council_repo, "First.").exit_code == 0
    before = (council_repo.root / CASE_FILE).read_bytes()
    monkeypatch.setenv("LPSC_IDENTITY", str(keys["member-cera"][0]))
    result = note(runner, app, council_repo, "Second.")
    assert (result.exit_code, result.stderr) == (
        1,
        (
            "lpsc: you are not a reader of case-2025-001: it can be read by member-arta (Arta Test), "
            "member-besa (Besa Test)\n"
        ),
    )
    assert (council_repo.root / CASE_FILE).read_bytes() == before


def test_case_note_text_dash_reads_standard_input(runner, app, council_repo, keys) -> None:
    args = ["case", "note", "case-2025-001", "--text", "-", "--date", "2025-03-20", "--repo", str(council_repo.root)]
    result = runner.invoke(app, args, input="Met the family at home.\nAll well.\n")
    assert result.exit_code == 0, result.output
    loaded = council_repo.load()
    record = loaded.get("case", "case-2025-001")
    assert reveal_lines(loaded, record, keys["member-arta"][0])["notes"] == [
        {"date": "2025-03-20", "by": "member-arta", "text": "Met the family at home.\nAll well."}
    ]
    assert b"Met the family" not in all_bytes(council_repo.root)
    empty = runner.invoke(app, args, input="\n")
    assert (empty.exit_code, empty.stderr) == (2, "lpsc: --text -: standard input held nothing to seal\n")


def test_case_note_text_dash_at_a_terminal_asks_with_hidden_input(runner, app, council_repo, keys, monkeypatch) -> None:
    from lpsc_cli.cli import writing

    monkeypatch.setattr(writing, "interactive", lambda: True)
    args = ["case", "note", "case-2025-001", "--text", "-", "--date", "2025-03-20", "--repo", str(council_repo.root)]
    result = runner.invoke(app, args, input="Typed, not echoed.\n")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == "--text (hidden):"  # the prompt, and no echo of what was typed
    assert "Typed, not echoed." not in result.output
    loaded = council_repo.load()
    notes = reveal_lines(loaded, loaded.get("case", "case-2025-001"), keys["member-arta"][0])["notes"]
    assert [entry["text"] for entry in notes] == ["Typed, not echoed."]


# -- reseal -----------------------------------------------------------------------------------


def test_reseal_drops_a_member_who_left_but_history_keeps_the_old_version(runner, app, council_repo, keys) -> None:
    root = council_repo.root
    noted = note(runner, app, council_repo, "Seen.", "--date", "2025-03-20")
    assert noted.exit_code == 0, noted.output
    (root / "members" / "member-besa.yaml").unlink()
    git(root, "commit", "-q", "-am", "member-besa left")
    result = run(runner, app, "reseal", "--repo", str(root), "--as-of", "2025-06-30")
    assert result.exit_code == 0, result.output
    sha = git(root, "rev-parse", "--short", "HEAD").strip()
    assert result.stdout == (
        "case-2025-001: sealed to member-arta\n"
        "case-2025-001: no longer readable in this version by member-besa\n"
        "resealed 1 case(s)\n"
        f"committed {sha}\n"
    )
    assert git(root, "log", "-1", "--format=%s").strip() == "case: reseal 1 case(s)"
    new = council_repo.load().get("case", "case-2025-001").data["sealed"]
    assert new["readers"] == ["member-arta"]
    with pytest.raises(NotAReader):
        unseal(new["age"], keys["member-besa"][0])
    assert unseal(new["age"], keys["member-arta"][0]) == {
        "notes": [{"date": "2025-03-20", "by": "member-arta", "text": "Seen."}]
    }
    # What was committed before stays readable to the old key: the README says so.
    old = git(root, "show", f"HEAD~2:{CASE_FILE}")
    armour = old[old.index("-----BEGIN") : old.index("-----END AGE ENCRYPTED FILE-----") + 32]
    armour = "\n".join(line.strip() for line in armour.splitlines()) + "\n"
    assert unseal(armour, keys["member-besa"][0])["notes"][0]["text"] == "Seen."


def test_reseal_by_a_non_reader_skips_the_case_and_fails(runner, app, council_repo, keys, monkeypatch) -> None:
    loaded = council_repo.load()
    council_repo.add(
        "case", case(sealed=seal_case(loaded, case(), {"narrative": "x y"}, extra_readers=["member-cera"]).block)
    )
    council_repo.add("case", case("case-2025-002", sealed=seal_case(loaded, case(), {"narrative": "z w"}).block))
    monkeypatch.setenv("LPSC_IDENTITY", str(keys["member-cera"][0]))
    result = run(runner, app, "reseal", "--repo", str(council_repo.root), "--no-commit", "--as-of", "2025-06-30")
    assert result.exit_code == 1
    assert result.stdout == (
        "case-2025-001: sealed to member-arta, member-besa, member-cera\n"
        "resealed 1 case(s)\n"
        "not committed: --no-commit\n"
    )
    assert result.stderr == (
        "case-2025-002: not resealed: you are not a reader "
        "(readers: member-arta (Arta Test), member-besa (Besa Test))\n"
    )


# -- access -----------------------------------------------------------------------------------


def test_access_lists_readers_and_flags_problems(runner, app, council_repo) -> None:
    loaded = council_repo.load()
    block = seal_case(loaded, case(), {"narrative": "x y"}).block
    council_repo.add("case", case(manager="member-cera", sealed=block))
    council_repo.add(
        "member",
        {
            "id": "member-dea",
            "name": "Dea Test",
            "institution": "municipality",
            "roles": ["technical-secretariat"],
            "term": {"from": "2025-01-01"},
        },
    )
    result = run(runner, app, "access", "--repo", str(council_repo.root), "--as-of", "2025-06-30")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Sealed cases as of 2025-06-30: 1\n"
        "case-2025-001  readers: member-arta, member-besa  parts: narrative\n"
        "  ! the case manager member-cera is not a reader\n"
        "  ! member-dea should read it (no public key): reseal\n"
        "\n"
        "Members who read or should read sealed cases:\n"
        "member-arta (Arta Test)  key  reads 1 case(s)\n"
        "member-besa (Besa Test)  key  reads 1 case(s)\n"
        "member-cera (Cera Test)  key  reads 0 case(s)\n"
        "member-dea (Dea Test)  NO KEY  reads 0 case(s)\n"
        "  ! no public key: cannot read sealed cases (lpsc member set-key)\n"
    )
    data = json.loads(
        run(runner, app, "access", "--repo", str(council_repo.root), "--format", "json", "--as-of", "2025-06-30").stdout
    )
    assert data["cases"] == [
        {
            "case": "case-2025-001",
            "file": CASE_FILE,
            "readers": ["member-arta", "member-besa"],
            "parts": ["narrative"],
            "case_manager": "member-cera",
            "flags": [
                "the case manager member-cera is not a reader",
                "member-dea should read it (no public key): reseal",
            ],
        }
    ]
    assert data["members"][3] == {
        "member": "member-dea",
        "name": "Dea Test",
        "public_key": False,
        "entitled": True,
        "cases": [],
        "flags": ["no public key: cannot read sealed cases (lpsc member set-key)"],
    }


# -- plaintext never touches the disk ---------------------------------------------------------


def test_no_plaintext_in_the_tree_git_objects_or_temporary_folder(
    runner, app, council_repo, keys, tmp_path, monkeypatch
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", None)
    root = council_repo.root
    steps = [
        ["case", "note", "case-2025-001", "--text", f"{PLANTED_NAME}: {PLANTED_NOTE}", "--date", "2025-03-20"],
        ["member", "set-key", "member-cera", make_identity(tmp_path / "k2", "cera2")[1]],
        ["reseal", "--as-of", "2025-06-30"],
        ["case", "note", "case-2025-001", "--text", PLANTED_NOTE, "--by", "member-besa"],
        ["reseal", "--case", "case-2025-001", "--reader", "member-cera", "--as-of", "2025-06-30"],
        ["case", "note", "case-2025-001", "--text", PLANTED_NAME, "--dry-run"],
    ]
    for step in steps:
        result = run(runner, app, *step, "--repo", str(root))
        assert result.exit_code == 0, (step, result.output)
        assert PLANTED_NAME not in result.output and PLANTED_NOTE not in result.output
        for haystack in (all_bytes(root), git_objects(root), all_bytes(scratch)):
            for planted in (PLANTED_NAME, PLANTED_NOTE):
                assert planted.encode() not in haystack, (step, planted)
    assert b"case: note case-2025-001" in git_objects(root)  # the search does see the commits
    record = council_repo.load().get("case", "case-2025-001")
    assert PLANTED_NAME in reveal_lines(council_repo.load(), record, keys["member-arta"][0])["notes"][0]["text"]


def test_the_readme_one_liner_decrypts_a_case_with_the_age_tool(runner, app, council_repo, keys) -> None:
    require("age")
    root = council_repo.root
    assert note(runner, app, council_repo, "Seen by age.", "--date", "2025-03-20").exit_code == 0
    done = subprocess.run(
        f"sed -n '/-----BEGIN AGE/,/-----END AGE/s/^ *//p' {CASE_FILE} | age -d -i {keys['member-besa'][0]}",
        shell=True,
        cwd=root,
        capture_output=True,
        check=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert done.stdout == "notes:\n- date: '2025-03-20'\n  by: member-arta\n  text: Seen by age.\n"
