"""The case-management checklist (A Annex 3 I–IX): each figure worked out by hand.

Each test builds a small repository for one section, states in comments why each record
counts or not, and checks value, numerator, denominator and the records counted against.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from lpsc_cli.indicators import KpiResult
from tests.support.indicators import against, case, kpis

SEALED = "-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n"


def figure(result: KpiResult) -> tuple[Any, Any, Any]:
    return (result.value, result.numerator, result.denominator)


def not_applicable(result: KpiResult) -> bool:
    return result.value is None and result.computable and (result.reason or "").startswith("not applicable")


# --- I. Referral and screening ------------------------------------------------------------


def test_referral_forms_and_registration(make_repo: Any) -> None:
    builder = make_repo()
    builder.add(
        "case", case("case-2025-001", "2025-03-10T09:00", referral={"form_complete": True}, registered="2025-03-11")
    )
    builder.add(
        "case",
        case(
            "case-2025-002",
            "2025-04-01",
            registered="2025-04-04",
            referral={"form_complete": False, "missing": ["family-situation", "school"]},
        ),
    )
    builder.add("case", case("case-2025-003", "2025-05-02T16:00"))  # completeness not recorded, not registered
    builder.add("case", case("case-2024-001", "2024-12-20", referral={"form_complete": True}, registered="2024-12-30"))
    results = kpis(builder)
    # 1 complete of the 3 referrals of 2025
    assert figure(results["referral-forms-complete"]) == (33.3, 1, 3)
    assert against(results["referral-forms-complete"]) == {
        "case-2025-002": "form incomplete (missing: family-situation, school)",
        "case-2025-003": "form completeness not recorded",
    }
    # (1 + 3) days over 2 registered referrals; the unregistered one is left out
    assert figure(results["referral-to-registration-days"]) == (2.0, 4, 2)
    assert results["referral-to-registration-days"].met is None
    assert [a.record for a in results["referral-to-registration-days"].excluded] == ["case-2025-003"]


def test_referral_indicators_without_referrals(make_repo: Any) -> None:
    results = kpis(make_repo())
    for kpi in [
        "referral-forms-complete",
        "referral-to-registration-days",
        "screened-5wd",
        "emergencies-24h",
        "referrals-shared",
    ]:
        assert not_applicable(results[kpi]), kpi
    assert results["emergencies-24h"].reason == "not applicable: no emergency referrals in the period"


def test_screened_within_5_working_days(make_repo: Any) -> None:
    builder = make_repo()
    # received Monday 10 March: Friday 14 March is Summer Day, so the 5th working day is Tuesday 18
    builder.add(
        "case", case("case-2025-001", "2025-03-10T09:00", screening={"date": "2025-03-18", "outcome": "eligible"})
    )
    builder.add(
        "case", case("case-2025-002", "2025-03-10T11:00", screening={"date": "2025-03-19", "outcome": "eligible"})
    )
    # received Friday 27 June, not screened: due 4 July, after the as-of day: pending, left out
    builder.add("case", case("case-2025-003", "2025-06-27"))
    # received Monday 2 June, not screened: Friday 6 June is Eid al-Adha, due Tuesday 10 June: overdue
    builder.add("case", case("case-2025-004", "2025-06-02"))
    result = kpis(builder, as_of=date(2025, 6, 30))["screened-5wd"]
    assert figure(result) == (33.3, 1, 3)
    assert against(result) == {
        "case-2025-002": "screened on 2025-03-19, 6 working days after referral (due 2025-03-18)",
        "case-2025-004": "not screened; due 2025-06-10",
    }
    assert [(a.record, a.reason) for a in result.excluded] == [("case-2025-003", "not screened yet; due 2025-07-04")]


def test_emergencies_addressed_within_24_hours(make_repo: Any) -> None:
    builder = make_repo()
    # across the spring DST change: 20:00 to 20:00 is 23 hours on the clock
    builder.add(
        "case",
        case("case-2025-001", "2025-03-29T20:00", referral={"emergency": True, "addressed_at": "2025-03-30T20:00"}),
    )
    builder.add(
        "case",
        case("case-2025-002", "2025-02-10T09:00", referral={"emergency": True, "addressed_at": "2025-02-11T10:00"}),
    )  # 25 hours
    builder.add("case", case("case-2025-003", "2025-02-12T09:00", referral={"emergency": False}))  # not an emergency
    builder.add("case", case("case-2025-004", "2025-03-31T12:00", referral={"emergency": True}))  # pending
    builder.add("case", case("case-2025-005", "2025-03-01T08:00", referral={"emergency": True}))  # never addressed
    result = kpis(builder, as_of=date(2025, 3, 31))["emergencies-24h"]
    assert figure(result) == (33.3, 1, 3)
    assert against(result) == {
        "case-2025-002": "addressed 25.0 hours after the referral",
        "case-2025-005": "emergency not addressed; due 2025-03-02T08:00",
    }
    assert [a.record for a in result.excluded] == ["case-2025-004"]


def test_referrals_shared_with_the_appropriate_bodies(make_repo: Any) -> None:
    builder = make_repo()
    builder.add(
        "case", case("case-2025-001", "2025-02-01", concerns=["child-protection"], shared_with={"lpsc": "2025-02-03"})
    )  # LPSC only is due: shared
    builder.add(
        "case",
        case(
            "case-2025-002",
            "2025-02-02",
            concerns=["p-cve"],
            red_flag=True,
            shared_with={"lpsc": "2025-02-03", "cve": "2025-02-04"},
        ),
    )  # police missing
    builder.add(
        "case",
        case(
            "case-2025-003",
            "2025-02-03",
            concerns=["domestic-violence"],
            shared_with={"lpsc": "2025-02-04", "police": "2025-02-03"},
        ),
    )  # shared
    builder.add("case", case("case-2025-004", "2025-02-04", concerns=["mental-health"]))  # not shared at all
    result = kpis(builder)["referrals-shared"]
    assert figure(result) == (50.0, 2, 4)
    assert against(result) == {"case-2025-002": "not shared with police", "case-2025-004": "not shared with lpsc"}


# --- II. Risk assessment ------------------------------------------------------------------


def test_risk_assessment_indicators(make_repo: Any) -> None:
    builder = make_repo()
    screened = {"date": "2025-02-01", "outcome": "eligible"}
    builder.add(
        "case",
        case(
            "case-2025-001",
            "2025-01-27",
            screening=screened,
            assessment={
                "date": "2025-02-10",
                "annex2_complete": True,
                "data_collection_complete": True,
                "risk_level": "moderate",
                "rationale_recorded": True,
                "sectors": ["education", "health", "social-services"],
                "contextual_factors": True,
            },
        ),
    )
    builder.add(
        "case",
        case(
            "case-2025-002",
            "2025-01-28",
            screening=screened,
            assessment={
                "date": "2025-02-11",
                "annex2_complete": False,
                "risk_level": "high",
                "sectors": ["education", "health"],
                "contextual_factors": False,
            },
        ),
    )
    builder.add("case", case("case-2025-003", "2025-01-29", screening=screened))  # eligible, not assessed yet
    builder.add(
        "case",
        case(
            "case-2025-004",
            "2025-01-30",
            status="not-eligible",
            screening={"date": "2025-02-01", "outcome": "not-eligible"},
        ),
    )
    results = kpis(builder)
    # eligible: 001, 002, 003
    assert figure(results["risk-assessment-complete"]) == (33.3, 1, 3)
    assert against(results["risk-assessment-complete"]) == {
        "case-2025-002": "Annex 2 form incomplete",
        "case-2025-003": "no risk assessment yet",
    }
    assert figure(results["multi-sector-data"]) == (33.3, 1, 3)
    assert against(results["multi-sector-data"])["case-2025-002"] == "data collection not recorded"
    # assessed in 2025: 001, 002
    assert figure(results["assessment-3-sectors"]) == (50.0, 1, 2)
    assert against(results["assessment-3-sectors"]) == {"case-2025-002": "2 sectors (education, health)"}
    assert figure(results["risk-rationale"]) == (50.0, 1, 2)
    assert against(results["risk-rationale"]) == {"case-2025-002": "rationale not recorded"}
    assert figure(results["contextual-factors"]) == (50.0, 1, 2)
    empty = kpis(make_repo())
    for kpi in [
        "risk-assessment-complete",
        "multi-sector-data",
        "assessment-3-sectors",
        "risk-rationale",
        "contextual-factors",
    ]:
        assert not_applicable(empty[kpi]), kpi


# --- III. Individual Support Plan ---------------------------------------------------------


def test_isp_prepared_signed_and_consent(make_repo: Any) -> None:
    builder = make_repo()
    screened = {"date": "2025-02-01", "outcome": "eligible"}
    builder.add(
        "case",
        case(
            "case-2025-001",
            "2025-01-27",
            screening=screened,
            isp={"prepared": "2025-02-20", "signed": "2025-02-22", "consent": {"given": "2025-02-22"}},
        ),
    )
    builder.add("case", case("case-2025-002", "2025-01-28", screening=screened, isp={"prepared": "2025-02-21"}))
    builder.add("case", case("case-2025-003", "2025-01-29", screening=screened))  # no ISP yet
    builder.add(
        "case",
        case(
            "case-2025-004",
            "2025-01-30",
            screening=screened,
            status="closed",
            closure={"date": "2025-03-01", "reason": "consent-withdrawn"},
        ),
    )  # left before an ISP
    results = kpis(builder)
    assert figure(results["isp-prepared-signed"]) == (33.3, 1, 3)
    assert against(results["isp-prepared-signed"]) == {
        "case-2025-002": "ISP not signed",
        "case-2025-003": "no ISP prepared yet",
    }
    assert [a.record for a in results["isp-prepared-signed"].excluded] == ["case-2025-004"]
    # ISPs prepared in 2025: 001 and 002
    assert figure(results["isp-consent"]) == (50.0, 1, 2)
    assert against(results["isp-consent"]) == {"case-2025-002": "no informed consent recorded"}
    empty = kpis(make_repo())
    assert not_applicable(empty["isp-prepared-signed"])
    assert not_applicable(empty["isp-consent"])


def test_isp_reviewed_on_time(make_repo: Any) -> None:
    builder = make_repo()
    # reviewed 2025-05-20, within 12 months of approval 2024-06-01: settled in 2025, on time
    builder.add(
        "case",
        case(
            "case-2024-001",
            "2024-05-01",
            isp={"approved": "2024-06-01"},
            reviews=[{"date": "2025-05-20", "kind": "12-month"}],
        ),
    )
    # never reviewed: due 2025-03-01, in 2025: against
    builder.add("case", case("case-2024-002", "2024-02-01", isp={"approved": "2024-03-01"}))
    # agreed review date 2025-03-01, reviewed only 2025-04-01: against
    builder.add(
        "case",
        case(
            "case-2024-003",
            "2024-08-01",
            isp={"approved": "2024-09-01", "review_due": "2025-03-01"},
            reviews=[{"date": "2025-04-01", "kind": "6-month"}],
        ),
    )
    # approved 2025-03-01: due 2026-03-01, not in 2025
    builder.add("case", case("case-2025-001", "2025-02-01", isp={"approved": "2025-03-01"}))
    # closed before its review date: not judged
    builder.add(
        "case",
        case(
            "case-2024-004",
            "2024-01-10",
            isp={"approved": "2024-02-01"},
            status="closed",
            closure={"date": "2024-12-01"},
        ),
    )
    results = kpis(builder)
    result = results["isp-reviewed-on-time"]
    assert figure(result) == (33.3, 1, 3)
    assert against(result) == {
        "case-2024-002": "due for review by 2025-03-01; not reviewed",
        "case-2024-003": "due for review by 2025-03-01; first reviewed 2025-04-01",
    }
    assert not_applicable(kpis(make_repo())["isp-reviewed-on-time"])


def test_isp_multi_agency(make_repo: Any) -> None:
    builder = make_repo()
    builder.add(
        "case",
        case(
            "case-2025-001",
            "2025-01-10",
            isp={
                "prepared": "2025-02-01",
                "goals": [
                    {"area": "education", "responsible": ["school-1"]},
                    {"area": "health", "responsible": ["health-1"]},
                ],
            },
        ),
    )
    builder.add(
        "case",
        case(
            "case-2025-002",
            "2025-01-11",
            isp={
                "prepared": "2025-02-01",
                "goals": [
                    {"area": "education", "responsible": ["school-1"]},
                    {"area": "youth", "responsible": ["school-1"]},
                ],
            },
        ),
    )
    builder.add(
        "case",
        case(
            "case-2025-003",
            "2025-01-12",
            isp={
                "prepared": "2025-02-01",
                "goals": [{"area": "education", "responsible": ["school-1", "health-1"]}, {"area": "health"}],
            },
        ),
    )
    result = kpis(builder)["isp-multi-agency"]
    assert figure(result) == (33.3, 1, 3)
    assert against(result) == {
        "case-2025-002": "a single responsible institution",
        "case-2025-003": "a goal names no responsible institution",
    }
    assert not_applicable(kpis(make_repo())["isp-multi-agency"])


# --- IV. Case management and monitoring ---------------------------------------------------


def test_manager_assigned_within_3_days(make_repo: Any) -> None:
    builder = make_repo()
    builder.add(
        "case",
        case(
            "case-2025-001",
            "2025-02-01",
            isp={"approved": "2025-03-05"},
            case_manager={"member": "member-a", "assigned": "2025-03-08"},
        ),
    )  # 3 days: on time
    builder.add(
        "case",
        case(
            "case-2025-002",
            "2025-02-02",
            isp={"approved": "2025-03-05"},
            case_manager={"member": "member-a", "assigned": "2025-03-09"},
        ),
    )  # 4 days: late
    builder.add("case", case("case-2025-003", "2025-02-03", isp={"approved": "2025-06-29"}))  # due 07-02: pending
    builder.add("case", case("case-2025-004", "2025-02-04", isp={"approved": "2025-05-01"}))  # due 05-04: overdue
    result = kpis(builder, as_of=date(2025, 6, 30))["manager-3d"]
    assert figure(result) == (33.3, 1, 3)
    assert against(result) == {
        "case-2025-002": "case manager assigned 4 days after ISP approval",
        "case-2025-004": "no case manager assigned; due 2025-05-04",
    }
    assert [a.record for a in result.excluded] == ["case-2025-003"]
    assert not_applicable(kpis(make_repo())["manager-3d"])


def test_monthly_follow_up_and_face_to_face(make_repo: Any) -> None:
    builder = make_repo()
    # approved 20 January; judged 15 June: February to May are whole months due (June is not over)
    builder.add(
        "case",
        case(
            "case-2025-001",
            "2025-01-05",
            isp={"approved": "2025-01-20"},
            contacts=[
                {"date": "2025-01-25", "kind": "phone"},
                {"date": "2025-02-10", "kind": "face-to-face"},
                {"date": "2025-03-05", "kind": "phone"},
                {"date": "2025-05-20", "kind": "virtual"},
            ],
        ),
    )
    # under follow-up since 2024, closed 10 March: January and February 2025 are due
    builder.add(
        "case",
        case(
            "case-2024-001",
            "2024-10-01",
            isp={"approved": "2024-11-15"},
            status="closed",
            closure={"date": "2025-03-10"},
            contacts=[{"date": "2025-01-15", "kind": "phone"}],
        ),
    )
    # no ISP: not under follow-up
    builder.add("case", case("case-2025-002", "2025-01-06"))
    results = kpis(builder, as_of=date(2025, 6, 15))
    # case-months: 001 has 3 of 4, 2024-001 has 1 of 2
    assert figure(results["monthly-follow-up"]) == (66.7, 4, 6)
    assert against(results["monthly-follow-up"]) == {
        "case-2025-001": "no contact in 2025-04",
        "case-2024-001": "no contact in 2025-02",
    }
    assert figure(results["face-to-face"]) == (50.0, 1, 2)
    assert against(results["face-to-face"]) == {"case-2024-001": "no face-to-face contact in the period"}
    empty = kpis(make_repo())
    assert not_applicable(empty["monthly-follow-up"])
    assert not_applicable(empty["face-to-face"])


def test_progress_reports_on_time(make_repo: Any) -> None:
    builder = make_repo()
    builder.add(
        "case",
        case(
            "case-2025-001",
            "2025-01-05",
            progress_reports=[
                {"period": "2025-01", "due": "2025-02-10", "submitted": "2025-02-07"},  # on time
                {"period": "2025-02", "due": "2025-03-10", "submitted": "2025-03-12"},  # late
                {"period": "2025-03", "due": "2025-04-10"},  # never submitted
                {"period": "2025-04", "submitted": "2025-05-12"},  # no due date: due 10 days after April: late
                {"period": "2025-05", "due": "2025-06-20"},  # due after the as-of day
            ],
        ),
    )
    result = kpis(builder, as_of=date(2025, 6, 15))["progress-reports-on-time"]
    assert figure(result) == (25.0, 1, 4)
    assert against(result) == {
        "case-2025-001": "report for 2025-02 submitted 2025-03-12, due 2025-03-10; "
        "report for 2025-03 not submitted; due 2025-04-10; "
        "report for 2025-04 submitted 2025-05-12, due 2025-05-10"
    }
    assert result.excluded == ()
    assert not_applicable(kpis(make_repo())["progress-reports-on-time"])


def test_meetings_with_case_updates(make_repo: Any) -> None:
    builder = make_repo()
    builder.add("case", case("case-2025-001", "2025-01-05"))
    builder.add(
        "meeting", {"id": "lpsc-2025-03-12", "type": "lpsc", "date": "2025-03-12", "cases_discussed": ["case-2025-001"]}
    )
    builder.add("meeting", {"id": "lpsc-2025-06-11", "type": "lpsc", "date": "2025-06-11"})
    builder.add("meeting", {"id": "secr-2025-06-12", "type": "coordination-secretariat", "date": "2025-06-12"})
    result = kpis(builder)["meetings-case-updates"]
    assert figure(result) == (50.0, 1, 2)
    assert against(result) == {"lpsc-2025-06-11": "no cases discussed"}
    assert not_applicable(kpis(make_repo())["meetings-case-updates"])


def test_cross_sector_support(make_repo: Any) -> None:
    builder = make_repo()
    builder.add("institution", {"id": "school-1", "name": "School 1", "sector": "education"})
    builder.add("institution", {"id": "health-1", "name": "Health centre 1", "sector": "health"})
    # education (goal and school) + health (contact): two sectors
    builder.add(
        "case",
        case(
            "case-2025-001",
            "2025-01-05",
            isp={"approved": "2025-02-01", "goals": [{"area": "education", "responsible": ["school-1"]}]},
            contacts=[{"date": "2025-03-01", "kind": "home-visit", "sectors": ["health"]}],
        ),
    )
    # education only
    builder.add(
        "case",
        case(
            "case-2025-002",
            "2025-01-06",
            isp={"approved": "2025-02-01", "goals": [{"area": "education", "responsible": ["school-1"]}]},
        ),
    )
    # closed in 2024: not in the period
    builder.add(
        "case",
        case(
            "case-2024-001",
            "2024-01-06",
            isp={"approved": "2024-02-01"},
            status="closed",
            closure={"date": "2024-12-01"},
        ),
    )
    results = kpis(builder)
    assert figure(results["cross-sector-support"]) == (50.0, 1, 2)
    assert against(results["cross-sector-support"]) == {"case-2025-002": "supported by education only"}
    assert not_applicable(kpis(make_repo())["cross-sector-support"])
    assert results["action-logs"].computable is False


# --- V. Coordination ----------------------------------------------------------------------


def test_member_participation(make_repo: Any) -> None:
    builder = make_repo()
    builder.add(
        "meeting",
        {
            "id": "lpsc-2025-03-12",
            "type": "lpsc",
            "date": "2025-03-12",
            "attendance": [
                {"member": "member-a", "status": "present"},
                {"member": "member-b", "status": "virtual"},
                {"member": "member-c", "status": "excused", "explanation_received": "2025-03-11"},
                {"member": "member-d", "status": "absent"},
            ],
        },
    )
    builder.add(
        "meeting",
        {
            "id": "lpsc-2025-06-11",
            "type": "lpsc",
            "date": "2025-06-11",
            "attendance": [
                {"member": "member-a", "status": "present"},
                {"member": "member-b", "status": "present", "delegate": "member-e"},
            ],
        },
    )
    builder.add("meeting", {"id": "lpsc-2025-09-10", "type": "lpsc", "date": "2025-09-10"})  # no attendance list
    results = kpis(builder)
    # member-meetings: 2 of 4, then 2 of 2
    assert figure(results["member-participation"]) == (66.7, 4, 6)
    assert against(results["member-participation"]) == {"lpsc-2025-03-12": "member-c excused, member-d absent"}
    assert [a.record for a in results["member-participation"].excluded] == ["lpsc-2025-09-10"]
    assert results["sector-input"].computable is False
    assert results["virtual-input-recorded"].computable is False
    assert not_applicable(kpis(make_repo())["member-participation"])


def test_expert_consultations(make_repo: Any) -> None:
    builder = make_repo()
    builder.add(
        "case",
        case(
            "case-2025-001",
            "2025-01-05",
            expert_consultations=[
                {"date": "2025-03-01", "sector": "health", "required": True, "held": True},
                {"date": "2025-04-01", "sector": "justice", "required": True, "held": False},
                {"date": "2025-04-02", "sector": "education", "required": False},
            ],
        ),
    )
    builder.add(
        "case",
        case(
            "case-2024-001",
            "2024-01-05",
            expert_consultations=[{"date": "2024-05-01", "sector": "health", "required": True, "held": False}],
        ),
    )  # outside the period
    result = kpis(builder)["expert-consultations"]
    assert figure(result) == (50.0, 1, 2)
    assert against(result) == {"case-2025-001": "required justice consultation of 2025-04-01 not held"}
    assert not_applicable(kpis(make_repo())["expert-consultations"])


# --- VI. Outcomes and closure; VIII. Transfers --------------------------------------------


def test_closure_indicators(make_repo: Any) -> None:
    builder = make_repo()
    builder.add(
        "case",
        case(
            "case-2025-001",
            "2025-01-05",
            status="closed",
            closure={
                "date": "2025-03-01",
                "reason": "goals-achieved",
                "goals_achieved": "all",
                "report_completed": "2025-03-01",
                "mainstream_services_continue": True,
                "exit_notification": {"sent": "2025-03-03", "to": "guardian"},
            },
            reopened=[{"date": "2025-09-01", "reason": "recurring-concern"}],
        ),
    )
    builder.add(
        "case",
        case(
            "case-2025-002",
            "2025-01-06",
            status="closed",
            closure={
                "date": "2025-05-01",
                "reason": "other",
                "goals_achieved": "partial",
                "mainstream_services_continue": False,
            },
            reopened=[{"date": "2025-06-01", "reason": "new-concern"}],
        ),
    )  # a new concern: not a recurrence
    builder.add("case", case("case-2024-001", "2024-01-06", status="closed", closure={"date": "2024-12-01"}))
    results = kpis(builder)
    assert figure(results["isp-goals-achieved"]) == (50.0, 1, 2)
    assert against(results["isp-goals-achieved"]) == {"case-2025-002": "goals achieved: partial"}
    assert figure(results["closure-reports"]) == (50.0, 1, 2)
    assert figure(results["continued-services"]) == (50.0, 1, 2)
    assert figure(results["exit-notifications"]) == (50.0, 1, 2)
    assert against(results["exit-notifications"]) == {"case-2025-002": "no exit notification sent"}
    # re-opened within 12 months: lower is better, and the re-opened case counts against
    reopened = results["reopened-12m"]
    assert figure(reopened) == (50.0, 1, 2)
    assert against(reopened) == {"case-2025-001": "closed 2025-03-01, re-opened 2025-09-01 (~6 months later)"}
    assert reopened.better == "lower"
    empty = kpis(make_repo())
    for kpi in ["isp-goals-achieved", "closure-reports", "continued-services", "reopened-12m", "exit-notifications"]:
        assert not_applicable(empty[kpi]), kpi


def test_transfers(make_repo: Any) -> None:
    builder = make_repo()
    builder.add(
        "case",
        case(
            "case-2025-001",
            "2025-01-05",
            status="transferred",
            transfer={"to": "librazhd", "date": "2025-05-01", "documents_complete": True, "acknowledged": "2025-05-06"},
        ),
    )
    builder.add(
        "case",
        case(
            "case-2025-002",
            "2025-01-06",
            status="transferred",
            transfer={"to": "cerrik", "date": "2025-06-01", "documents_complete": False},
        ),
    )
    builder.add(
        "case",
        case("case-2025-003", "2025-01-07", status="closed", closure={"date": "2025-07-01", "reason": "relocated"}),
    )
    builder.add(
        "case",
        case(
            "case-2025-004",
            "2025-02-01",
            received_from={"council": "pogradec", "date": "2025-02-01", "documents_complete": True},
        ),
    )
    results = kpis(builder)
    assert figure(results["transfers-appropriate"]) == (33.3, 1, 3)
    assert against(results["transfers-appropriate"]) == {
        "case-2025-002": "transfer to cerrik not acknowledged",
        "case-2025-003": "closed as relocated without a transfer to the new council",
    }
    # two transfers out, one in
    assert figure(results["transfers-documented"]) == (66.7, 2, 3)
    assert against(results["transfers-documented"]) == {"case-2025-002": "transfer to cerrik: documents not complete"}
    empty = kpis(make_repo())
    assert not_applicable(empty["transfers-appropriate"])
    assert not_applicable(empty["transfers-documented"])


# --- VII. Data protection -----------------------------------------------------------------


def test_data_protection(make_repo: Any) -> None:
    builder = make_repo()
    member = {"name": "Invented Person", "institution": "municipality-testville"}
    builder.add(
        "member",
        {
            "id": "member-a",
            **member,
            "term": {"from": "2024-09-01"},
            "confidentiality_declaration": {"signed": "2024-09-20"},
        },
    )
    builder.add("member", {"id": "member-b", **member})  # no declaration
    builder.add("member", {"id": "member-c", **member, "confidentiality_declaration": {"signed": "2026-01-10"}})
    builder.add("member", {"id": "member-d", **member, "term": {"from": "2022-01-01", "to": "2024-12-31"}})  # gone
    builder.add(
        "case",
        case("case-2025-001", "2025-01-05", sealed={"readers": ["member-a"], "parts": ["identity"], "age": SEALED}),
    )
    builder.add("case", case("case-2025-002", "2025-01-06"))
    builder.add("case", case("case-2024-001", "2024-01-06", status="closed", closure={"date": "2024-06-01"}))
    builder.add(
        "meeting",
        {
            "id": "lpsc-2025-03-12",
            "type": "lpsc",
            "date": "2025-03-12",
            "minutes": {"status": "signed", "submitted": {"cve": "2025-03-20", "nccs": "2025-03-20"}},
        },
    )
    builder.add(
        "meeting",
        {
            "id": "lpsc-2025-06-11",
            "type": "lpsc",
            "date": "2025-06-11",
            "minutes": {"status": "signed", "submitted": {"cve": "2025-06-20"}},
        },
    )
    builder.add("meeting", {"id": "lpsc-2025-09-10", "type": "lpsc", "date": "2025-09-10"})
    results = kpis(builder)
    assert figure(results["confidentiality-declarations"]) == (33.3, 1, 3)
    assert against(results["confidentiality-declarations"]) == {
        "member-b": "no confidentiality declaration",
        "member-c": "declaration signed only on 2026-01-10",
    }
    assert figure(results["sealed-files"]) == (50.0, 1, 2)
    assert against(results["sealed-files"]) == {"case-2025-002": "identity and narrative not sealed"}
    assert figure(results["minutes-submitted"]) == (33.3, 1, 3)
    assert against(results["minutes-submitted"]) == {
        "lpsc-2025-06-11": "minutes not submitted to NCCS",
        "lpsc-2025-09-10": "minutes not submitted to CVE and NCCS",
    }
    assert results["files-data-protection"].computable is False
    empty = kpis(make_repo())
    for kpi in ["confidentiality-declarations", "sealed-files", "minutes-submitted"]:
        assert not_applicable(empty[kpi]), kpi


# --- IX. Review and learning --------------------------------------------------------------


def test_reviews_at_6_and_12_months(make_repo: Any) -> None:
    builder = make_repo()
    # points 2025-04-15 (due 04-30, reviewed 04-20: met) and 2025-10-15 (due 10-30, reviewed 12-01: late)
    builder.add(
        "case",
        case(
            "case-2024-001",
            "2024-09-01",
            isp={"approved": "2024-10-15"},
            reviews=[
                {"date": "2025-04-20", "kind": "6-month", "isp_adjusted": True, "lessons_captured": True},
                {"date": "2025-12-01", "kind": "12-month", "services_adjusted": True},
            ],
        ),
    )
    # point 2025-09-01, reviewed early, 08-15: met
    builder.add(
        "case",
        case(
            "case-2025-001",
            "2025-02-01",
            isp={"approved": "2025-03-01"},
            reviews=[{"date": "2025-08-15", "kind": "6-month"}],
        ),
    )
    # point 2025-12-20, due 2026-01-04: pending
    builder.add("case", case("case-2025-002", "2025-05-01", isp={"approved": "2025-06-20"}))
    results = kpis(builder)
    assert figure(results["reviews-6-12"]) == (66.7, 2, 3)
    assert against(results["reviews-6-12"]) == {"case-2024-001": "12-month review held 2025-12-01, due by 2025-10-30"}
    assert [a.record for a in results["reviews-6-12"].excluded] == ["case-2025-002"]
    # three reviews in 2025: two adjusted something, one captured lessons
    assert figure(results["reviews-adjusted"]) == (66.7, 2, 3)
    assert against(results["reviews-adjusted"]) == {"case-2025-001": "review of 2025-08-15 adjusted nothing"}
    assert figure(results["lessons-learned"]) == (33.3, 1, 3)
    empty = kpis(make_repo())
    for kpi in ["reviews-6-12", "reviews-adjusted", "lessons-learned"]:
        assert not_applicable(empty[kpi]), kpi


def test_annual_review(make_repo: Any) -> None:
    builder = make_repo()
    builder.add(
        "report",
        {
            "id": "annual-2025",
            "kind": "annual-activity",
            "period": "2025",
            "submitted": "2026-01-20",
            "to": ["cve", "nccs"],
        },
    )
    results = kpis(builder, as_of=date(2026, 2, 1))
    assert (results["annual-review"].value, results["annual-review"].met) == (True, True)
    assert results["annual-review"].counted == ("annual-2025",)
    # before the year is over the report is not yet due
    pending = kpis(builder, as_of=date(2025, 12, 31))["annual-review"]
    assert pending.value is None
    assert pending.reason == "not yet due: the annual report for 2025 follows the year's end"
    # a year without a report
    late = kpis(make_repo(), as_of=date(2026, 2, 1))["annual-review"]
    assert (late.value, late.met, late.reason) == (False, False, "no annual activity report submitted for 2025")
    # a half-year holds no year end
    half = kpis(builder, as_of=date(2026, 2, 1), period=(date(2025, 1, 1), date(2025, 6, 30)))["annual-review"]
    assert half.value is None
    assert half.reason == "not applicable: the period contains no year end"
