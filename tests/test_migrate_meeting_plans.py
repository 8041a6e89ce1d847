"""`lpsc migrate` moves a meeting's legacy `plans` field into the plans: one record of the plan cycle."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lpsc_cli.errors import LpscError
from lpsc_cli.migrate import migrate
from lpsc_cli.yamlio import parse
from tests.support.cli import lpsc
from tests.support.records import git, seeded, subjects

PLAN = "plans/plan-2025.yaml"
APPROVING = "meetings/2025/lpsc-2025-02-05.yaml"
REVIEWING = "meetings/2025/lpsc-2025-07-09.yaml"
RULE = "consultation-6-months"


def _old_style(make_repo):
    """A council of lpsc 0.1: the plan names no meeting; two LPSC meetings name the plan in `plans`."""
    repo = seeded(make_repo, in_git=False)
    repo.write(PLAN, "id: plan-2025\nperiod: {from: 2025-01-01, to: 2025-12-31}\nstatus: approved\n"
                     "revisions:\n  - {date: 2025-10-01, summary: A later revision.}\n")  # fmt: skip
    for consultation in ("2025-01-22", "2025-06-25"):
        repo.add("meeting", {"id": f"consult-{consultation}", "type": "open-consultation", "date": consultation})
    repo.write(APPROVING, "# approved at the first meeting of the year\nid: lpsc-2025-02-05\ntype: lpsc\n"
                          "date: 2025-02-05\nplans: {approved: [plan-2025]}  # the plan of the year\n"
                          "cases_discussed: []\n")  # fmt: skip
    repo.write(REVIEWING, "id: lpsc-2025-07-09\ntype: lpsc\ndate: 2025-07-09\nplans:\n  reviewed:\n    - plan-2025\n")
    git(repo.root, "init", "-q", "-b", "main")
    git(repo.root, "config", "user.name", "Test Secretary")
    git(repo.root, "config", "user.email", "secretary@testville.invalid")
    git(repo.root, "add", "--all")
    git(repo.root, "commit", "-qm", "start")
    return repo


def _followups(runner, app, root: Path) -> dict[str, tuple[str, str | None]]:
    """consultation -> (status, done) of the rule's follow-up items (the LPSC meeting updating the plan)."""
    result = runner.invoke(
        app, ["deadlines", "--repo", str(root), "--as-of", "2025-12-31", "--all", "--format", "json"]
    )
    items = json.loads(result.output)["items"]
    return {i["record"]: (i["status"], i["done"]) for i in items if i["rule"] == RULE and i["record"]}


def test_an_old_style_repository_is_told_to_migrate_and_the_plans_then_hold_the_meetings(runner, app, make_repo):
    repo = _old_style(make_repo)
    checked = runner.invoke(app, ["check", "--repo", str(repo.root), "--as-of", "2025-12-31", "--format", "json"])
    assert any(
        i["code"] == "migrate" and "the meetings' `plans` field" in i["message"]
        for i in json.loads(checked.output)["issues"]
    )
    done = lpsc(runner, app, repo.root, "migrate")
    assert done.exit_code == 0, done.output
    assert "done: move the plans a meeting approved or reviewed" in done.output
    assert subjects(repo.root)[0] == "migrate: format 2 (meeting-plans, format)"
    assert git(repo.root, "status", "--porcelain") == ""
    assert (repo.root / PLAN).read_text(encoding="utf-8") == (
        "id: plan-2025\nperiod: {from: 2025-01-01, to: 2025-12-31}\nstatus: approved\napproved_at: lpsc-2025-02-05\n"
        "revisions:\n  - date: 2025-07-09\n    meeting: lpsc-2025-07-09\n"
        "    summary: {sq: Plani u shqyrtua në këtë mbledhje., en: The plan was reviewed at this meeting.}\n"
        "  - {date: 2025-10-01, summary: A later revision.}\n"
    )
    assert (repo.root / APPROVING).read_text(encoding="utf-8") == (
        "# approved at the first meeting of the year\nid: lpsc-2025-02-05\ntype: lpsc\ndate: 2025-02-05\n"
        "cases_discussed: []\n"
    )
    assert "plans" not in parse((repo.root / REVIEWING).read_bytes(), "x").data
    after = runner.invoke(app, ["check", "--repo", str(repo.root), "--as-of", "2025-12-31", "--format", "json"])
    assert not any(i["code"] == "migrate" for i in json.loads(after.output)["issues"])
    again = lpsc(runner, app, repo.root, "migrate")
    assert again.output.startswith("up to date")
    assert subjects(repo.root)[0] == "migrate: format 2 (meeting-plans, format)"


def test_the_rule_reads_the_plans_only_and_after_migrate_finds_what_the_meetings_said(runner, app, make_repo):
    repo = _old_style(make_repo)
    assert _followups(runner, app, repo.root) == {
        "consult-2025-01-22": ("overdue", None),
        "consult-2025-06-25": ("overdue", None),
    }
    assert lpsc(runner, app, repo.root, "migrate").exit_code == 0
    # What lpsc 0.1 judged from the meetings' `plans` field, now judged from the plan alone.
    assert _followups(runner, app, repo.root) == {
        "consult-2025-01-22": ("met", "2025-02-05"),
        "consult-2025-06-25": ("met", "2025-07-09"),
    }


def test_a_plan_already_recording_the_meeting_is_not_given_it_twice(tmp_path, make_repo) -> None:
    repo = _old_style(make_repo)
    plan = repo.root / PLAN
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(
            "status: approved\n", "status: approved\napproved_at: lpsc-2025-02-05\n"
        )
        + "  - {date: 2025-07-09, meeting: lpsc-2025-07-09, summary: Activity 1.5.4 dropped.}\n",
        encoding="utf-8",
    )
    before = plan.read_bytes()
    migrate(repo.root, {}, commit=False)
    assert plan.read_bytes() == before
    assert "plans" not in parse((repo.root / APPROVING).read_bytes(), "x").data


def test_a_meeting_naming_a_plan_without_a_file_stops_the_step_before_any_write(make_repo) -> None:
    repo = _old_style(make_repo)
    (repo.root / REVIEWING).write_text(
        "id: lpsc-2025-07-09\ntype: lpsc\ndate: 2025-07-09\nplans: {reviewed: [plan-2024]}\n", encoding="utf-8"
    )
    approving = (repo.root / APPROVING).read_bytes()
    with pytest.raises(LpscError, match=r"lpsc-2025-07-09.yaml: plans.reviewed names plan-2024, which has no file"):
        migrate(repo.root, {}, commit=False)
    assert (repo.root / APPROVING).read_bytes() == approving


def test_the_example_of_lpsc_0_1_keeps_its_plan_cycle_after_migrate(runner, app, tmp_path) -> None:
    """tests/fixtures/elbasan-0.1 names plan-2025 in four meetings' `plans`; only one is a plan revision."""
    root = tmp_path / "elbasan"
    shutil.copytree(Path(__file__).resolve().parent / "fixtures" / "elbasan-0.1", root)
    from tests.support.records import git_init

    git_init(root)
    assert lpsc(runner, app, root, "migrate").exit_code == 0
    plan = parse((root / PLAN).read_bytes(), "x").data
    assert plan["approved_at"] == "lpsc-2025-02-05"
    assert [(r["date"], r["meeting"]) for r in plan["revisions"]] == [
        ("2025-05-14", "lpsc-2025-05-14"),
        ("2025-07-09", "lpsc-2025-07-09"),
        ("2025-12-17", "lpsc-2025-12-17"),
    ]
    assert plan["revisions"][1]["summary"]["en"].startswith("After the open consultation")  # kept as it was
    assert plan["revisions"][0]["summary"]["en"] == "The plan was reviewed at this meeting."
    example = parse((Path(__file__).resolve().parents[1] / "examples" / "elbasan" / PLAN).read_bytes(), "x").data
    assert example["revisions"] == plan["revisions"] and example["approved_at"] == plan["approved_at"]
    # lpsc 0.1 judged each consultation met by the LPSC meeting after it that named the plan.
    assert _followups(runner, app, root) == {
        "consult-2025-01-22": ("met", "2025-02-05"),
        "consult-2025-06-25": ("met", "2025-07-09"),
        "consult-2025-12-03": ("met", "2025-12-17"),
    }


def test_a_plan_reference_that_is_not_an_id_never_leads_outside_the_plans(make_repo, tmp_path) -> None:
    repo = _old_style(make_repo)
    outside = tmp_path / "outside.yaml"
    outside.write_text("id: outside\n", encoding="utf-8")
    (repo.root / REVIEWING).write_text(
        "id: lpsc-2025-07-09\ntype: lpsc\ndate: 2025-07-09\nplans: {reviewed: [../../outside]}\n", encoding="utf-8"
    )
    with pytest.raises(LpscError, match=r"plans.reviewed names '../../outside', which is not a record id"):
        migrate(repo.root, {}, commit=False)
    assert outside.read_text(encoding="utf-8") == "id: outside\n"


def test_a_linked_meeting_file_is_not_migrated(make_repo, tmp_path) -> None:
    repo = _old_style(make_repo)
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text("id: lpsc-2025-08-01\ntype: lpsc\ndate: 2025-08-01\nplans: {reviewed: [plan-2025]}\n")
    link = repo.root / "meetings" / "2025" / "lpsc-2025-08-01.yaml"
    link.symlink_to(elsewhere)
    migrate(repo.root, {}, commit=False)
    assert "plans:" in elsewhere.read_text()  # a file outside the repository is never rewritten
    assert link.is_symlink()  # nor is the link replaced by a copy of what it pointed to
