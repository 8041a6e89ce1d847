"""Per-meeting confidentiality: everyone present where cases are discussed declares (A Annex 3 VII)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from lpsc_cli.checks import CheckOptions, check_repository, registry
from lpsc_cli.checks import declarations as declarations_check
from lpsc_cli.repository import load_repository
from lpsc_cli.schemas import SchemaSet
from tests.support.records import git_init, seeded, subjects

MEETING = "lpsc-2025-03-12"
MEETING_FILE = f"meetings/2025/{MEETING}.yaml"
CHECKS = registry()
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "elbasan"


def _findings(root: Path) -> list[Any]:
    repo = load_repository(root, cache=False)
    result = check_repository(repo, CheckOptions(as_of=date(2025, 3, 20), cache=False), checks=CHECKS)
    return [i for i in result.issues if i.code == declarations_check.CODE]


def _council(make_repo: Any, **meeting: Any) -> Any:
    repo = seeded(make_repo, in_git=False)
    repo.config(declarations={"from": "2025-01-01"})  # meetings judged from the start of the year
    repo.add("case", {"id": "case-2025-001", "status": "registered",
                      "referral": {"received": "2025-02-10T09:30", "referred_by": "community"}})  # fmt: skip
    repo.add("meeting", {
        "id": MEETING, "type": "lpsc", "date": "2025-03-12",
        "attendance": [
            {"member": "member-ilir-dervishi", "status": "present"},
            {"member": "member-besa-rama", "status": "present", "delegate": "member-arta-kola"},
            {"member": "member-arta-kola", "status": "excused", "explanation_received": "2025-03-11"},
        ],
        "guests": [{"name": "Dritan Leka", "institution": "Youth Association"}],
        "cases_discussed": ["case-2025-001"],
        **meeting,
    })  # fmt: skip
    return repo


def test_a_guest_without_a_declaration_is_a_finding(make_repo) -> None:
    repo = _council(make_repo, declarations=[
        {"member": "member-ilir-dervishi", "date": "2025-03-12"},
        {"member": "member-arta-kola", "date": "2025-03-12"},
    ])  # fmt: skip
    found = _findings(repo.root)
    assert [(i.file, i.path, i.severity) for i in found] == [(MEETING_FILE, ("guests", 0, "name"), "error")]
    assert "Dritan Leka" in found[0].message and f"lpsc meeting declare {MEETING}" in found[0].message
    assert found[0].line is not None


def test_members_present_answer_for_themselves_and_delegates_for_the_member(make_repo) -> None:
    found = _findings(_council(make_repo).root)
    # the excused member is not asked; the delegate who came in member-besa-rama's place is
    assert [i.path for i in found] == [
        ("attendance", 0, "member"),
        ("attendance", 1, "delegate"),
        ("guests", 0, "name"),
    ]


def test_without_cases_discussed_nobody_is_asked(make_repo) -> None:
    repo = _council(make_repo)
    data = yaml.safe_load((repo.root / MEETING_FILE).read_text())
    del data["cases_discussed"]
    repo.add("meeting", data)
    assert _findings(repo.root) == []


def test_declare_all_present_fixes_it_in_one_commit(runner, app, make_repo) -> None:
    repo = _council(make_repo)
    git_init(repo.root)
    done = runner.invoke(app, ["meeting", "declare", MEETING, "--all-present", "--date", "2025-03-12",
                               "--repo", str(repo.root)])  # fmt: skip
    assert done.exit_code == 0, done.output
    assert subjects(repo.root)[0] == f"meeting: declare {MEETING} all present"
    data = yaml.safe_load((repo.root / MEETING_FILE).read_text())
    assert data["declarations"] == [
        {"member": "member-ilir-dervishi", "date": date(2025, 3, 12)},
        {"member": "member-arta-kola", "date": date(2025, 3, 12)},
        {"guest": "Dritan Leka", "date": date(2025, 3, 12)},
    ]
    assert _findings(repo.root) == []
    again = runner.invoke(app, ["meeting", "declare", MEETING, "--guest", "dritan  leka", "--date", "2025-03-12",
                                "--repo", str(repo.root)])  # fmt: skip
    assert again.exit_code == 0 and "unchanged" in again.output


def test_declare_refuses_strangers_and_needs_someone(runner, app, make_repo) -> None:
    repo = _council(make_repo)
    base = ["meeting", "declare", MEETING, "--date", "2025-03-12", "--repo", str(repo.root), "--no-commit"]
    assert runner.invoke(app, base).exit_code == 2
    stranger = runner.invoke(app, [*base, "--guest", "Someone Else"])
    assert stranger.exit_code == 1 and "not a guest" in stranger.output
    unknown = runner.invoke(app, [*base, "--member", "member-nobody"])
    assert unknown.exit_code == 1 and "no such member" in unknown.output


def test_a_declaration_is_a_member_or_a_guest_with_a_date() -> None:
    schemas = SchemaSet()
    meeting = {"id": MEETING, "type": "lpsc", "date": "2025-03-12"}
    assert schemas.is_valid("meeting", {**meeting, "declarations": [{"guest": "A B", "date": "2025-03-12"}]})
    for wrong in ({"member": "member-a", "guest": "A B", "date": "2025-03-12"}, {"date": "2025-03-12"},
                  {"member": "member-a"}):  # fmt: skip
        assert not schemas.is_valid("meeting", {**meeting, "declarations": [wrong]}), wrong


def test_the_example_council_declared_at_every_meeting_with_cases() -> None:
    assert _findings(EXAMPLE) == []


def test_the_attendance_sheet_has_the_declaration_line(make_repo) -> None:
    from lpsc_cli.documents import render

    repo = _council(make_repo)
    sheet = render(load_repository(repo.root, cache=False), "attendance", MEETING, lang="en", as_of=date(2025, 3, 20))
    assert isinstance(sheet, str) and "Confidentiality declaration" in sheet
