"""Rules on cases (A Annex 3): per rule met, met-late, overdue, due-soon and the calendar edges."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from tests.support.rules import YEAR_2025, Build, brief, case, judged, one

MANAGER = {"member": "member-case-manager", "assigned": "2025-03-07"}


# --- screening-5wd (A Annex 3 I) -----------------------------------------------------------------

# Mon 2025-03-10: 11, 12, 13, (14 Summer Day), 17, 18 -> due Tue 2025-03-18


@pytest.mark.parametrize(
    ("screened", "as_of", "expected"),
    [
        ("2025-03-18", date(2025, 3, 31), ("2025-03-18", "met", 0)),
        ("2025-03-13", date(2025, 3, 31), ("2025-03-18", "met", 2)),
        ("2025-03-19", date(2025, 3, 31), ("2025-03-18", "met-late", -1)),
        (None, date(2025, 3, 20), ("2025-03-18", "overdue", -2)),
        (None, date(2025, 3, 12), ("2025-03-18", "due-soon", 3)),
        (None, date(2025, 2, 1), ("2025-03-18", "upcoming", 31)),  # 20 in Feb, 11 in Mar
    ],
)
def test_screening_5wd(make_repo: Build, screened: str | None, as_of: date, expected: tuple[Any, ...]) -> None:
    builder = make_repo()
    fields = {"screening": {"date": screened, "outcome": "eligible"}} if screened else {}
    builder.add("case", case(1, "2025-03-10T09:30", **fields))
    item = one(builder, "screening-5wd", as_of)
    assert brief([item]) == [expected]
    assert item.path == (("screening", "date") if screened else ("referral", "received"))


@pytest.mark.parametrize(
    ("received", "closures", "due"),
    [
        ("2025-03-20T10:00", [], "2025-03-28"),  # 21, (24 Nowruz observed), 25, 26, 27, 28
        ("2025-12-30T10:00", [], "2026-01-08"),  # 31, (1-2 Jan, weekend), 5, 6, 7, 8
        ("2025-12-22T10:00", [], "2025-12-30"),  # 23, 24, (25 Christmas), 26, 29, 30
        ("2025-12-22T10:00", ["2025-12-24"], "2025-12-31"),  # the municipality closes on 24 Dec
        ("2028-02-24T10:00", [], "2028-03-03"),  # 25, (28 Eid observed), 29 leap day, 1, 2, 3 Mar
    ],
)
def test_screening_deadline_edges(make_repo: Build, received: str, closures: list[str], due: str) -> None:
    builder = make_repo()
    builder.config(calendar={"closures": closures})
    builder.add("case", case(1, received))
    assert one(builder, "screening-5wd", date(2020, 1, 1)).due == date.fromisoformat(due)


# --- emergency-24h (A Annex 3 I) ---------------------------------------------------------------------


def _emergency(received: str, escalated: str | None, addressed: str | None) -> dict[str, Any]:
    referral: dict[str, Any] = {"emergency": True}
    referral.update({k: v for k, v in (("escalated_at", escalated), ("addressed_at", addressed)) if v})
    return case(1, received, referral=referral)


@pytest.mark.parametrize(
    ("addressed", "as_of", "expected"),
    [
        ("2025-03-13T19:30", date(2025, 3, 31), ("2025-03-13 20:00:00", "met", 0)),  # across midnight
        ("2025-03-13T20:30", date(2025, 3, 31), ("2025-03-13 20:00:00", "met-late", -1)),
        (None, date(2025, 3, 14), ("2025-03-13 20:00:00", "overdue", -1)),
        (None, date(2025, 3, 13), ("2025-03-13 20:00:00", "due-soon", 0)),
    ],
)
def test_emergency_24h(make_repo: Build, addressed: str | None, as_of: date, expected: tuple[Any, ...]) -> None:
    builder = make_repo()
    builder.add("case", _emergency("2025-03-12T20:00", "2025-03-12T21:00", addressed))
    item = one(builder, "emergency-24h", as_of)
    assert brief([item]) == [expected]
    if addressed == "2025-03-13T20:30":
        assert item.message.endswith("done 2025-03-13T20:30, 0.5 hours late (due 2025-03-13T20:00)")


@pytest.mark.parametrize(
    ("received", "addressed", "due", "status"),
    [
        # spring forward: 24 clock hours after Sat 22:00 end at Sun 23:00 on the wall
        ("2025-03-29T22:00", "2025-03-30T22:30", datetime(2025, 3, 30, 23, 0), "met"),
        # fall back: 24 clock hours after Sat 22:00 end at Sun 21:00 on the wall
        ("2025-10-25T22:00", "2025-10-26T21:30", datetime(2025, 10, 26, 21, 0), "met-late"),
    ],
)
def test_emergency_window_across_dst(
    make_repo: Build, received: str, addressed: str, due: datetime, status: str
) -> None:
    builder = make_repo()
    builder.add("case", _emergency(received, received, addressed))
    item = one(builder, "emergency-24h", date(2025, 12, 31))
    assert (item.due, item.status) == (due, status)


def test_emergency_is_judged_on_addressed_at_alone_and_ignores_ordinary_referrals(make_repo: Build) -> None:
    # "addressed within 24 hours" (A Annex 3 I) asks for addressed_at, as the indicator counts it;
    # an escalation recorded late or not at all does not make the referral late
    builder = make_repo()
    builder.add("case", _emergency("2025-03-12T20:00", None, "2025-03-13T10:00"))
    builder.add("case", case(2, "2025-03-12T20:00"))
    late_escalation = {"emergency": True, "escalated_at": "2025-03-14T08:00", "addressed_at": "2025-03-13T19:00"}
    builder.add("case", case(3, "2025-03-12T20:00", referral=late_escalation))
    assert brief(judged(builder, "emergency-24h", date(2025, 3, 31))) == [
        ("2025-03-13 20:00:00", "met", 0),
        ("2025-03-13 20:00:00", "met", 0),
    ]


# --- manager-3d (A Annex 3 IV) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("assigned", "as_of", "expected"),
    [
        ("2025-03-07", date(2025, 3, 31), ("2025-03-08", "met", 1)),  # calendar days: Sat 8 Mar
        ("2025-03-09", date(2025, 3, 31), ("2025-03-08", "met-late", -1)),
        (None, date(2025, 3, 10), ("2025-03-08", "overdue", -2)),
        (None, date(2025, 3, 6), ("2025-03-08", "due-soon", 2)),
    ],
)
def test_manager_3d(make_repo: Build, assigned: str | None, as_of: date, expected: tuple[Any, ...]) -> None:
    builder = make_repo()
    fields: dict[str, Any] = {"isp": {"approved": "2025-03-05"}}
    if assigned:
        fields["case_manager"] = {"member": "member-case-manager", "assigned": assigned}
    builder.add("case", case(1, "2025-02-10T09:30", **fields))
    assert brief([one(builder, "manager-3d", as_of)]) == [expected]


# --- contact-monthly (A Annex 3 IV) ---------------------------------------------------------------------


def test_contact_monthly_from_the_month_after_assignment(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(**YEAR_2025)
    contacts = [{"date": "2025-04-03", "kind": "face-to-face"}, {"date": "2025-06-20", "kind": "home-visit"}]
    builder.add("case", case(1, "2025-02-10T09:30", case_manager=MANAGER, contacts=contacts))
    items = judged(builder, "contact-monthly", date(2025, 6, 25))
    assert [(i.period, *brief([i])[0]) for i in items] == [
        ("2025-05", "2025-05-31", "overdue", -25),
        ("2025-04", "2025-04-30", "met", 27),
        ("2025-06", "2025-06-30", "met", 10),
    ]


def test_contact_monthly_stops_at_closure(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(**YEAR_2025)
    contacts = [{"date": "2025-04-03", "kind": "phone"}, {"date": "2025-05-30", "kind": "phone"}]
    builder.add(
        "case",
        case(
            1,
            "2025-02-10T09:30",
            status="closed",
            case_manager=MANAGER,
            contacts=contacts,
            closure={"date": "2025-05-31"},
        ),
    )
    items = judged(builder, "contact-monthly", date(2025, 12, 31))
    assert [(i.period, i.status) for i in items] == [("2025-04", "met"), ("2025-05", "met")]


# --- isp-review (A Annex 3 III, IX) ----------------------------------------------------------------------


def test_isp_review_at_6_and_12_months(make_repo: Build) -> None:
    builder = make_repo()
    reviews = [{"date": "2025-09-05", "kind": "6-month", "isp_adjusted": True}]
    builder.add("case", case(1, "2025-02-10T09:30", isp={"approved": "2025-03-05"}, reviews=reviews))
    # 5 Sep 2025 and 5 Mar 2026, with 15 days of grace
    assert brief(judged(builder, "isp-review", date(2026, 3, 1))) == [
        ("2025-09-20", "met", 15),
        ("2026-03-20", "upcoming", 19),
    ]
    assert brief(judged(builder, "isp-review", date(2026, 3, 23)))[0] == ("2026-03-20", "overdue", -3)


def test_isp_review_six_months_after_the_end_of_august_is_leap_day(make_repo: Build) -> None:
    builder = make_repo()
    reviews = [{"date": "2028-02-29", "kind": "ad-hoc"}, {"date": "2028-09-20", "kind": "ad-hoc"}]
    builder.add("case", case(1, "2027-07-10T09:30", isp={"approved": "2027-08-31"}, reviews=reviews))
    assert brief(judged(builder, "isp-review", date(2028, 12, 31))) == [
        ("2028-03-15", "met", 15),  # 31 Aug + 6 months = 29 Feb 2028, + 15 days
        ("2028-09-15", "met-late", -5),  # 31 Aug 2028 + 15 days; second review on 20 Sep
    ]


def test_isp_review_not_due_once_the_case_is_closed(make_repo: Build) -> None:
    builder = make_repo()
    builder.add(
        "case",
        case(1, "2025-02-10T09:30", status="closed", isp={"approved": "2025-03-05"}, closure={"date": "2025-08-01"}),
    )
    assert judged(builder, "isp-review", date(2026, 6, 1)) == []


# --- consent-recorded (A Annex 3 III) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "as_of", "expected"),
    [
        ("2025-03-04", date(2025, 3, 31), ("2025-03-05", "met", 1)),
        ("2025-03-06", date(2025, 3, 31), ("2025-03-05", "met-late", -1)),
        (None, date(2025, 3, 10), ("2025-03-05", "overdue", -5)),
    ],
)
def test_consent_recorded(make_repo: Build, given: str | None, as_of: date, expected: tuple[Any, ...]) -> None:
    builder = make_repo()
    isp: dict[str, Any] = {"prepared": "2025-03-03", "approved": "2025-03-04", "signed": "2025-03-05"}
    if given:
        isp["consent"] = {"given": given, "by": "guardian"}
    builder.add("case", case(1, "2025-02-10T09:30", isp=isp))
    assert brief([one(builder, "consent-recorded", as_of)]) == [expected]


# --- red-flag-reported (A §3.6.4) --------------------------------------------------------------------------


def test_red_flag_reported_to_both_coordinators(make_repo: Build) -> None:
    builder = make_repo()
    builder.add(
        "case",
        case(
            1, "2025-03-10T09:30", red_flag=True, reported={"regional_cve": "2025-03-12", "national_cve": "2025-03-13"}
        ),
    )
    builder.add("case", case(2, "2025-03-10T10:00", red_flag=True, reported={"regional_cve": "2025-03-12"}))
    builder.add("case", case(3, "2025-03-10T11:00", red_flag=False))
    items = judged(builder, "red-flag-reported", date(2025, 3, 20))
    # due 5 working days after Mon 10 Mar: 18 Mar (14 Mar is Summer Day)
    assert [(i.record, *brief([i])[0]) for i in items] == [
        ("case-2025-002", "2025-03-18", "overdue", -2),
        ("case-2025-001", "2025-03-18", "met", 2),
    ]


# --- closure-complete (A Annex 3 VI) ------------------------------------------------------------------------


def test_closure_complete(make_repo: Build) -> None:
    builder = make_repo()
    closure = {
        "date": "2025-11-28",
        "report_completed": "2025-11-28",
        "exit_notification": {"sent": "2025-12-01", "to": "guardian"},
    }
    builder.add("case", case(1, "2025-02-10T09:30", status="closed", closure=closure))
    builder.add(
        "case",
        case(2, "2025-02-11T09:30", status="closed", closure={"date": "2025-11-28", "report_completed": "2025-11-28"}),
    )
    # 10 working days after Fri 28 Nov (itself a holiday): (1 Dec observed), 2-5, (8 Dec), 9-12, 15, 16
    items = judged(builder, "closure-complete", date(2025, 12, 18))
    assert [(i.record, *brief([i])[0]) for i in items] == [
        ("case-2025-002", "2025-12-16", "overdue", -2),
        ("case-2025-001", "2025-12-16", "met", 10),
    ]


# --- transfer-documented (A Annex 3 VIII) ---------------------------------------------------------------------


def test_transfer_documented(make_repo: Build) -> None:
    builder = make_repo()
    done = {"to": "librazhd", "date": "2025-10-01", "documents_complete": True, "acknowledged": "2025-10-06"}
    builder.add("case", case(1, "2025-02-10T09:30", status="transferred", transfer=done))
    builder.add(
        "case", case(2, "2025-02-11T09:30", status="transferred", transfer={**done, "documents_complete": False})
    )
    builder.add(
        "case",
        case(
            3,
            "2025-02-12T09:30",
            status="transferred",
            transfer={"to": "librazhd", "date": "2025-10-01", "documents_complete": True},
        ),
    )
    # due 10 working days after Wed 1 Oct: 2, 3, 6, 7, 8, 9, 10, 13, 14, 15
    items = judged(builder, "transfer-documented", date(2025, 10, 17))
    assert [(i.record, *brief([i])[0]) for i in items] == [
        ("case-2025-002", "2025-10-15", "overdue", -2),
        ("case-2025-001", "2025-10-15", "met", 7),
        ("case-2025-003", "2025-10-15", "met", 10),
    ]


def test_case_obligations_need_no_other_records_nor_coverage(make_repo: Build) -> None:
    builder = make_repo()  # no coverage, no meetings: months start with the case itself
    contacts = [{"date": "2025-04-03", "kind": "phone"}]
    builder.add("case", case(1, "2025-02-10T09:30", case_manager=MANAGER, contacts=contacts))
    assert [(i.period, i.status) for i in judged(builder, "contact-monthly", date(2025, 5, 10))] == [
        ("2025-04", "met"),
        ("2025-05", "upcoming"),
    ]
    prefect = judged(builder, "prefect-reports", date(2025, 3, 5))
    assert [(i.period, i.status) for i in prefect] == [
        ("2025-02", "due-soon"),
        ("2025-03", "upcoming"),
        ("2025-Q1", "upcoming"),
    ]
