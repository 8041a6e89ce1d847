"""The indicator registry and the council KPI table (A §3.6.3), each value worked out by hand."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from lpsc_cli.errors import ConfigurationError, UsageError
from lpsc_cli.indicators import REGISTRY, indicators
from tests.support.indicators import against, case, kpis

# --- the registry -------------------------------------------------------------------------


def test_every_indicator_is_defined_and_sourced() -> None:
    for indicator in REGISTRY.select("all"):
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", indicator.id)
        assert indicator.title["en"] and indicator.title["sq"], indicator.id
        assert indicator.source.startswith(("A §3.6.3", "A Annex 3 ")), indicator.id
        # the docstring is the definition, and it cites the same source
        assert len(indicator.definition) > 80, indicator.id
        assert "A §3.6.3" in indicator.definition or "A Annex 3" in indicator.definition, indicator.id


def test_sets_and_order_follow_the_assessment() -> None:
    council = [i.id for i in indicators("council")]
    assert council == [
        "lpsc-meetings",
        "trainee-gain",
        "plan-adopted",
        "referral-procedures",
        "training-sessions",
        "referrals",
    ]
    checklist = indicators("checklist")
    sections = [i.source.split()[-1] for i in checklist]
    assert sections[:5] == ["I.1", "I.2", "I.3", "I.4", "I.5"]
    assert sections[-4:] == ["IX.1", "IX.2", "IX.3", "IX.4"]
    assert len(checklist) == 40
    assert [i.id for i in indicators("all")] == council + [i.id for i in checklist]
    with pytest.raises(UsageError):
        indicators("everything")


def test_every_indicator_has_a_hand_worked_test() -> None:
    here = Path(__file__).parent
    text = "".join(p.read_text(encoding="utf-8") for p in here.glob("test_indicators*.py"))
    untested = [i.id for i in indicators("all") if f'["{i.id}"]' not in text]
    assert untested == []


def test_empty_repository_has_no_shares_only_not_applicable(make_repo: Any) -> None:
    results = kpis(make_repo(), as_of=date(2026, 3, 1))
    for result in results.values():
        if result.unit in ("percent", "days"):
            assert result.value is None, result.id
            assert result.met is None, result.id
            assert result.reason is not None, result.id
            assert result.reason.startswith("not applicable") or not result.computable, result.id
    assert results["referrals"].value == 0
    assert results["referrals"].met is False
    assert results["lpsc-meetings"].value == 0
    assert results["plan-adopted"].value is False
    assert results["plan-adopted"].reason == "no action plan covers the period"
    assert results["referral-procedures"].value is None
    assert results["referral-procedures"].reason == "not applicable: no referrals received in the period"
    assert results["trainee-gain"].reason == (
        "not applicable: no trainee has both a pre- and a post-test score in the period"
    )
    assert results["annual-review"].value is False


def test_not_computable_indicators_say_why(make_repo: Any) -> None:
    results = kpis(make_repo())
    missing = {r.id for r in results.values() if not r.computable}
    assert missing == {"action-logs", "sector-input", "virtual-input-recorded", "files-data-protection"}
    for result_id in missing:
        assert results[result_id].value is None
        assert results[result_id].met is None
        assert len(results[result_id].reason or "") > 40


def test_targets_come_from_lpsc_yaml(make_repo: Any) -> None:
    builder = make_repo()
    builder.config(targets={"lpsc-meetings": 1, "screened-5wd": 90, "plan-adopted": False})
    builder.add("meeting", {"id": "lpsc-2025-02-10", "type": "lpsc", "date": "2025-02-10"})
    results = kpis(builder)
    assert results["lpsc-meetings"].target == 1
    assert results["lpsc-meetings"].met is True
    assert results["screened-5wd"].target == 90
    assert results["plan-adopted"].target is False
    assert results["plan-adopted"].met is True  # no plan, and the council expects none
    assert results["trainee-gain"].target == 75


@pytest.mark.parametrize(
    ("targets", "message"),
    [
        ({"lpsc-meetings": True}, "targets.lpsc-meetings: expected a number"),
        ({"plan-adopted": 1}, "targets.plan-adopted: expected true or false"),
    ],
)
def test_a_target_of_the_wrong_kind_is_a_configuration_error(make_repo: Any, targets: Any, message: str) -> None:
    builder = make_repo()
    builder.config(targets=targets)
    with pytest.raises(ConfigurationError, match=message):
        kpis(builder)


def test_period_must_not_end_before_it_starts(make_repo: Any) -> None:
    with pytest.raises(UsageError):
        kpis(make_repo(), period=(date(2025, 6, 1), date(2025, 5, 1)))


# --- the council KPI table ----------------------------------------------------------------


def test_lpsc_meetings_counts_held_lpsc_meetings_of_the_period(make_repo: Any) -> None:
    builder = make_repo()
    for meeting_id, kind, day in [
        ("lpsc-2024-12-15", "lpsc", "2024-12-15"),  # before the period
        ("consult-2025-01-20", "open-consultation", "2025-01-20"),  # not an LPSC meeting
        ("lpsc-2025-02-10", "lpsc", "2025-02-10"),
        ("lpsc-2025-05-12", "lpsc", "2025-05-12"),
        ("lpsc-2025-12-10", "lpsc", "2025-12-10"),  # after the as-of day: scheduled, not held
    ]:
        builder.add("meeting", {"id": meeting_id, "type": kind, "date": day})
    results = kpis(builder, as_of=date(2025, 11, 30))
    result = results["lpsc-meetings"]
    assert (result.value, result.numerator, result.denominator) == (2, 2, None)
    assert (result.target, result.met) == (4, False)
    assert result.counted == ("lpsc-2025-02-10", "lpsc-2025-05-12")
    assert against(result) == {
        "lpsc-2025-12-10": "scheduled on 2025-12-10, after the as-of day 2025-11-30: not yet held"
    }
    # judged at the year's end, the December meeting is held: 3
    assert kpis(builder)["lpsc-meetings"].value == 3


def test_trainee_gain_is_relative_and_strictly_above_20_percent(make_repo: Any) -> None:
    builder = make_repo()
    builder.add(
        "training",
        {
            "id": "training-2024-11-01",
            "date": "2024-11-01",
            "participants": [{"name": "Out Of Period", "pre": 10, "post": 10}],
        },
    )
    builder.add(
        "training",
        {
            "id": "training-2025-03-20",
            "date": "2025-03-20",
            "participants": [
                {"member": "member-a", "pre": 50, "post": 61},  # +22 %: counts
                {"member": "member-b", "pre": 50, "post": 60},  # exactly +20 %: does not
                {"name": "Teuta Zeneli", "pre": 0, "post": 10},  # from zero: counts
                {"member": "member-d", "pre": 40},  # no post-test: left out
            ],
        },
    )
    builder.add(
        "training",
        {
            "id": "training-2025-10-01",
            "date": "2025-10-01",
            "participants": [{"member": "member-a", "pre": 70, "post": 90}],
        },
    )  # +28.6 %
    result = kpis(builder)["trainee-gain"]
    # 3 of the 4 participants with both scores: 75.0 %, exactly the target
    assert (result.value, result.numerator, result.denominator) == (75.0, 3, 4)
    assert result.met is True
    assert against(result) == {"training-2025-03-20": "member-b: 50 -> 60 (+20.0 %)"}
    assert [(a.record, a.reason) for a in result.excluded] == [("training-2025-03-20", "member-d: no post-test score")]


def test_plan_adopted(make_repo: Any) -> None:
    builder = make_repo()
    builder.add("meeting", {"id": "lpsc-2025-02-05", "type": "lpsc", "date": "2025-02-05"})
    builder.add("plan", {"id": "plan-2024", "period": {"from": "2024-01-01", "to": "2024-12-31"}, "status": "closed"})
    builder.add(
        "plan",
        {
            "id": "plan-2025",
            "period": {"from": "2025-01-01", "to": "2025-12-31"},
            "status": "approved",
            "approved_at": "lpsc-2025-02-05",
        },
    )
    results = kpis(builder)
    assert results["plan-adopted"].value is True
    assert results["plan-adopted"].met is True
    assert results["plan-adopted"].counted == ("plan-2025",)
    # judged before the approving meeting, the plan is not adopted yet
    early = kpis(builder, as_of=date(2025, 1, 31))["plan-adopted"]
    assert (early.value, early.met) == (False, False)
    assert against(early) == {"plan-2025": "adopted on 2025-02-05, after 2025-01-31"}


def test_plan_adopted_not_when_only_a_draft(make_repo: Any) -> None:
    builder = make_repo()
    builder.add("plan", {"id": "plan-2025", "period": {"from": "2025-01-01", "to": "2025-12-31"}, "status": "draft"})
    results = kpis(builder)
    assert results["plan-adopted"].value is False
    assert against(results["plan-adopted"]) == {"plan-2025": "status draft: not adopted"}


def test_referral_procedures(make_repo: Any) -> None:
    builder = make_repo()
    builder.add(
        "case", case("case-2025-001", "2025-02-10T09:30", referral={"channel": "in-person", "form_complete": True})
    )
    builder.add("case", case("case-2025-002", "2025-03-01", referral={"channel": "phone", "form_complete": False}))
    assert kpis(builder)["referral-procedures"].value is True
    builder.add("case", case("case-2025-003", "2025-04-01", referral={"form_complete": True}))
    results = kpis(builder)
    assert (results["referral-procedures"].value, results["referral-procedures"].met) == (False, False)
    assert against(results["referral-procedures"]) == {"case-2025-003": "not recorded: referral.channel"}


def test_training_sessions(make_repo: Any) -> None:
    builder = make_repo()
    for training_id, day in [
        ("training-2024-12-01", "2024-12-01"),
        ("training-2025-03-20", "2025-03-20"),
        ("training-2025-10-01", "2025-10-01"),
        ("training-2025-12-15", "2025-12-15"),
    ]:
        builder.add("training", {"id": training_id, "date": day, "kind": "refresher"})
    result = kpis(builder, as_of=date(2025, 12, 1))["training-sessions"]
    assert (result.value, result.target, result.met) == (2, 2, True)
    assert result.record_ids == ["training-2025-12-15"]


def test_referrals(make_repo: Any) -> None:
    builder = make_repo()
    builder.add("case", case("case-2024-009", "2024-12-30T10:00"))
    for n, day in enumerate(["2025-01-03T08:00", "2025-06-30", "2025-12-31T23:59"], start=1):
        builder.add("case", case(f"case-2025-00{n}", day, status="not-eligible"))
    results = kpis(builder)
    assert (results["referrals"].value, results["referrals"].target, results["referrals"].met) == (3, 20, False)
    assert results["referrals"].counted == ("case-2025-001", "case-2025-002", "case-2025-003")
    # an arbitrary period: the first half-year
    half = kpis(builder, period=(date(2025, 1, 1), date(2025, 6, 30)))
    assert half["referrals"].value == 2
