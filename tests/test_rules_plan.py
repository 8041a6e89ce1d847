"""Rules on the action plan: plan-annual, plan-monitoring, plan-published, activity-due."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.support.rules import YEAR_2025, Build, brief, judged, meeting, one


def plan(status: str = "approved", **fields: Any) -> dict[str, Any]:
    return {"id": "plan-2025", "period": {"from": "2025-01-01", "to": "2025-12-31"}, "status": status, **fields}


def activity(
    number: str, timing: dict[str, Any], status: str = "in-progress", progress: list[Any] | None = None
) -> dict[str, Any]:
    return {
        "number": number,
        "text": f"activity {number}",
        "timing": timing,
        "status": status,
        **({"progress": progress} if progress else {}),
    }


def plan_with(*activities: dict[str, Any]) -> dict[str, Any]:
    return plan(
        approved_at="lpsc-2025-02-05", items=[{"number": "1.2", "issue": "an issue", "activities": list(activities)}]
    )


# --- plan-annual (R art. 6.7, 8.4) --------------------------------------------------------------


def test_plan_annual_met_and_met_late(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(**YEAR_2025)
    builder.add("meeting", meeting("2025-02-05"))
    builder.add("plan", plan(approved_at="lpsc-2025-02-05"))
    item = one(builder, "plan-annual", date(2025, 12, 31))
    assert brief([item]) == [("2025-03-31", "met", 54)]
    assert (item.record, item.period) == ("plan-2025", "2025")
    late = make_repo()
    late.config(**YEAR_2025)
    late.add("meeting", meeting("2025-04-09"))
    late.add("plan", plan(approved_at="lpsc-2025-04-09"))
    assert brief([one(late, "plan-annual", date(2025, 12, 31))]) == [("2025-03-31", "met-late", -9)]


def test_plan_annual_overdue_due_soon_and_threshold(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(**YEAR_2025)
    builder.add("plan", plan("draft"))
    item = one(builder, "plan-annual", date(2025, 4, 10))
    assert brief([item]) == [("2025-03-31", "overdue", -10)]
    assert item.record == "plan-2025" and item.path == ("status",)
    empty = make_repo()
    empty.config(**YEAR_2025)
    assert judged(empty, "plan-annual", date(2025, 4, 10)) == []  # nothing recorded: no council activity
    empty.add("meeting", meeting("2025-02-05", "coordination-secretariat"))
    item = one(empty, "plan-annual", date(2025, 3, 20))
    assert brief([item]) == [("2025-03-31", "due-soon", 11)]
    assert item.record is None and item.file == "lpsc.yaml"
    february = make_repo()
    february.config(rules={"plan-annual": {"months": 2}}, **YEAR_2025)
    february.add("plan", plan())  # approved, no approving meeting on record: counts from 1 January
    assert brief([one(february, "plan-annual", date(2025, 3, 20))]) == [("2025-02-28", "met", 58)]


# --- plan-monitoring (R art. 8.5-8.6) ------------------------------------------------------------


def test_plan_monitoring(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(**YEAR_2025)
    monitoring = [{"period": "H1", "report_date": "2025-07-05", "approved_by_chair": "2025-07-08"}]
    builder.add("plan", plan(monitoring=monitoring))
    items = judged(builder, "plan-monitoring", date(2025, 12, 31))
    # due 30 days after each half: 30 Jul 2025 and 30 Jan 2026
    assert [(i.period, i.path, *brief([i])[0]) for i in items] == [
        ("2025-H1", ("monitoring", 0), "2025-07-30", "met", 22),
        ("2025-H2", ("period",), "2026-01-30", "upcoming", 30),
    ]


def test_plan_monitoring_needs_the_chair_and_accepts_a_report_record(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(**YEAR_2025)
    builder.add("plan", plan(monitoring=[{"period": "H1", "report_date": "2025-07-05"}]))
    assert brief(judged(builder, "plan-monitoring", date(2025, 8, 1))) == [
        ("2025-07-30", "overdue", -2),
        ("2026-01-30", "upcoming", 182),  # H2 has begun
    ]
    reported = make_repo()
    reported.config(**YEAR_2025)
    reported.add("plan", plan())
    reported.add(
        "report",
        {"id": "monitoring-2025-h1", "kind": "plan-monitoring", "period": "2025-H1", "submitted": "2025-08-04"},
    )
    assert brief(judged(reported, "plan-monitoring", date(2025, 8, 5)))[0] == ("2025-07-30", "met-late", -5)
    draft = make_repo()
    draft.config(**YEAR_2025)
    draft.add("plan", plan("draft"))
    assert judged(draft, "plan-monitoring", date(2025, 12, 31)) == []


# --- plan-published (R "Multi-agency local plan") --------------------------------------------------


def test_plan_published_by_every_public_member_institution(make_repo: Build) -> None:
    builder = make_repo()
    for ident, sector in (
        ("municipality-tv", "local-government"),
        ("police-tv", "police"),
        ("ngo-tv", "civil-society"),
    ):
        builder.add("institution", {"id": ident, "name": ident, "sector": sector})
    members = [
        ("member-chair", "municipality-tv", ["chair", "permanent"]),
        ("member-police", "police-tv", ["permanent"]),
        ("member-ngo", "ngo-tv", ["permanent"]),
        ("member-guest", "school-tv", ["invited"]),
    ]
    for ident, institution, roles in members:
        builder.add(
            "member",
            {
                "id": ident,
                "name": "Invented Name",
                "institution": institution,
                "roles": roles,
                "term": {"from": "2024-09-01"},
            },
        )
    builder.add("meeting", meeting("2025-02-05"))
    builder.add(
        "plan",
        plan(approved_at="lpsc-2025-02-05", published=[{"institution": "municipality-tv", "date": "2025-02-10"}]),
    )
    # due 10 working days after Wed 5 Feb: 6, 7, 10, 11, 12, 13, 14, 17, 18, 19 -> 19 Feb
    items = judged(builder, "plan-published", date(2025, 3, 1))
    assert [(i.obligation, i.path, *brief([i])[0]) for i in items] == [
        ("plan-2025 published by police-tv", ("status",), "2025-02-19", "overdue", -7),
        ("plan-2025 published by municipality-tv", ("published", 0), "2025-02-19", "met", 7),
    ]


# --- activity-due (R art. 8.3) ----------------------------------------------------------------------


def test_activity_recurring_every_two_months(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(**YEAR_2025)
    progress = [{"date": "2025-01-20", "percent": 10}, {"date": "2025-05-15", "percent": 40}]
    builder.add("plan", plan_with(activity("1.2.1", {"kind": "recurring", "every_months": 2}, progress=progress)))
    items = judged(builder, "activity-due", date(2025, 6, 10))
    assert [(i.period, *brief([i])[0]) for i in items] == [
        ("2025-03..2025-04", "2025-04-30", "overdue", -41),
        ("2025-01..2025-02", "2025-02-28", "met", 39),
        ("2025-05..2025-06", "2025-06-30", "met", 46),
    ]
    assert items[0].path == ("items", 0, "activities", 0)
    assert items[0].message == (
        "activity 1.2.1 of plan-2025 (every 2 months): progress in 2025-03..2025-04: not done, due 2025-04-30 (41 days late)"
    )


def test_activity_period_and_due_timings(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(**YEAR_2025)
    builder.add(
        "plan",
        plan_with(
            activity(
                "1.4.1",
                {"kind": "period", "period": "H1"},
                "done",
                [{"date": "2025-05-02", "percent": 60}, {"date": "2025-06-20", "percent": 100}],
            ),
            activity("1.4.2", {"kind": "due", "due": "2025-04-30"}),
            activity("1.4.3", {"kind": "period", "period": "Q1"}, "done"),
            activity("1.4.4", {"kind": "due", "due": "2025-06-30"}, "done", [{"date": "2025-07-10", "percent": 60}]),
            activity("1.4.5", {"kind": "due", "due": "2025-01-31"}, "dropped"),
            activity("1.4.6", {"kind": "period", "period": "year"}),
        ),
    )
    items = judged(builder, "activity-due", date(2025, 7, 20))
    assert [(i.obligation, *brief([i])[0]) for i in items] == [
        ("activity 1.4.2 of plan-2025 done", "2025-04-30", "overdue", -81),
        ("activity 1.4.3 of plan-2025 done", "2025-03-31", "met", 0),
        ("activity 1.4.1 of plan-2025 done", "2025-06-30", "met", 10),
        ("activity 1.4.4 of plan-2025 done", "2025-06-30", "met-late", -10),
        ("activity 1.4.6 of plan-2025 done", "2025-12-31", "upcoming", 164),
    ]


def test_activity_continuous_expects_progress_every_half_year(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(**YEAR_2025)
    builder.add(
        "plan", plan_with(activity("1.5.1", {"kind": "continuous"}, progress=[{"date": "2025-03-01", "percent": 20}]))
    )
    assert [(i.period, *brief([i])[0]) for i in judged(builder, "activity-due", date(2025, 6, 10))] == [
        ("2025-H1", "2025-06-30", "met", 121),
    ]
    assert [(i.period, *brief([i])[0]) for i in judged(builder, "activity-due", date(2025, 12, 20))] == [
        ("2025-H1", "2025-06-30", "met", 121),
        ("2025-H2", "2025-12-31", "due-soon", 11),
    ]
