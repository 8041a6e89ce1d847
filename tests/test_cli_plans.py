"""`lpsc plan ...`: the action plan from draft to monitoring, its activities and weighted progress."""

from __future__ import annotations

import json

import pytest

from lpsc_cli.editing.plans import parse_timing
from lpsc_cli.errors import UsageError
from lpsc_cli.yamlio import parse
from tests.support.cli import lpsc
from tests.support.records import seeded
from tests.support.walks import PLAN_FILE, PLAN_STEPS, plan_meetings

EXPECTED = """\
id: plan-2025
title: {sq: Plani vendor 2025, en: Local plan 2025}
period: {from: 2025-01-01, to: 2025-12-31}
status: approved
consultation: consult-2025-01-22
approved_at: lpsc-2025-02-05
published:
  - {institution: municipality-testville, date: 2025-02-10, url: https://example.invalid/plan}
items:
  - number: "1.4"
    issue: Rising number of domestic violence cases
    evidence: 112 reports in 2024
    priority: high
    activities:
      - number: "1.4.1"
        text: Information sessions in schools
        responsible: [prosecution-testville, school-testville-1]
        lead: prosecution-testville
        timing: {kind: period, period: H1, label: First 6-month period}
        indicator: Number of sessions
        target: 10 sessions
        status: in-progress
        progress:
          - {date: 2025-04-15, percent: 60, note: 6 sessions held}
      - number: "1.4.2"
        text: Monthly coordination with the police
        responsible: [police-testville]
        timing: {kind: recurring, every_months: 1}
        weight: 3
        status: in-progress
        progress:
          - {date: 2025-04-15, percent: 20}
monitoring:
  - period: H1
    consultation: consult-2025-06-25
    report_date: 2025-07-05
    approved_by_chair: 2025-07-08
"""


def test_a_plan_from_draft_to_monitoring(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    plan_meetings(runner, app, repo.root)
    for args in PLAN_STEPS:
        result = lpsc(runner, app, repo.root, *args)
        assert result.exit_code == 0, (args, result.output)
    assert (repo.root / PLAN_FILE).read_text(encoding="utf-8") == EXPECTED
    check = runner.invoke(app, ["check", "--repo", str(repo.root), "--as-of", "2025-07-31", PLAN_FILE])
    assert "error" not in check.output.replace("0 errors", ""), check.output


def test_plan_show_rolls_progress_up_by_weight(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    plan_meetings(runner, app, repo.root)
    for args in PLAN_STEPS[:6]:
        lpsc(runner, app, repo.root, *args)
    # weights 1 and 3 at 60 % and 20 %: (60 + 3 * 20) / 4 = 30
    shown = lpsc(runner, app, repo.root, "plan", "show", "plan-2025")
    assert shown.output.splitlines() == [
        "plan-2025: draft; progress 30 %",
        "number  priority  text                                  responsible                               "
        "timing                status       percent",
        "1.4.1   high      Information sessions in schools       prosecution-testville,school-testville-1  "
        "First 6-month period  in-progress  60",
        "1.4.2   high      Monthly coordination with the police  police-testville                          "
        "every 1 month         in-progress  20",
    ]
    done = lpsc(runner, app, repo.root, "plan", "progress", "plan-2025", "1.4.2", "--date", "2025-06-30",
                "--percent", "100")  # fmt: skip
    assert done.exit_code == 0, done.output
    rows = json.loads(lpsc(runner, app, repo.root, "plan", "list", "--format", "json").output)
    # (60 + 3 * 100) / 4 = 90
    assert rows == [
        {"id": "plan-2025", "from": "2025-01-01", "to": "2025-12-31", "status": "draft", "approved_at": "",
         "items": 1, "activities": 2, "progress": 90.0},
    ]  # fmt: skip
    only_done = json.loads(
        lpsc(runner, app, repo.root, "plan", "show", "plan-2025", "--status", "done", "--format", "json").output
    )
    assert [a["number"] for a in only_done] == ["1.4.2"]


def test_plan_refusals_name_what_is_wrong(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    plan_meetings(runner, app, repo.root)
    for args in PLAN_STEPS[:3]:
        lpsc(runner, app, repo.root, *args)
    again = lpsc(runner, app, repo.root, "plan", "new", "2025")
    assert again.exit_code == 1
    assert again.output == (
        f"lpsc: a plan with the id 'plan-2025' already exists ({PLAN_FILE}); refusing to overwrite it\n"
    )
    no_item = lpsc(runner, app, repo.root, "plan", "activity", "plan-2025", "2.1", "--text", "x")
    assert no_item.output == "lpsc: plan-2025 has no item 2.1 (items: 1.4); add it with `lpsc plan item`\n"
    twice = lpsc(
        runner, app, repo.root, "plan", "item", "plan-2025", "--no", "1.4", "--issue", "x", "--priority", "low"
    )
    assert twice.output == "lpsc: plan-2025 already has an item 1.4\n"
    no_activity = lpsc(runner, app, repo.root, "plan", "progress", "plan-2025", "9.9.9", "--date", "2025-04-01")
    assert no_activity.output == "lpsc: plan-2025 has no activity 9.9.9 (see `lpsc plan show plan-2025`)\n"
    over = lpsc(runner, app, repo.root, "plan", "progress", "plan-2025", "1.4.1", "--date", "2025-04-01",
                "--percent", "120")  # fmt: skip
    assert (over.exit_code, over.output) == (2, "lpsc: --percent: 120 is not a percentage between 0 and 100\n")
    wrong_meeting = lpsc(runner, app, repo.root, "plan", "approve", "plan-2025", "--meeting", "lpsc-2025-09-09")
    assert wrong_meeting.exit_code == 1
    assert "error reference: approved_at: no meeting with id 'lpsc-2025-09-09'" in wrong_meeting.output
    assert parse((repo.root / PLAN_FILE).read_bytes(), "x").data["status"] == "draft"


def test_timings_are_read_from_short_forms() -> None:
    assert parse_timing("due:2025-06-30") == {"kind": "due", "due": "2025-06-30"}
    assert parse_timing("h2") == {"kind": "period", "period": "H2"}
    assert parse_timing("period:Q3", "July to September") == {
        "kind": "period",
        "period": "Q3",
        "label": "July to September",
    }
    assert parse_timing("year") == {"kind": "period", "period": "year"}
    assert parse_timing("every:2") == {"kind": "recurring", "every_months": 2}
    assert parse_timing("continuous") == {"kind": "continuous"}
    for bad, message in (
        ("due:2025-02-30", "'2025-02-30' is not a date"),
        ("every:13", "takes a number of months from 1 to 12"),
        ("sometimes", "is not a timing"),
    ):
        with pytest.raises(UsageError, match=message):
            parse_timing(bad)


def test_revision_marks_the_plan_revised(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    plan_meetings(runner, app, repo.root)
    for args in PLAN_STEPS[:1] + PLAN_STEPS[6:7]:
        lpsc(runner, app, repo.root, *args)
    result = lpsc(runner, app, repo.root, "plan", "revise", "plan-2025", "--date", "2025-07-10", "--summary",
                  "Activity 1.4.2 added")  # fmt: skip
    assert result.exit_code == 0, result.output
    data = parse((repo.root / PLAN_FILE).read_bytes(), "x").data
    assert data["status"] == "revised"
    assert data["revisions"] == [{"date": "2025-07-10", "summary": "Activity 1.4.2 added"}]
