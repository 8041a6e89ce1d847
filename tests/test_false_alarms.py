"""Regressions of issue 11 §2: obligations the rules asked of a council that did everything right.

Each test builds the smallest repository that showed the false alarm and asserts what a council
is actually owed; each failed before the fix it names.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from lpsc_cli.indicators import compute
from lpsc_cli.lifecycle import open_periods, status_on
from lpsc_cli.rules import Deadline, run_rules

YEAR_2025 = {"coverage": {"from": "2025-01-01", "to": "2025-12-31"}}


def run(builder: Any, rule: str, as_of: date) -> list[Deadline]:
    repo = builder.load()
    assert not repo.issues, [i.message for i in repo.issues]
    return run_rules(repo, as_of=as_of, only=[rule])


def lpsc_meeting(day: str, **fields: Any) -> dict[str, Any]:
    return {"id": f"lpsc-{day}", "type": "lpsc", "date": day, **fields}


def referral(number: int, received: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": f"case-2025-{number:03d}",
        "status": fields.pop("status", "registered"),
        "subject": {"code": "B.K."},
        "referral": {"received": received, **fields.pop("referral", {})},
        **fields,
    }


def bimonthly(number: str, text: str, *progress: str, **fields: Any) -> dict[str, Any]:
    """A plan activity due every two months, with progress on the given days."""
    return {
        "number": number,
        "text": text,
        "timing": {"kind": "recurring", "every_months": 2, "label": "every two months"},
        "status": "in-progress",
        "progress": [{"date": day, "note": text} for day in progress],
        **fields,
    }


def year_plan(activity: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """The 2025 plan holding one identified issue with `activity`."""
    return {
        "id": "plan-2025",
        "period": {"from": "2025-01-01", "to": "2025-12-31"},
        "items": [{"number": "1", "issue": "school safety", "activities": [activity]}],
        **fields,
    }


# --- activity-due: no progress asked before the plan was approved --------------------------------


def test_activity_due_asks_no_progress_before_the_plan_was_approved(make_repo: Any) -> None:
    builder = make_repo()
    builder.config(**YEAR_2025)
    builder.add("meeting", lpsc_meeting("2025-05-06"))
    activity = bimonthly("1.1", "school visits", "2025-05-20", "2025-07-10")
    builder.add("plan", year_plan(activity, status="approved", approved_at="lpsc-2025-05-06"))
    items = run(builder, "activity-due", date(2025, 8, 31))
    # Jan-Feb and Mar-Apr ended before the approval on 6 May: nothing is owed for them
    assert [(i.period, i.status) for i in items] == [("2025-05..2025-06", "met"), ("2025-07..2025-08", "met")]
    assert [i.id for i in items] == [
        "activity-due:plan-2025:2025-05..2025-06:1.1",
        "activity-due:plan-2025:2025-07..2025-08:1.1",
    ]


def test_an_activity_a_revision_added_owes_progress_from_its_revision_only(make_repo: Any) -> None:
    builder = make_repo()
    builder.config(**YEAR_2025)
    builder.add("meeting", lpsc_meeting("2025-01-21"))
    builder.add("meeting", lpsc_meeting("2025-07-09"))
    added = bimonthly("1.2", "youth centre evenings", "2025-08-14", added="2025-07-09")
    revision = {"meeting": "lpsc-2025-07-09", "date": "2025-07-09", "summary": "a new concern"}
    builder.add("plan", year_plan(added, status="revised", approved_at="lpsc-2025-01-21", revisions=[revision]))
    # before the revision the activity was not in the plan: nothing at all is owed for it
    assert run(builder, "activity-due", date(2025, 6, 30)) == []
    items = run(builder, "activity-due", date(2025, 8, 31))
    # January to June ended before it was added on 9 July: only July-August is owed, and met
    assert [(i.period, i.status) for i in items] == [("2025-07..2025-08", "met")]


# --- secretariat-monthly: the council's obligations start with its composition ----------------------


def test_secretariat_months_start_with_the_composition_order(make_repo: Any) -> None:
    builder = make_repo()
    builder.config(**YEAR_2025, composition={"order": "Nr. 177", "date": "2025-02-17"})
    builder.add("meeting", lpsc_meeting("2025-01-20"))  # the former council's last meeting
    for day in ("2025-03-12", "2025-04-09"):
        builder.add("meeting", {"id": f"secr-{day}", "type": "coordination-secretariat", "date": day})
    items = run(builder, "secretariat-monthly", date(2025, 4, 30))
    # January and February (composed on the 17th, past the month's middle) are not judged
    assert [(i.period, i.status) for i in items] == [("2025-03", "met"), ("2025-04", "met")]
    # the year is: most of it lay after the composition
    years = run(builder, "meetings-per-year", date(2025, 4, 30))
    assert [(i.id, i.status) for i in years] == [("meetings-per-year:2025", "upcoming")]


def test_without_a_composition_order_the_months_start_with_the_records(make_repo: Any) -> None:
    builder = make_repo()
    builder.config(**YEAR_2025)
    builder.add("meeting", lpsc_meeting("2025-01-20"))
    items = run(builder, "secretariat-monthly", date(2025, 2, 28))
    assert [(i.period, i.status) for i in items] == [("2025-01", "overdue"), ("2025-02", "due-soon")]


# --- red-flag-reported: not to the coordinator who referred the case -------------------------------


def test_a_red_flag_the_cve_centre_referred_is_not_reported_back_to_it(make_repo: Any) -> None:
    builder = make_repo()
    builder.config(**YEAR_2025)
    builder.add("institution", {"id": "cve", "name": "National CVE Coordination Centre", "sector": "other"})
    builder.add("institution", {"id": "prefecture-testville", "name": "Testville Prefecture", "sector": "prefecture"})
    builder.add(
        "case",
        referral(
            1, "2025-03-03", red_flag=True, referral={"referred_by": "cve"}, reported={"regional_cve": "2025-03-05"}
        ),
    )
    builder.add("case", referral(2, "2025-03-03", red_flag=True, referral={"referred_by": "prefecture-testville"}))
    builder.add("case", referral(3, "2025-03-03", red_flag=True, referral={"referred_by": "community"}))
    items = {i.record: i for i in run(builder, "red-flag-reported", date(2025, 3, 31))}
    assert items["case-2025-001"].status == "met"  # the regional report is all it owed
    assert items["case-2025-002"].status == "overdue"
    assert items["case-2025-002"].obligation == "red-flag case case-2025-002 reported to the national CVE coordinator"
    assert items["case-2025-003"].obligation.endswith("to the regional and national CVE coordinators")


# --- refer-elsewhere ends the case -----------------------------------------------------------------


def test_a_case_referred_elsewhere_at_screening_ends_there(make_repo: Any) -> None:
    data = referral(1, "2025-05-02", status="screening", screening={"date": "2025-05-05", "outcome": "refer-elsewhere"})
    assert status_on(data, date(2025, 9, 1)) == "closed"
    assert open_periods(data)[-1].end == date(2025, 5, 5)
    builder = make_repo()
    builder.config(**YEAR_2025)
    builder.add("case", data)
    # open for ever, the case made the council owe monthly Prefect reports for the rest of the year
    assert [i.period for i in run(builder, "prefect-reports", date(2025, 12, 31))] == ["2025-05", "2025-Q2"]


def test_a_case_closed_as_referred_elsewhere_owes_no_closure_report(make_repo: Any) -> None:
    builder = make_repo()
    builder.config(**YEAR_2025)
    builder.add(
        "case",
        referral(
            1,
            "2025-05-02",
            status="closed",
            screening={"date": "2025-05-05", "outcome": "refer-elsewhere"},
            closure={"date": "2025-05-05", "reason": "other"},
        ),
    )
    assert run(builder, "closure-complete", date(2025, 12, 31)) == []


# --- referral-procedures: scored on the written procedure when there are no referrals -------------


def test_referral_procedures_are_yes_for_a_council_at_work_with_no_referrals(make_repo: Any) -> None:
    builder = make_repo()
    builder.add("meeting", lpsc_meeting("2025-03-12"))
    repo = builder.load()
    results = compute(repo, start=date(2025, 1, 1), end=date(2025, 12, 31), as_of=date(2025, 12, 31), which="council")
    procedures = next(r for r in results if r.id == "referral-procedures")
    assert (procedures.value, procedures.met) == (True, True)
