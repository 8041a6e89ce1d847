"""Plan progress has one reading (`lpsc_cli.planning`): `plan show` and the monitoring report agree."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from lpsc_cli.planning import activity_progress, activity_status, latest_entry, plan_progress, reported_percent
from tests.support.cli import lpsc
from tests.support.council import PLAN, build

H1_END = date(2025, 6, 30)


def activity(status: str = "in-progress", *progress: dict[str, Any], weight: float | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"number": "1.1.1", "text": "x", "status": status, "progress": list(progress)}
    if weight is not None:
        found["weight"] = weight
    return found


def test_the_latest_entry_by_date_counts_not_the_last_in_the_file() -> None:
    out_of_order = activity("in-progress", {"date": "2025-05-10", "percent": 60}, {"date": "2025-03-01", "percent": 20})
    assert activity_progress(out_of_order, None) == 60.0
    assert activity_progress(out_of_order, date(2025, 4, 30)) == 20.0
    assert activity_progress(out_of_order, date(2025, 2, 28)) == 0.0


def test_a_note_only_entry_keeps_the_last_percent() -> None:
    noted = activity("in-progress", {"date": "2025-03-01", "percent": 40}, {"date": "2025-04-01", "note": "waiting"})
    assert activity_progress(noted, date(2025, 4, 30)) == 40.0
    assert latest_entry(noted, date(2025, 4, 30)) == {"date": "2025-04-01", "note": "waiting"}
    assert activity_status(noted, date(2025, 4, 30)) == "in-progress"


def test_done_counts_100_unless_progress_is_dated_after_the_day() -> None:
    done = activity("done", {"date": "2025-03-01", "percent": 40}, {"date": "2025-09-01", "note": "finished"})
    assert activity_progress(done, None) == 100.0
    assert activity_progress(done, date(2025, 12, 31)) == 100.0
    assert activity_progress(done, H1_END) == 40.0  # on 30 June it was not done yet
    assert activity_status(done, H1_END) == "in-progress"
    assert activity_progress(activity("done"), H1_END) == 100.0  # done, no dated progress at all


def test_dropped_activities_are_left_out_and_weights_count() -> None:
    plan = {
        "items": [
            {"number": "1", "activities": [
                activity("in-progress", {"date": "2025-03-01", "percent": 50}),  # weight 1: 50
                activity("done", weight=3),  # 3 × 100
                activity("dropped", {"date": "2025-02-01", "percent": 10}, weight=10),  # left out
            ]},
        ],
    }  # fmt: skip
    assert plan_progress(plan, H1_END) == round((50 + 300) / 4, 1) == 87.5
    dropped = plan["items"][0]["activities"][2]
    assert (activity_progress(dropped, H1_END), activity_status(dropped, H1_END)) == (None, "dropped")
    assert reported_percent(dropped, H1_END) == 10.0  # what it had reached, for the report's table
    assert plan_progress({"items": [{"activities": [dropped]}]}, H1_END) is None


def test_status_without_dated_progress_is_the_recorded_one() -> None:
    assert activity_status(activity("in-progress"), H1_END) == "in-progress"
    assert activity_status(activity("not-started", {"date": "2025-09-01", "percent": 10}), H1_END) == "not-started"


def test_plan_show_and_the_monitoring_report_agree(runner: Any, app: Any, make_repo: Any) -> None:
    """Activity 1.1.2 reports 60 % on 1 June, written after a 40 % of 1 April, and a note on 20 June.

    On 30 June: 1.1.1 (weight 2) is done, 1.1.2 stands at 60 %, 2.1.1 is dropped:
    (2 × 100 + 1 × 60) / 3 = 86.7 %. (The monitoring report used to take the last entry in the
    file, the note, and read 0 %; `plan show` ignored the dates.)
    """
    plan = copy.deepcopy(PLAN)
    plan["items"][0]["activities"][1]["progress"] = [
        {"date": "2025-06-01", "percent": 60},
        {"date": "2025-04-01", "percent": 40},
        {"date": "2025-06-20", "note": {"sq": "Në pritje", "en": "Waiting for the schools"}},
        {"date": "2025-09-01", "percent": 80},
    ]
    council = build(make_repo)
    council.add("plan", plan)
    shown = lpsc(runner, app, council.root, "plan", "show", "plan-2025", "--as-of", "2025-06-30")
    assert shown.exit_code == 0, shown.output
    assert shown.output.splitlines()[0] == "plan-2025: approved, approved at lpsc-2025-03-12; progress 86.7 %"
    report = lpsc(runner, app, council.root, "report", "monitoring", "--period", "2025-H1", "--lang", "en")
    assert report.exit_code == 0, report.output
    assert "Progress of the plan at the end of the period: 86.7%" in report.output
    rows = lpsc(runner, app, council.root, "plan", "show", "plan-2025", "--as-of", "2025-06-30", "--format", "csv")
    assert [line.split(",")[-2:] for line in rows.output.splitlines()] == [
        ["status", "percent"], ["done", "100"], ["in-progress", "60"], ["dropped", ""],
    ]  # fmt: skip
    year_end = lpsc(runner, app, council.root, "plan", "list", "--as-of", "2025-12-31", "--format", "json")
    assert '"progress": 93.3' in year_end.output  # (2 × 100 + 80) / 3, as the annual report has it
