"""Sealed identities never reach public text: refused at the write, found by `check --reveal`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lpsc_cli.sealing.exposure import KnownIdentities, name_variants, normalise
from tests.support.records import git
from tests.support.sealing import all_bytes, council, git_init, make_identity

NAME = "Drita Çela"
#: Every spelling of the sealed name that must never come out of lpsc (compared folded).
FOLDED = ("drita cela", "cela drita", "çela")
MEETING = "lpsc-2025-03-12"
MEETING_FILE = f"meetings/2025/{MEETING}.yaml"


def _leaks(text: str) -> bool:
    folded = normalise(text)
    return any(form in folded for form in ("cela", "drita")) or "Çela" in text


@pytest.fixture
def sealed_council(runner, app, make_repo, tmp_path: Path) -> tuple[Any, dict[str, Path]]:
    """Three members (besa reads the case, cera does not), one case whose identity is sealed, one meeting."""
    repo = make_repo()
    keys_dir = tmp_path / "keys"
    keys_dir.mkdir()
    besa, besa_key = make_identity(keys_dir, "besa")
    cera, cera_key = make_identity(keys_dir, "cera")
    council(repo, {"member-besa": besa_key, "member-cera": cera_key})
    repo.add("meeting", {"id": MEETING, "type": "lpsc", "date": "2025-03-12"})
    git_init(repo.root)
    created = runner.invoke(app, [
        "case", "new", "--repo", str(repo.root), "--received", "2025-02-10T09:30", "--referred-by", "community",
        "--concern", "child-protection", "--code", "D.Q.", "--name", NAME, "--guardian", "Petrit Hoxha",
    ])  # fmt: skip
    assert created.exit_code == 0, created.output
    return repo, {"besa": besa, "cera": cera, "nobody": tmp_path / "missing.txt"}


def _publish(runner, app, repo, summary: str):
    return runner.invoke(app, ["meeting", "publish", MEETING, "--repo", str(repo.root),
                               "--press-release", "2025-03-12T16:00", "--summary", summary])  # fmt: skip


@pytest.mark.parametrize(
    ("summary", "field"),
    [
        ("The council heard the situation of DRITA CELA.", "identity.name"),
        ("Cela Drita's family was discussed.", "identity.name"),
        ("The council discussed drita çela.", "identity.name"),
        ("The guardian petrit hoxha asked for help.", "identity.guardians"),
        ("The case of d.q. was reviewed.", "subject.code"),
    ],
)
def test_a_reader_cannot_publish_a_sealed_identity(
    runner, app, sealed_council, monkeypatch, summary: str, field: str
) -> None:
    repo, keys = sealed_council
    monkeypatch.setenv("LPSC_IDENTITY", str(keys["besa"]))
    before = (repo.root / MEETING_FILE).read_bytes()
    refused = _publish(runner, app, repo, summary)
    assert refused.exit_code == 1, refused.output
    assert "case-2025-001" in refused.output and field in refused.output and "--summary" in refused.output
    assert not _leaks(refused.output) and "hoxha" not in refused.output.lower()
    assert (repo.root / MEETING_FILE).read_bytes() == before
    assert not _leaks(all_bytes(repo.root).decode("utf-8", "replace"))


def test_other_words_pass(runner, app, sealed_council, monkeypatch) -> None:
    """Whole words only: 'Celaj' and 'Dritan' are other people's names."""
    repo, keys = sealed_council
    monkeypatch.setenv("LPSC_IDENTITY", str(keys["besa"]))
    done = _publish(runner, app, repo, "Dritan Celaj presented the plan.")
    assert done.exit_code == 0, done.output
    assert "could not be scanned" not in done.output


@pytest.mark.parametrize("who", ["cera", "nobody"])
def test_without_a_readers_key_the_scan_is_said_to_be_impossible(
    runner, app, sealed_council, monkeypatch, who: str
) -> None:
    repo, keys = sealed_council
    monkeypatch.setenv("LPSC_IDENTITY", str(keys[who]))
    done = _publish(runner, app, repo, "The council discussed the annual plan.")
    assert done.exit_code == 0, done.output
    assert "could not be scanned" in done.stderr


def test_decide_and_plan_texts_are_scanned(runner, app, sealed_council, monkeypatch) -> None:
    repo, keys = sealed_council
    monkeypatch.setenv("LPSC_IDENTITY", str(keys["besa"]))
    decided = runner.invoke(app, ["meeting", "decide", MEETING, "--repo", str(repo.root),
                                  "--text", "Support for Drita Cela is approved."])  # fmt: skip
    assert decided.exit_code == 1 and "--text" in decided.output and not _leaks(decided.output)
    assert runner.invoke(app, ["plan", "new", "2025", "--repo", str(repo.root)]).exit_code == 0
    item = runner.invoke(app, ["plan", "item", "plan-2025", "--repo", str(repo.root), "--no", "1",
                               "--issue", "Help for DRITA ÇELA", "--priority", "high"])  # fmt: skip
    assert item.exit_code == 1 and "--issue" in item.output and not _leaks(item.output)


def _leaked_summary(repo: Any) -> None:
    """A summary with the sealed name, written by hand past the command's guard, and committed."""
    path = repo.root / MEETING_FILE
    path.write_text(path.read_text() + "summary: Talked with Drita CELA.\n", encoding="utf-8")
    git(repo.root, "commit", "-qam", "summary")


def test_check_reveal_reports_the_field_and_the_case(runner, app, sealed_council) -> None:
    repo, keys = sealed_council
    _leaked_summary(repo)
    base = ["check", "--repo", str(repo.root), "--as-of", "2025-03-13", "--format", "json", "--reveal"]
    found = runner.invoke(app, [*base, "--identity", str(keys["besa"])])
    issues = [i for i in json.loads(found.stdout)["issues"] if i["code"] == "identity-in-public-text"]
    assert found.exit_code == 1
    assert [(i["file"], i["record"], i["path"], i["severity"]) for i in issues] == [
        (MEETING_FILE, MEETING, "/summary", "error")
    ]
    assert "case-2025-001" in issues[0]["message"] and "identity.name" in issues[0]["message"]
    assert issues[0]["line"] == 4
    assert not _leaks(found.output)

    for who in ("cera", "nobody"):
        blind = runner.invoke(app, [*base, "--identity", str(keys[who])])
        assert "could not be scanned" in blind.stderr
        assert "identity-in-public-text" not in blind.stdout and not _leaks(blind.output)
    plain = runner.invoke(app, ["check", "--repo", str(repo.root), "--as-of", "2025-03-13", "--format", "json"])
    assert "identity-in-public-text" not in plain.stdout


def test_public_documents_site_and_export_are_refused(runner, app, sealed_council, monkeypatch, tmp_path) -> None:
    repo, keys = sealed_council
    _leaked_summary(repo)
    monkeypatch.setenv("LPSC_IDENTITY", str(keys["besa"]))
    root = ["--repo", str(repo.root)]
    commands = {
        "render": ["render", "press-release", MEETING, *root, "--as-of", "2025-03-13"],
        "render-docx": ["render", "press-release", MEETING, *root, "-o", str(tmp_path / "p.docx")],
        "site": ["site", "-o", str(tmp_path / "site"), "--public", *root, "--as-of", "2025-03-13"],
        "export": ["export", "--format", "csv", "-o", str(tmp_path / "csv"), "--public", *root],
    }
    for name, args in commands.items():
        refused = runner.invoke(app, args)
        assert refused.exit_code == 1, (name, refused.output)
        assert "case-2025-001" in refused.output and not _leaks(refused.output), name
    assert not (tmp_path / "p.docx").exists() and not (tmp_path / "site").exists()
    internal = runner.invoke(app, ["render", "minutes", MEETING, *root, "--as-of", "2025-03-13"])
    assert internal.exit_code == 0, internal.output


def test_matching_folds_case_and_accents_and_keeps_whole_words() -> None:
    assert normalise("  ÇELA\tDrita ") == "cela drita"
    assert name_variants("Drita Besnik Çela") == ["drita besnik cela", "drita cela", "cela drita"]
    known = KnownIdentities.of([("case-1", "identity.name", "Ëndrit Çela"), ("case-2", "subject.code", "E.C.")])
    assert [e.case for e in known.find({"sq": "Takim me ENDRIT CELA", "en": "x"}, "summary")] == ["case-1"]
    assert [e.field for e in known.find("per e.c. u fol", "summary")] == ["subject.code"]
    assert known.find("Endrit Celaj; bec. me", "summary") == []
    assert KnownIdentities.of([("case-1", "subject.code", "A")]).find("a b c", "x") == []


def test_a_further_family_member_of_a_case_is_protected_as_the_first(runner, app, sealed_council, monkeypatch) -> None:
    """A sibling added with `case subject add` has their own sealed block: a reader cannot publish
    their name or code either, and the refusal names the case and the person's field only."""
    repo, keys = sealed_council
    added = runner.invoke(app, [
        "case", "subject", "add", "case-2025-001", "--repo", str(repo.root), "--code", "L.Q.", "--role", "sibling",
        "--name", "Lirie Qyteza", "--identity", str(keys["besa"]),
    ])  # fmt: skip
    assert added.exit_code == 0, added.output
    monkeypatch.setenv("LPSC_IDENTITY", str(keys["besa"]))
    refused = _publish(runner, app, repo, "The council heard LIRIE QYTEZA's school.")
    assert refused.exit_code == 1, refused.output
    assert "case-2025-001" in refused.output and "subjects.0.identity.name" in refused.output
    assert "qyteza" not in refused.output.lower()
    by_code = _publish(runner, app, repo, "The case of l.q. was reviewed.")
    assert by_code.exit_code == 1 and "subjects.0.code" in by_code.output, by_code.output
    assert _publish(runner, app, repo, "The council reviewed the school's safety plan.").exit_code == 0
