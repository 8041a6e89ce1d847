"""The one tuple of rules, their legal bases, `lpsc.yaml` `basis`, the listing and obligation ids."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from lpsc_cli.repository import load_repository
from lpsc_cli.rules import (
    ALL_RULES,
    NORMATIVE_ACT,
    REGULATION,
    RULES,
    council_bases,
    resolve_settings,
    rule_listing,
    run_rules,
)

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE = PROJECT / "examples" / "elbasan"
#: Rules a council regulation modelled on R sets and the Normative Act does not (docs/rules.md).
R_ONLY = {
    "press-release-24h",
    "secretariat-monthly",
    "consultation-6-months",
    "plan-monitoring",
    "plan-published",
    "chair-reports-council",
}
BOTH = {"meetings-per-year", "invitation-notice", "minutes-signed", "plan-annual", "activity-due"}


def documented() -> list[tuple[str, str, str]]:
    """(rule, basis, source) of each row of the table in docs/rules.md, in order."""
    text = (PROJECT / "docs" / "rules.md").read_text(encoding="utf-8")
    return re.findall(r"^\| `([a-z0-9-]+)` \| ([RA +]+) \| ([^|]+) \|", text, re.M)


def test_docs_list_every_rule_in_the_order_of_the_tuple_with_its_basis_and_source() -> None:
    short = {REGULATION: "R", NORMATIVE_ACT: "A"}
    expected = [
        (rule.id, " + ".join(short[b] for b in sorted(rule.bases, key=lambda b: b != REGULATION)), rule.source)
        for rule in ALL_RULES
    ]
    assert [(rule, basis, source.strip()) for rule, basis, source in documented()] == expected


def test_every_rule_states_its_bases_and_cites_each_of_them() -> None:
    for rule in ALL_RULES:
        assert rule.bases and rule.bases <= {REGULATION, NORMATIVE_ACT}, rule.id
        if REGULATION in rule.bases:
            assert re.search(r"\bR (art\.|\")", rule.source), rule.id
        if NORMATIVE_ACT in rule.bases:
            assert re.search(r"\bA (§|Annex|KPI)", rule.source), rule.id
    assert {r.id for r in ALL_RULES if r.bases == {REGULATION}} == R_ONLY
    assert {r.id for r in ALL_RULES if len(r.bases) == 2} == BOTH


@pytest.mark.parametrize(
    ("basis", "off"),
    [
        (None, set()),
        ("normative-act", R_ONLY),
        ("council-regulation", set(RULES) - R_ONLY - BOTH),
        (["normative-act", "council-regulation"], set()),
        ("no-such-basis", set()),  # the schema refuses it; the rules fall back to every rule
    ],
)
def test_the_basis_decides_which_rules_run(basis: Any, off: set[str]) -> None:
    config = {} if basis is None else {"basis": basis}
    settings = resolve_settings(config)
    assert {rule for rule, resolved in settings.items() if not resolved.enabled} == off


def test_a_rule_of_another_basis_can_be_adopted_and_any_turned_off() -> None:
    config = {
        "basis": "normative-act",
        "rules": {"press-release-24h": {"enabled": True}, "isp-review": {"enabled": False}},
    }
    listing = {item.id: item for item in rule_listing(config)}
    assert listing["press-release-24h"].applies
    assert listing["press-release-24h"].reason == (
        "adopted in lpsc.yaml (rules.press-release-24h.enabled: true); its basis is council-regulation"
    )
    assert not listing["isp-review"].applies
    assert listing["isp-review"].reason == "turned off in lpsc.yaml (rules.isp-review.enabled: false)"
    assert not listing["secretariat-monthly"].applies
    assert listing["secretariat-monthly"].reason == (
        "only under council-regulation; the council's basis is normative-act"
    )
    assert listing["screening-5wd"].reason == "the council's basis is normative-act: this rule comes from normative-act"
    assert listing["screening-5wd"].as_dict()["bases"] == ["normative-act"]
    assert [item.id for item in rule_listing({})] == list(RULES)
    assert rule_listing({})[0].reason == (
        "lpsc.yaml names no basis: every rule applies (this one: council-regulation and normative-act)"
    )


def test_council_bases_reads_a_name_or_a_list() -> None:
    assert council_bases({}) is None
    assert council_bases({"basis": "normative-act"}) == {NORMATIVE_ACT}
    assert council_bases({"basis": ["council-regulation", "normative-act"]}) == {REGULATION, NORMATIVE_ACT}


def test_a_normative_act_council_is_not_judged_on_the_regulation(make_repo: Any) -> None:
    builder = make_repo()
    builder.config(basis="normative-act", coverage={"from": "2025-01-01", "to": "2025-12-31"})
    builder.add("meeting", {"id": "lpsc-2025-03-12", "type": "lpsc", "date": "2025-03-12"})
    rules = {item.rule for item in run_rules(builder.load(), as_of=date(2025, 12, 31))}
    assert "press-release-24h" not in rules and "secretariat-monthly" not in rules
    assert {"invitation-notice", "meetings-per-year", "absence-explained"} & rules == {
        "invitation-notice",
        "meetings-per-year",
    }


def test_obligation_ids_are_unique_and_stable_on_the_example() -> None:
    repo = load_repository(EXAMPLE, cache=False)
    items = run_rules(repo, as_of=date(2025, 12, 31))
    ids = [item.id for item in items]
    assert len(ids) == len(set(ids))
    assert all(item.id.startswith(item.rule + ":") for item in items)
    assert "meetings-per-year:2025" in ids
    # council-wide obligations are named by their period, not by the record that met them
    assert {"plan-annual:2025", "annual-report:2025", "chair-reports-council:2025"} <= set(ids)
    # the same obligation keeps its id whatever the day judged
    earlier = {item.id for item in run_rules(repo, as_of=date(2025, 6, 30)) if item.rule == "invitation-notice"}
    assert earlier and earlier <= set(ids)
