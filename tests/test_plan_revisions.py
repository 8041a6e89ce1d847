"""An activity a revision added belongs to the plan from the revision's date (R art. 8.5): the
half-year before it neither lists nor counts it; an activity without `added` belongs to the plan
as approved, so plans written before the field existed read as they did."""

from __future__ import annotations

import json
from datetime import date

import yaml

from lpsc_cli.documents import render
from lpsc_cli.planning import activities, in_plan, plan_progress
from lpsc_cli.repository import load_repository
from tests.support.cli import lpsc
from tests.support.records import seeded
from tests.support.walks import PLAN_FILE, PLAN_STEPS, plan_meetings

REVISE = ["plan", "revise", "plan-2025", "--date", "2025-07-23", "--meeting", "lpsc-2025-02-05", "--summary", "1.4.3"]
ADD = ["plan", "activity", "plan-2025", "1.4", "--text", "Stray dog programme", "--responsible", "police-testville",
       "--timing", "due:2025-11-30"]  # fmt: skip


def _activity(root, number: str) -> dict:
    data = yaml.safe_load((root / PLAN_FILE).read_text(encoding="utf-8"))
    return next(a for item in data["items"] for a in item["activities"] if a["number"] == number)


def test_an_activity_added_after_a_revision_carries_the_revision_date(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    plan_meetings(runner, app, repo.root)
    for args in PLAN_STEPS[:7]:  # up to the approval
        assert lpsc(runner, app, repo.root, *args).exit_code == 0, args
    for args in (REVISE, ADD):
        done = lpsc(runner, app, repo.root, *args)
        assert done.exit_code == 0, done.output
    assert _activity(repo.root, "1.4.3")["added"] == date(2025, 7, 23)
    # the activities of the plan as approved carry no date: they belong to it from the start
    assert "added" not in _activity(repo.root, "1.4.1") and "added" not in _activity(repo.root, "1.4.2")
    check = runner.invoke(app, ["check", "--repo", str(repo.root), "--as-of", "2025-07-31", PLAN_FILE])
    assert "error" not in check.output.replace("0 errors", ""), check.output

    # plan show before the revision: two activities, weights 1 and 3 at 60 % and 20 %: 30 %
    before = json.loads(
        lpsc(runner, app, repo.root, "plan", "list", "--as-of", "2025-06-30", "--format", "json").output
    )
    after = json.loads(lpsc(runner, app, repo.root, "plan", "list", "--as-of", "2025-07-31", "--format", "json").output)
    assert before[0]["progress"] == 30.0
    assert after[0]["progress"] == 24.0  # (60 + 3 * 20 + 0) / 5
    rows = json.loads(
        lpsc(runner, app, repo.root, "plan", "show", "plan-2025", "--as-of", "2025-06-30", "--format", "json").output
    )
    assert [row["number"] for row in rows] == ["1.4.1", "1.4.2"]

    loaded = load_repository(repo.root, cache=False)
    first = render(loaded, "monitoring", "2025-H1", lang="en", fmt="md", as_of=date(2026, 1, 31))
    second = render(loaded, "monitoring", "2025-H2", lang="en", fmt="md", as_of=date(2026, 1, 31))
    assert isinstance(first, str) and isinstance(second, str)
    assert "Stray dog programme" not in first and "30%" in first and "(2 activities" in first
    assert "Stray dog programme" in second and "(3 activities" in second


def test_a_draft_or_an_approved_plan_not_revised_adds_no_date(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    plan_meetings(runner, app, repo.root)
    for args in PLAN_STEPS[:7]:
        lpsc(runner, app, repo.root, *args)
    assert lpsc(runner, app, repo.root, *ADD).exit_code == 0
    assert "added" not in _activity(repo.root, "1.4.3")


def test_in_plan_and_progress_read_added() -> None:
    plan = {
        "items": [
            {
                "number": "1",
                "activities": [
                    {"text": "a", "progress": [{"date": "2025-03-01", "percent": 50}]},
                    {"text": "b", "added": "2025-07-23", "status": "done"},
                ],
            }
        ]
    }
    later = plan["items"][0]["activities"][1]
    assert not in_plan(later, date(2025, 7, 22)) and in_plan(later, date(2025, 7, 23)) and in_plan(later, None)
    assert [a["text"] for a in activities(plan, date(2025, 6, 30))] == ["a"]
    assert [a["text"] for a in activities(plan)] == ["a", "b"]
    assert plan_progress(plan, date(2025, 6, 30)) == 50.0
    assert plan_progress(plan, date(2025, 12, 31)) == 75.0


def test_a_meeting_s_plans_come_from_the_plans_own_records() -> None:
    """The meeting view (documents) reads the plan cycle from the plans, the one place it is kept."""
    from lpsc_cli.documents.views import Names, meeting_view
    from tests.support.repos import EXAMPLE

    repo = load_repository(EXAMPLE, cache=False)
    names = Names(repo, "en")
    approving = meeting_view(repo.get("meeting", "lpsc-2025-02-05"), names)
    reviewing = meeting_view(repo.get("meeting", "lpsc-2025-05-14"), names)
    assert (approving["plans_approved"], approving["plans_reviewed"]) == (["plan-2025"], [])
    assert (reviewing["plans_approved"], reviewing["plans_reviewed"]) == ([], ["plan-2025"])
