"""Runs of some of the rules and the obligations kept per case (`lpsc_cli.rules.PER_CASE`).

A run of some of the per-case rules (`lpsc deadlines --rule`, the site's deadlines page) uses and
keeps the per-case items as a whole run does: what it keeps of a case is complete, so a whole
run after a partial one, a partial run after a whole one, and partial runs of other rules after
a case changed all give exactly what a run with no cache gives.
"""

from __future__ import annotations

import json
import marshal
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from lpsc_cli.cache import Cache
from lpsc_cli.repository import load_repository
from lpsc_cli.rules import MISSED, OPEN, PER_CASE, RULES, Deadline, run_rules
from tests.support.caches import trusted_copy
from tests.support.repos import EXAMPLE

DAY = date(2025, 12, 31)
#: Two of the per-case rules, and a mix of a per-case rule and a council rule.
SOME = ("contact-monthly", "isp-review")
MIXED = ("screening-5wd", "invitation-notice")
OTHERS = ("manager-3d", "consent-recorded", "red-flag-reported")
CASE = Path("cases") / "2025" / "case-2025-003.yaml"


@pytest.fixture
def council(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return trusted_copy(tmp_path, monkeypatch)


def obligations(
    root: Path, *, cache: bool, only: tuple[str, ...] | None = None, keep: frozenset[str] | None = None
) -> list[Deadline]:
    return run_rules(load_repository(root, cache=cache), as_of=DAY, within=30, only=only, keep=keep)


def kept_entries(root: Path) -> dict[str, Any]:
    """The per-case entries of the cache, as their stamp and value."""
    return {path.name: marshal.loads(path.read_bytes()) for path in Cache.of(root).folder.glob("rules-cases-*.marshal")}


def assert_as_uncached(root: Path, only: tuple[str, ...] | None, keep: frozenset[str] | None) -> list[Deadline]:
    expected = obligations(root, cache=False, only=only, keep=keep)
    assert obligations(root, cache=True, only=only, keep=keep) == expected
    return expected


def test_the_rules_chosen_have_items_in_the_example() -> None:
    items = obligations(EXAMPLE, cache=False)
    assert set(SOME) <= PER_CASE and set(OTHERS) <= PER_CASE
    assert {item.rule for item in items} >= {*SOME, *MIXED}


@pytest.mark.parametrize("keep", [None, OPEN, MISSED], ids=["all", "open", "missed"])
def test_a_partial_run_then_a_whole_one(council: Path, keep: frozenset[str] | None) -> None:
    some = assert_as_uncached(council, SOME, keep)
    assert kept_entries(council), "the partial run kept the per-case items"
    assert {item.rule for item in some} <= set(SOME)
    assert_as_uncached(council, None, keep)
    assert_as_uncached(council, MIXED, keep)


@pytest.mark.parametrize("keep", [None, OPEN, MISSED], ids=["all", "open", "missed"])
def test_a_whole_run_then_a_partial_one(council: Path, keep: frozenset[str] | None) -> None:
    assert_as_uncached(council, None, keep)
    assert_as_uncached(council, SOME, keep)
    assert_as_uncached(council, MIXED, keep)


def test_a_partial_run_keeps_what_a_whole_run_keeps(
    council: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every enabled per-case rule judges the cases not kept, whichever were asked for."""
    obligations(council, cache=True, only=SOME)
    after_partial = kept_entries(council)
    monkeypatch.setenv("LPSC_CACHE_DIR", str(tmp_path / "other-cache"))
    obligations(council, cache=True)
    assert kept_entries(council) == after_partial


def test_a_run_of_council_rules_keeps_nothing_per_case(council: Path) -> None:
    council_rules = tuple(rule_id for rule_id in RULES if rule_id not in PER_CASE)
    assert_as_uncached(council, council_rules, None)
    assert not kept_entries(council)


def test_a_changed_case_is_judged_again_by_every_rule(council: Path) -> None:
    assert_as_uncached(council, SOME, None)
    case = council / CASE
    case.write_text(case.read_text(encoding="utf-8").replace("red_flag: true", "red_flag: false"), encoding="utf-8")
    others = assert_as_uncached(council, OTHERS, None)  # judged by every rule, returned by these
    assert not any(item.rule == "red-flag-reported" and item.record == "case-2025-003" for item in others)
    assert_as_uncached(council, SOME, None)
    assert_as_uncached(council, None, None)


def deadlines_json(runner: Any, app: Any, root: Path, *args: str) -> Any:
    result = runner.invoke(
        app, ["deadlines", "--repo", str(root), "--as-of", DAY.isoformat(), "--format", "json", "--all", *args]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_lpsc_deadlines_and_check_after_a_partial_run(
    runner: Any, app: Any, council: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`lpsc deadlines --rule` first, then the whole `lpsc deadlines` and `lpsc check`, and the
    reverse: each as a run that keeps nothing says (a fresh cache folder, or --no-cache)."""
    rules = [word for rule_id in SOME for word in ("--rule", rule_id)]

    def afresh(*args: str) -> Any:
        monkeypatch.setenv("LPSC_CACHE_DIR", str(tmp_path / f"fresh-{time.monotonic_ns()}"))
        found = deadlines_json(runner, app, council, *args)
        monkeypatch.setenv("LPSC_CACHE_DIR", str(tmp_path / "cache"))
        return found

    whole, some = afresh(), afresh(*rules)
    assert some["items"] and len(some["items"]) < len(whole["items"])
    assert deadlines_json(runner, app, council, *rules) == some
    assert deadlines_json(runner, app, council) == whole
    assert deadlines_json(runner, app, council, *rules) == some
    check = runner.invoke(app, ["check", "--repo", str(council), "--as-of", DAY.isoformat(), "--format", "json"])
    uncached = runner.invoke(
        app, ["check", "--repo", str(council), "--as-of", DAY.isoformat(), "--format", "json", "--no-cache"]
    )
    assert check.stdout == uncached.stdout
    assert check.exit_code == uncached.exit_code
