"""Record ids never leave the repository: every editing verb, `lpsc log`, and -o outputs.

Ids name files, so an id that is not an id (`../../outside`, `../lpsc`, `*`) is a usage error
(exit 2) before anything looks for a file; paths are built from the id exactly (no glob), and a
file whose real place is outside the repository (a link) is never edited.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from lpsc_cli.editing import cases, core, people
from lpsc_cli.errors import LpscError, RecordError, UsageError
from lpsc_cli.store import write_atomic
from tests.support.cli import lpsc
from tests.support.records import seeded

CASE = {
    "id": "case-2025-001",
    "status": "assessment",
    "subject": {"code": "A.G."},
    "concerns": ["child-protection"],
    "referral": {"received": "2025-02-10T09:30", "referred_by": "community"},
}
MEETING = {"id": "lpsc-2025-03-12", "type": "lpsc", "date": "2025-03-12"}
NOT_AN_ID = "is not an id (1 to 64 lowercase letters, digits and '-', beginning with a letter or digit)"


@pytest.fixture
def council(make_repo: Any) -> Any:
    repo = seeded(make_repo, in_git=False)
    repo.add("case", CASE)
    repo.add("meeting", MEETING)
    return repo


def _outside(council: Any) -> Path:
    """A case-shaped file next to the repository, where `cases/2025/../../../outside` leads."""
    target = council.root.parent / "outside.yaml"
    target.write_text(yaml.safe_dump({**CASE, "id": "outside"}, sort_keys=False), encoding="utf-8")
    return target


def test_a_case_id_climbing_out_of_the_repository_is_a_usage_error(runner: Any, app: Any, council: Any) -> None:
    outside = _outside(council)
    before = outside.read_bytes()
    result = lpsc(runner, app, council.root, "case", "screen", "../../../outside", "--date", "2025-02-14",
                  "--outcome", "eligible", "--no-commit")  # fmt: skip
    assert result.exit_code == 2
    assert "Invalid value for 'case'" in result.output
    assert f"'../../../outside' {NOT_AN_ID}" in " ".join(result.output.replace("│", " ").split())
    assert outside.read_bytes() == before


def test_the_library_refuses_such_ids_too(council: Any) -> None:
    """`case note` (cli/keys.py) and other callers reach `change_record` without the CLI's check."""
    outside = _outside(council)
    repo = council.load()
    screening = cases.Screening(date="2025-02-14", outcome="eligible")
    options = core.WriteOptions(commit=False)
    with pytest.raises(UsageError, match=r"case id: '\.\./\.\./\.\./outside' is not an id"):
        cases.screen(repo, "../../../outside", screening, options=options)
    with pytest.raises(UsageError, match=r"case id: '\*' is not an id"):
        cases.screen(repo, "*", screening, options=options)
    with pytest.raises(UsageError, match=r"member id: '\.\./lpsc' is not an id"):
        people.declare(repo, "../lpsc", "2025-01-10", options=core.WriteOptions(dry_run=True))
    with pytest.raises(UsageError, match=r"member id: '\.\./x' is not an id"):
        core.create_record(repo, "member", {"id": "../x", "name": "X", "institution": "police-testville"},
                           options=options)  # fmt: skip
    assert "status: assessment" in outside.read_text(encoding="utf-8")
    assert not (council.root.parent / "x.yaml").exists()


def test_member_declare_cannot_target_the_configuration(runner: Any, app: Any, council: Any) -> None:
    config = (council.root / "lpsc.yaml").read_bytes()
    result = lpsc(runner, app, council.root, "member", "declare", "../lpsc", "--signed", "2025-01-10", "--dry-run")
    assert result.exit_code == 2
    assert "Invalid value for 'member_id'" in result.output
    assert "council:" not in result.output  # nothing of lpsc.yaml was read and shown
    assert (council.root / "lpsc.yaml").read_bytes() == config


def test_a_star_is_not_a_pattern_for_the_first_match(runner: Any, app: Any, council: Any) -> None:
    meeting_file = council.root / "meetings" / "2025" / "lpsc-2025-03-12.yaml"
    case_file = council.root / "cases" / "2025" / "case-2025-001.yaml"
    before = (meeting_file.read_bytes(), case_file.read_bytes())
    attend = lpsc(runner, app, council.root, "meeting", "attend", "*", "member-arta-kola", "--status", "present",
                  "--no-commit")  # fmt: skip
    assert attend.exit_code == 2 and "Invalid value for 'meeting'" in attend.output
    note = lpsc(runner, app, council.root, "case", "note", "*", "--text", "note", "--by", "member-arta-kola",
                "--no-commit")  # fmt: skip
    assert note.exit_code == 2
    assert note.output == f"lpsc: case id: '*' {NOT_AN_ID}\n"
    assert (meeting_file.read_bytes(), case_file.read_bytes()) == before


def test_log_refuses_ids_and_files_outside_the_repository(runner: Any, app: Any, council: Any) -> None:
    _outside(council)
    climbing = lpsc(runner, app, council.root, "log", "member:../../outside")
    assert climbing.exit_code == 2
    assert climbing.output == f"lpsc: member id: '../../outside' {NOT_AN_ID}\n"
    bare = lpsc(runner, app, council.root, "log", "../outside")
    assert (bare.exit_code, bare.output) == (2, f"lpsc: record id: '../outside' {NOT_AN_ID}\n")
    by_file = lpsc(runner, app, council.root, "log", str(council.root.parent / "outside.yaml"))
    assert by_file.exit_code == 1
    assert (
        by_file.output == f"lpsc: {council.root.parent / 'outside.yaml'}: not a file of the repository {council.root}\n"
    )
    config = lpsc(runner, app, council.root, "log", str(council.root / "members" / ".." / "lpsc.yaml"))
    assert config.exit_code == 1 and "not a record file" in config.output
    found = lpsc(runner, app, council.root, "log", "case:case-2025-001")
    assert found.exit_code == 0, found.output
    assert found.output == "cases/2025/case-2025-001.yaml: no history (the repository is not in git)\n"


def test_a_linked_record_file_pointing_outside_is_never_edited(runner: Any, app: Any, council: Any) -> None:
    outside = council.root.parent / "elsewhere.yaml"
    outside.write_text("id: member-linked\nname: Linked Person\ninstitution: police-testville\n", encoding="utf-8")
    (council.root / "members" / "member-linked.yaml").symlink_to(outside)
    before = outside.read_bytes()
    result = lpsc(runner, app, council.root, "member", "declare", "member-linked", "--signed", "2025-01-10",
                  "--no-commit")  # fmt: skip
    assert result.exit_code == 1
    assert "there is no member with the id 'member-linked'" in result.output
    assert outside.read_bytes() == before


def test_ids_are_looked_up_exactly(council: Any) -> None:
    council.add("case", {**CASE, "id": "case-2025-0010"})
    repo = council.load()
    assert core.record_file(repo, "case", "case-2025-001").name == "case-2025-001.yaml"
    with pytest.raises(RecordError, match="there is no case with the id 'case-2025-00'"):
        core.record_file(repo, "case", "case-2025-00")
    (council.root / "cases" / "2025" / "case-2025-002.yml").write_text("id: case-2025-002\n", encoding="utf-8")
    assert core.record_file(council.load(), "case", "case-2025-002").name == "case-2025-002.yml"


def test_write_atomic_creates_folders_only_when_asked(tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent" / "dir" / "x.ics"
    with pytest.raises(LpscError) as caught:
        write_atomic(missing, b"data", overwrite=True)
    assert str(caught.value) == f"cannot write {missing}: the folder {missing.parent} does not exist (create it first)"
    assert not (tmp_path / "nonexistent").exists()
    write_atomic(missing, b"data", overwrite=False, make_parents=True)
    assert missing.read_bytes() == b"data"


def test_deadlines_output_into_a_missing_folder_creates_nothing(runner: Any, app: Any, council: Any) -> None:
    target = council.root.parent / "nonexistent" / "dir" / "x.ics"
    result = lpsc(runner, app, council.root, "deadlines", "--format", "ics", "--as-of", "2025-03-01", "-o", str(target))
    assert result.exit_code == 1
    # cli/common.write_output runs outside handle_errors: the message is the exception's until it does
    said = result.output or str(result.exception)
    assert f"cannot write {target}: the folder {target.parent} does not exist" in said
    assert not (council.root.parent / "nonexistent").exists()


def test_write_atomic_private_gives_mode_0600_even_over_a_readable_file(tmp_path: Path) -> None:
    target = tmp_path / "revealed.md"
    target.write_bytes(b"old")
    target.chmod(0o644)
    write_atomic(target, b"clear text", overwrite=True, private=True)
    assert (target.read_bytes(), target.stat().st_mode & 0o777) == (b"clear text", 0o600)
