"""The rule registry, settings from lpsc.yaml, coverage, statuses; and the rules' shared helpers (in tests/support/rules.py).

Expected dates are worked out by hand in comments: weekends, Albanian holidays (2025: 1-2 Jan,
14 Mar Summer Day, 22 Mar Nowruz observed Mon 24 Mar, 30 Mar Eid al-Fitr observed Mon 31 Mar,
20 Apr Easter observed Mon 21 Apr, 1 May, 6 Jun Eid al-Adha, 5 Sep, 22 Nov observed Mon 24 Nov,
28 Nov, 29 Nov observed Mon 1 Dec, 8 Dec, 25 Dec).
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from lpsc_cli.calendar import add_months
from lpsc_cli.errors import Severity
from lpsc_cli.rules import (
    ALL_RULES,
    RULES,
    resolve_settings,
    run_rules,
    settings_issues,
)
from tests.support.rules import Build, brief, case, judged, meeting, one

#: The rule ids, read from the one tuple of rules (test_rules_registry.py checks it against docs/rules.md).
SPEC_IDS = [rule.id for rule in ALL_RULES]

# --- the registry --------------------------------------------------------------------------


def test_the_lookup_by_id_follows_the_tuple() -> None:
    assert list(RULES) == SPEC_IDS
    assert len(set(SPEC_IDS)) == len(SPEC_IDS)
    assert all(RULES[rule.id] is rule for rule in ALL_RULES)


@pytest.mark.parametrize("rule_id", SPEC_IDS)
def test_every_rule_cites_its_source_and_has_sane_defaults(rule_id: str) -> None:
    rule = RULES[rule_id]
    assert rule.title and rule.source
    assert re.search(r"\b(R art\.|R \"|A §|A Annex|A KPI|A §3)", rule.citation), rule.citation
    assert rule.severity in (Severity.ERROR, Severity.WARNING)
    for key, value in rule.defaults.items():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", key)
        assert isinstance(value, int | float) and value >= 0


def test_hard_legal_deadlines_are_errors_and_soft_ones_warnings() -> None:
    errors = {r for r, rule in RULES.items() if rule.severity is Severity.ERROR}
    assert {"invitation-notice", "press-release-24h", "screening-5wd", "emergency-24h", "meetings-per-year"} <= errors
    assert {"activity-due", "contact-monthly", "absence-explained", "training-refresher"}.isdisjoint(errors)


# --- settings --------------------------------------------------------------------------------


def test_settings_default_and_override() -> None:
    config = {
        "rules": {
            "invitation-notice": {"working_days": 7, "severity": "warning"},
            "meetings-per-year": {"minimum": 4, "enabled": False},
        }
    }
    settings = resolve_settings(config)
    assert settings["invitation-notice"] == {"enabled": True, "severity": "warning", "working_days": 7}
    assert settings["invitation-notice"].severity is Severity.WARNING
    assert not settings["meetings-per-year"].enabled
    assert settings["meetings-per-year"]["minimum"] == 4
    assert settings["screening-5wd"] == {"enabled": True, "severity": "error", "working_days": 5}
    assert settings_issues(config) == []


def test_settings_problems_are_reported_with_their_path() -> None:
    config = {
        "rules": {
            "no-such-rule": {"enabled": False},
            "invitation-notice": {"workdays": 5, "working_days": 2.5},
            "meetings-per-year": {"minimum": True, "enabled": "yes", "severity": "fatal"},
        },
        "calendar": {"closures": ["2025-12-24", "2025-12-25", "24.12.2025", "2025-12-27"]},
    }
    found = {(i.code, i.severity.value, i.path): i.message for i in settings_issues(config)}
    assert set(found) == {
        ("rule-settings", "error", ("rules", "no-such-rule")),
        ("rule-settings", "error", ("rules", "invitation-notice", "workdays")),
        ("rule-settings", "error", ("rules", "invitation-notice", "working_days")),
        ("rule-settings", "error", ("rules", "meetings-per-year", "minimum")),
        ("rule-settings", "error", ("rules", "meetings-per-year", "enabled")),
        ("rule-settings", "error", ("rules", "meetings-per-year", "severity")),
        ("calendar-closures", "warning", ("calendar", "closures", 1)),
        ("calendar-closures", "error", ("calendar", "closures", 2)),
        ("calendar-closures", "warning", ("calendar", "closures", 3)),
    }
    assert found[("rule-settings", "error", ("rules", "invitation-notice", "workdays"))] == (
        "invitation-notice: unknown setting 'workdays' (settings of invitation-notice: enabled, severity, working_days)"
    )
    assert found[("rule-settings", "error", ("rules", "invitation-notice", "working_days"))] == (
        "invitation-notice: working_days must be a whole number ≥ 0, not 2.5"
    )
    assert found[("calendar-closures", "warning", ("calendar", "closures", 1))] == (
        "calendar.closures: 2025-12-25 is already a non-working day (Christmas Day)"
    )
    assert found[("calendar-closures", "warning", ("calendar", "closures", 3))].endswith("(Saturday)")
    # invalid values fall back to the defaults
    settings = resolve_settings(config)
    assert settings["invitation-notice"]["working_days"] == 5
    assert settings["meetings-per-year"] == {"enabled": True, "severity": "error", "minimum": 2}


def test_a_disabled_rule_produces_nothing(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(rules={"invitation-notice": {"enabled": False}})
    builder.add("meeting", meeting("2025-03-12"))
    assert judged(builder, "invitation-notice", date(2025, 3, 1)) == []


# --- coverage ---------------------------------------------------------------------------------


def test_coverage_limits_what_is_judged(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(coverage={"from": "2025-03-01", "to": "2025-03-31"})
    for day in ("2025-02-12", "2025-03-12", "2025-04-16"):
        builder.add("meeting", meeting(day))
    items = judged(builder, "invitation-notice", date(2025, 5, 1))
    assert [i.record for i in items] == ["lpsc-2025-03-12"]
    months = judged(builder, "secretariat-monthly", date(2025, 5, 1))
    assert [(i.period, i.status) for i in months] == [("2025-03", "overdue")]


def test_without_coverage_recurring_obligations_start_at_the_first_activity(make_repo: Build) -> None:
    builder = make_repo()
    builder.add("meeting", meeting("2025-02-20", "coordination-secretariat"))
    items = judged(builder, "secretariat-monthly", date(2025, 4, 2))
    assert [(i.period, i.status, i.days) for i in items] == [
        ("2025-03", "overdue", -2),
        ("2025-02", "met", 8),
        ("2025-04", "upcoming", 28),
    ]
    assert items[0].file == "lpsc.yaml" and items[0].record is None


# --- statuses ---------------------------------------------------------------------------------


def test_done_after_as_of_counts_as_not_done_yet(make_repo: Build) -> None:
    builder = make_repo()
    # due 2025-03-05 (5 working days before Wed 12 March); sent on the 4th
    builder.add("meeting", meeting("2025-03-12", invitation={"sent": "2025-03-04T09:00"}))
    assert brief([one(builder, "invitation-notice", date(2025, 3, 4))]) == [("2025-03-05", "met", 1)]
    # on 3 March the invitation dated the 4th has not gone out: due in 2 working days
    assert brief([one(builder, "invitation-notice", date(2025, 3, 3))]) == [("2025-03-05", "due-soon", 2)]


def test_within_sets_the_due_soon_horizon(make_repo: Build) -> None:
    builder = make_repo()
    builder.add("meeting", meeting("2025-03-12"))
    assert one(builder, "invitation-notice", date(2025, 2, 26), within=7).status == "due-soon"  # 7 days ahead
    assert one(builder, "invitation-notice", date(2025, 2, 26), within=6).status == "upcoming"


def test_items_sort_overdue_first_then_by_due(make_repo: Build) -> None:
    builder = make_repo()
    builder.add("meeting", meeting("2025-03-12", invitation={"sent": "2025-03-03T09:00"}))
    builder.add("meeting", meeting("2025-03-26"))
    builder.add("meeting", meeting("2025-04-23"))
    items = judged(builder, "invitation-notice", date(2025, 3, 20))
    # 26 Mar: 5 wd back skipping Mon 24 (Nowruz observed) -> 18 Mar; 23 Apr: skipping 21 Apr -> 15 Apr
    assert brief(items) == [("2025-03-18", "overdue", -2), ("2025-03-05", "met", 2), ("2025-04-15", "upcoming", 16)]


def test_add_months_clamps_to_the_month_end() -> None:
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2025, 3, 5), 12) == date(2026, 3, 5)
    assert add_months(date(2025, 11, 15), 2) == date(2026, 1, 15)


# --- robustness ---------------------------------------------------------------------------------


def test_rules_never_crash_on_records_with_only_required_fields(make_repo: Build) -> None:
    builder = make_repo()
    builder.add("meeting", meeting("2025-03-12"))
    builder.add("meeting", meeting("2025-03-13", "open-consultation"))
    builder.add("case", case(1, "2025-03-10"))
    builder.add("plan", {"id": "plan-2025", "period": {"from": "2025-01-01", "to": "2025-12-31"}, "status": "approved"})
    builder.add("member", {"id": "member-x", "name": "Invented Name", "institution": "municipality-tv"})
    builder.add("training", {"id": "training-1", "date": "2025-03-20"})
    builder.add("report", {"id": "annual-2025", "kind": "annual-activity", "period": "2025"})
    repo = builder.load()
    assert not repo.issues
    for as_of in (date(2024, 1, 1), date(2025, 3, 12), date(2026, 6, 30)):
        items = run_rules(repo, as_of=as_of)
        assert all(item.message and item.rule in RULES for item in items)
    statuses = {(i.rule, i.status) for i in run_rules(repo, as_of=date(2025, 3, 31))}
    assert ("screening-5wd", "overdue") in statuses and ("plan-annual", "met") in statuses
