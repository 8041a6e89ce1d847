"""When a case is open, followed and ended (`lpsc_cli.lifecycle`), and everyone reading it alike.

The rules (contact-monthly, isp-review, prefect-reports, emergency-24h), the indicators
(monthly-follow-up, reviews-6-12, emergencies-24h), the reports (Prefect, annual) and the case
commands all ask `lpsc_cli.lifecycle`; a re-opened case is where they used to disagree.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from lpsc_cli.documents.reports import caseload
from lpsc_cli.indicators.follow_up import follow_up_months
from lpsc_cli.indicators.scope import CaseFile, Scope
from lpsc_cli.lifecycle import (
    OpenPeriod,
    emergency_window,
    ended_by,
    followed_periods,
    is_open,
    open_between,
    open_periods,
    status_on,
)
from tests.support.indicators import case, kpis
from tests.support.rules import judged

D = date.fromisoformat

#: Closed 2025-03-01, re-opened 2025-04-01 (the example of the review).
REOPENED = case(
    "case-2025-001",
    "2025-02-10T09:30",
    status="active",
    screening={"date": "2025-02-12", "outcome": "eligible"},
    closure={"date": "2025-03-01", "reason": "goals-achieved"},
    reopened=[{"date": "2025-04-01", "reason": "recurring-concern"}],
)


def test_a_reopened_case_is_open_until_its_closure_and_again_from_the_reopening() -> None:
    periods = open_periods(REOPENED)
    assert periods == (
        OpenPeriod(D("2025-02-10"), D("2025-03-01"), "closed"),
        OpenPeriod(D("2025-04-01"), None, None, reopened=True),
    )
    assert [is_open(periods, D(day)) for day in ("2025-02-09", "2025-02-10", "2025-03-01", "2025-03-02",
                                                 "2025-03-31", "2025-04-01", "2026-01-01")] == [
        False, True, True, False, False, True, True,
    ]  # fmt: skip
    assert open_between(periods, D("2025-03-02"), D("2025-03-31")) is False
    assert open_between(periods, D("2025-03-15"), D("2025-04-01")) is True
    assert ended_by(periods, D("2025-03-15")) == D("2025-03-01")
    assert ended_by(periods, D("2025-04-15")) is None


def test_status_on_a_day_follows_the_dated_steps_and_the_reopening() -> None:
    statuses = [status_on(REOPENED, D(day)) for day in ("2025-02-09", "2025-02-10", "2025-02-12", "2025-03-01",
                                                         "2025-03-20", "2025-04-01")]  # fmt: skip
    assert statuses == [None, "referred", "screening", "closed", "closed", "active"]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # not eligible: ends on the screening day
        ({"screening": {"date": "2025-02-12", "outcome": "not-eligible"}, "status": "not-eligible"},
         (OpenPeriod(D("2025-02-10"), D("2025-02-12"), "not-eligible"),)),
        # referred elsewhere: ends on the screening day, closed (issue 11: it stayed open for ever)
        ({"screening": {"date": "2025-02-12", "outcome": "refer-elsewhere"}, "status": "screening"},
         (OpenPeriod(D("2025-02-10"), D("2025-02-12"), "closed"),)),
        ({"transfer": {"to": "librazhd", "date": "2025-05-02"}, "status": "transferred"},
         (OpenPeriod(D("2025-02-10"), D("2025-05-02"), "transferred"),)),
        # closed again after a re-opening: only the last closure is recorded, so no break
        ({"closure": {"date": "2025-06-01"}, "reopened": [{"date": "2025-04-01"}], "status": "closed"},
         (OpenPeriod(D("2025-02-10"), D("2025-06-01"), "closed"),)),
        # said to be closed with no date (lpsc check reports it): ends on its last known step
        ({"status": "closed", "registered": "2025-02-11"},
         (OpenPeriod(D("2025-02-10"), D("2025-02-11"), "closed"),)),
    ],
)  # fmt: skip
def test_ends_of_a_case(fields: dict[str, Any], expected: tuple[OpenPeriod, ...]) -> None:
    assert open_periods(case("case-2025-001", "2025-02-10T09:30", **fields)) == expected


def test_follow_up_runs_from_the_assignment_else_the_isp_approval() -> None:
    managed = {**REOPENED, "case_manager": {"member": "member-x", "assigned": "2025-02-20"}}
    assert followed_periods(managed) == (
        OpenPeriod(D("2025-02-20"), D("2025-03-01"), "closed"),
        OpenPeriod(D("2025-04-01"), None, None, reopened=True),
    )
    approved_only = {**REOPENED, "isp": {"approved": "2025-02-18"}}
    assert followed_periods(approved_only)[0].start == D("2025-02-18")
    assert followed_periods(REOPENED) == ()
    late = {**REOPENED, "case_manager": {"member": "member-x", "assigned": "2025-04-10"}}
    assert followed_periods(late) == (OpenPeriod(D("2025-04-10"), None, None, reopened=True),)


# --- everyone agrees on a re-opened case ------------------------------------------------------

#: Referred 10 Jan, ISP approved 14 Jan, manager 15 Jan, closed 5 Mar, re-opened 10 May 2025.
#: Open: January to 5 March, and from 10 May. Followed: 15 Jan to 5 Mar, and from 10 May.
#: Months due for a contact (whole months under follow-up): February; June and July.
#: The 6-month ISP review falls on 14 July, while the case is open again.
LIFE = case(
    "case-2025-001",
    "2025-01-10T09:00",
    status="active",
    isp={"approved": "2025-01-14"},
    case_manager={"member": "member-x", "assigned": "2025-01-15"},
    contacts=[{"date": "2025-02-03", "kind": "phone"}, {"date": "2025-06-05", "kind": "face-to-face"}],
    closure={"date": "2025-03-05", "reason": "goals-achieved"},
    reopened=[{"date": "2025-05-10", "reason": "recurring-concern"}],
)
JULY_END = date(2025, 7, 31)


def test_rules_indicators_and_reports_agree_on_a_reopened_case(make_repo: Any) -> None:
    builder = make_repo()
    builder.config(coverage={"from": "2025-01-01", "to": "2025-12-31"})
    builder.add("case", LIFE)

    contacts = judged(builder, "contact-monthly", JULY_END)
    assert sorted((i.period, i.status) for i in contacts) == [
        ("2025-02", "met"), ("2025-06", "met"), ("2025-07", "due-soon"),
    ]  # fmt: skip
    scope = Scope(builder.load(), start=date(2025, 1, 1), end=JULY_END, as_of=JULY_END)
    months = follow_up_months(CaseFile.of(scope.repo.get("case", "case-2025-001")), scope)
    assert months == ["2025-02", "2025-06", "2025-07"]  # the same months as the rule

    prefect = judged(builder, "prefect-reports", JULY_END)
    monthly = sorted(i.period for i in prefect if i.period and "Q" not in i.period)
    assert monthly == ["2025-01", "2025-02", "2025-03", "2025-05", "2025-06", "2025-07"]  # April: closed all month

    review = judged(builder, "isp-review", date(2025, 12, 31))
    assert [str(i.due) for i in review] == ["2025-07-29"]  # 14 July + 15 days: open again (Jan 2026: not covered)
    results = kpis(builder)
    assert (results["reviews-6-12"].numerator, results["reviews-6-12"].denominator) == (0, 1)  # 14 July only
    assert results["monthly-follow-up"].denominator == 8  # February, June to December on 31 Dec

    cases = list(builder.load().of("case"))
    april = caseload(cases, date(2025, 4, 1), date(2025, 4, 30))
    may = caseload(cases, date(2025, 5, 1), date(2025, 5, 31))
    assert (april["open"], may["open"], may["active_end"]) == (0, 1, 1)


def test_the_rule_the_indicator_and_the_reports_read_emergencies_alike(make_repo: Any) -> None:
    """Addressed 10 hours after receipt with no escalation time recorded: in time for all three."""
    builder = make_repo()
    builder.config(coverage={"from": "2025-01-01", "to": "2025-12-31"})
    in_time = case(
        "case-2025-001", "2025-03-12T20:00", referral={"emergency": True, "addressed_at": "2025-03-13T06:00"}
    )
    late = case("case-2025-002", "2025-03-12T20:00", referral={"emergency": True, "escalated_at": "2025-03-12T21:00",
                                                                "addressed_at": "2025-03-14T08:00"})  # fmt: skip
    builder.add("case", in_time)
    builder.add("case", late)
    window = emergency_window(in_time)
    assert window is not None and (window.hours_taken, window.in_time) == (10.0, True)

    assert sorted((i.record, i.status) for i in judged(builder, "emergency-24h", date(2025, 3, 31))) == [
        ("case-2025-001", "met"), ("case-2025-002", "met-late"),
    ]  # fmt: skip
    indicator = kpis(builder)["emergencies-24h"]
    assert (indicator.numerator, indicator.denominator) == (1, 2)
    figures = caseload(list(builder.load().of("case")), date(2025, 3, 1), date(2025, 3, 31))
    assert (figures["emergencies"], figures["emergencies_24h"]) == (2, 1)


def test_the_case_commands_refuse_steps_on_an_ended_case_and_allow_them_after_a_reopening(make_repo: Any) -> None:
    from lpsc_cli.editing import cases, core
    from lpsc_cli.errors import RecordError

    builder = make_repo()
    builder.add("case", {**REOPENED, "status": "closed", "reopened": []})
    contact = cases.Contact(date="2025-03-20", kind="phone")
    options = core.WriteOptions(dry_run=True)
    with pytest.raises(RecordError, match="case-2025-001 is closed; reopen it first"):
        cases.contact(builder.load(), "case-2025-001", contact, options=options)
    builder.add("case", REOPENED)
    assert cases.contact(builder.load(), "case-2025-001", contact, options=options).action == "dry-run"
