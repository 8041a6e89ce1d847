"""What the records cover (lpsc_cli.rules.coverage): a fresh `lpsc init` repository checks clean on
any later day, obligations due before `coverage.from` are not produced, periods are judged
whole, and the council's recurring obligations begin with its first recorded activity.

Dates worked out by hand, Albanian holidays of late 2026 (observed days included): Mon 23 Nov
(Alphabet Day observed), Mon 30 Nov and Tue 1 Dec (Independence and Liberation Day observed),
Tue 8 Dec (Youth Day), Fri 25 Dec.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.rules import Build, brief, case, judged, meeting

SINCE = {"coverage": {"from": "2026-11-23"}}


def _init(runner: Any, app: Any, tmp_path: Path) -> Path:
    root = tmp_path / "council"
    args = ["init", str(root), "--council", "testville", "--name", "KVSP Testville", "--since", "2026-11-23"]
    result = runner.invoke(app, [*args, "--no-commit"])
    assert result.exit_code == 0, result.output
    return root


def _check(runner: Any, app: Any, root: Path, day: str) -> tuple[int, list[str]]:
    result = runner.invoke(app, ["check", "--repo", str(root), "--as-of", day, "--format", "json"])
    return result.exit_code, [issue["code"] for issue in json.loads(result.stdout)["issues"]]


@pytest.mark.parametrize("day", ["2026-12-31", "2027-01-15", "2027-06-30"])
def test_a_fresh_repository_checks_clean_on_any_later_day(runner: Any, app: Any, tmp_path: Path, day: str) -> None:
    root = _init(runner, app, tmp_path)
    assert _check(runner, app, root, day) == (0, [])


def _write(root: Path, folder: str, data: dict[str, Any]) -> None:
    (root / folder / f"{data['id']}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_a_repository_with_only_its_directory_checks_clean(runner: Any, app: Any, tmp_path: Path) -> None:
    root = _init(runner, app, tmp_path)
    _write(root, "institutions", {"id": "municipality", "name": "Municipality", "sector": "local-government"})
    _write(root, "institutions", {"id": "police", "name": "Police", "sector": "police"})
    base = {"name": "Invented Name", "institution": "municipality"}
    # in term since before the records: the declaration was owed then, not judged here
    _write(root, "members", {"id": "member-old", **base, "roles": ["chair"], "term": {"from": "2024-09-01"}})
    # joined after the records began and signed in time; no training owed while the council
    # has recorded no activity of its own
    declared = {"confidentiality_declaration": {"signed": "2026-12-02"}}
    _write(root, "members", {"id": "member-new", **base, "term": {"from": "2026-11-30"}, **declared})
    for day in ("2026-12-31", "2027-01-15", "2027-06-30"):
        code, findings = _check(runner, app, root, day)
        assert code == 0, findings
        assert findings and all(f.startswith("composition") for f in findings), findings
        assert "training-refresher" not in findings


def test_due_before_coverage_from_is_not_produced(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(**SINCE)
    # Tue 24 Nov: the invitation was due 5 working days earlier (20, 19, 18, 17, Mon 16 Nov)
    builder.add("meeting", meeting("2026-11-24", start="10:00", end="12:00"))
    assert judged(builder, "invitation-notice", date(2026, 12, 31)) == []
    press = judged(builder, "press-release-24h", date(2026, 12, 31))
    assert brief(press) == [("2026-11-25 12:00:00", "overdue", -36)]
    # a member who joined 3 days before the records owes the declaration after they start:
    # Fri 20 Nov + 10 working days: 24, 25, 26, 27 Nov, 2, 3, 4, 7, 9, 10 Dec
    builder.add(
        "member", {"id": "member-a", "name": "Invented Name", "institution": "x", "term": {"from": "2026-11-20"}}
    )
    builder.add(
        "member", {"id": "member-b", "name": "Invented Name", "institution": "x", "term": {"from": "2026-10-01"}}
    )
    builder.add("institution", {"id": "x", "name": "X", "sector": "other"})
    items = judged(builder, "confidentiality-declared", date(2026, 12, 31))
    assert [(i.record, *brief([i])[0]) for i in items] == [("member-a", "2026-12-10", "overdue", -14)]


def test_only_whole_periods_from_coverage_from_are_judged(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(**SINCE)
    builder.add("meeting", meeting("2026-11-25", "coordination-secretariat"))
    months = judged(builder, "secretariat-monthly", date(2027, 2, 10))
    # November 2026 began before the records: not judged, although a meeting was held in it
    assert [(i.period, i.status) for i in months] == [
        ("2026-12", "overdue"),
        ("2027-01", "overdue"),
        ("2027-02", "upcoming"),
    ]
    assert [i.period for i in judged(builder, "meetings-per-year", date(2027, 2, 10))] == ["2027"]
    assert [i.period for i in judged(builder, "consultation-6-months", date(2027, 2, 10))] == ["2027-H1"]
    assert [i.period for i in judged(builder, "plan-annual", date(2027, 2, 10))] == ["2027"]
    assert [i.period for i in judged(builder, "annual-report", date(2027, 2, 10))] == ["2027"]


def test_recurring_obligations_begin_with_the_first_activity(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(**SINCE)
    builder.add("meeting", meeting("2027-03-10", "coordination-secretariat"))
    months = judged(builder, "secretariat-monthly", date(2027, 4, 30))
    assert [(i.period, i.status) for i in months] == [("2027-03", "met"), ("2027-04", "due-soon")]
    # the year holding the first activity is judged whole: its plan was due on 31 March
    assert brief(judged(builder, "plan-annual", date(2027, 4, 30))) == [("2027-03-31", "overdue", -30)]


def test_a_case_starts_its_own_periods_but_only_whole_ones(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(**SINCE)
    builder.add("case", case(1, "2026-11-25T10:00"))
    items = judged(builder, "prefect-reports", date(2027, 1, 20))
    # November and the fourth quarter of 2026 began before the records
    assert [(i.period, i.status) for i in items] == [
        ("2026-12", "overdue"),
        ("2027-01", "upcoming"),
        ("2027-Q1", "upcoming"),
    ]


def test_a_recurring_activity_slot_that_began_before_the_records_is_not_judged(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(**SINCE)
    timing = {"kind": "recurring", "every_months": 2}
    activity = {"number": "1.1.1", "text": "Patrols", "timing": timing, "status": "in-progress"}
    builder.add(
        "plan",
        {
            "id": "plan-2026",
            "period": {"from": "2026-01-01", "to": "2027-02-28"},
            "status": "approved",
            "items": [{"number": "1.1", "issue": "Safety", "activities": [activity]}],
        },
    )
    items = judged(builder, "activity-due", date(2027, 3, 1))
    # slots Jan-Feb, ..., Nov-Dec 2026 began before 23 Nov; Jan-Feb 2027 is the first whole one
    assert [(i.period, i.status) for i in items] == [("2027-01..2027-02", "overdue")]
