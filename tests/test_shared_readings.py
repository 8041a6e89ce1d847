"""What lpsc reads once and keeps: the holiday tables (in the user's cache folder) and each
case's periods (once per loaded repository), with the same answers as reading afresh."""

from __future__ import annotations

import gc
import re
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from lpsc_cli import cache as cache_module
from lpsc_cli import calendar, repository
from lpsc_cli.cache import Cache, HolidayCache, share_holidays, user_cache_dir
from lpsc_cli.calendar import WorkingCalendar, albanian_holidays, build_holidays
from lpsc_cli.checks import CheckOptions, check_root
from lpsc_cli.lifecycle import CaseIndex, followed_periods, open_periods
from lpsc_cli.model import Record
from lpsc_cli.repository import Repository, load_repository
from lpsc_cli.schemas import SchemaSet
from tests.support.caches import trusted_copy

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "elbasan"


@pytest.fixture
def fresh_calendar(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No holiday table known in this process, and a cache folder of the test's own."""
    monkeypatch.setattr(calendar, "_KNOWN", {})
    monkeypatch.setattr(calendar, "_STORE", [])
    monkeypatch.setenv("LPSC_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_holiday_tables_are_kept_and_read_back_the_same(fresh_calendar: Path) -> None:
    share_holidays(True)
    built = {year: build_holidays(year) for year in (2024, 2025)}
    assert albanian_holidays(2025) == built[2025]
    assert albanian_holidays(2024) == built[2024]
    assert (fresh_calendar / cache_module.SHARED_FOLDER / "holidays.marshal").is_file()
    kept = HolidayCache.shared()
    assert kept.get(2025) == built[2025] and kept.get(2024) == built[2024]
    assert kept.get(2030) is None
    share_holidays(False)


def test_a_kept_table_is_what_the_calendar_uses(fresh_calendar: Path) -> None:
    """The calendar reads the kept table (no `holidays` package needed): the store is really used."""
    store = HolidayCache.shared()
    store.put(2031, {date(2031, 6, 3): "Invented day"})  # a Tuesday
    share_holidays(True)
    assert albanian_holidays(2031) == {date(2031, 6, 3): "Invented day"}
    assert not WorkingCalendar().is_working_day(date(2031, 6, 3))
    share_holidays(False)


def test_tables_of_another_holidays_version_are_not_used(fresh_calendar: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    HolidayCache.shared().put(2031, {date(2031, 6, 3): "Invented day"})
    monkeypatch.setattr(cache_module, "_holidays_stamp", lambda: "holidays:0.0-other")
    share_holidays(True)
    assert albanian_holidays(2031) == build_holidays(2031)
    share_holidays(False)


def test_without_the_cache_nothing_is_kept(fresh_calendar: Path) -> None:
    share_holidays(False)
    assert albanian_holidays(2025) == build_holidays(2025)
    assert not (user_cache_dir() / cache_module.SHARED_FOLDER).exists()


def test_a_warm_holiday_cache_needs_no_holidays_package(fresh_calendar: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    share_holidays(True)
    expected = WorkingCalendar().add_working_days(date(2025, 4, 1), -5)
    monkeypatch.setattr(calendar, "_KNOWN", {})
    monkeypatch.setitem(sys.modules, "holidays", None)  # importing it now fails
    assert WorkingCalendar().add_working_days(date(2025, 4, 1), -5) == expected == date(2025, 3, 21)
    share_holidays(False)


def _case(record_id: str, **data: object) -> Record:
    return Record("case", record_id, f"cases/2025/{record_id}.yaml", {"id": record_id, **data})


CLOSED = _case(
    "case-2025-001",
    referral={"received": "2025-02-10"},
    case_manager={"assigned": "2025-02-20"},
    closure={"date": "2025-03-01"},
    reopened=[{"date": "2025-04-01"}],
    status="active",
)


def test_the_case_index_reads_each_case_once_and_as_lifecycle_does() -> None:
    index = CaseIndex()
    timeline = index.timeline(CLOSED)
    assert timeline.periods == open_periods(CLOSED.data)
    assert timeline.followed == followed_periods(CLOSED.data)
    assert index.timeline(CLOSED) is timeline
    calls: list[str] = []
    assert index.facts("mine", CLOSED, lambda r: calls.append(r.id) or len(calls)) == 1
    assert index.facts("mine", CLOSED, lambda r: calls.append(r.id) or len(calls)) == 1
    assert calls == ["case-2025-001"]


def test_another_record_under_the_same_id_is_read_afresh() -> None:
    index = CaseIndex()
    first = index.periods(CLOSED)
    still_open = _case("case-2025-001", referral={"received": "2025-02-10"}, status="active")
    assert index.periods(still_open) == open_periods(still_open.data) != first


def test_views_of_a_repository_share_its_case_index(tmp_path: Path) -> None:
    repo = Repository(
        root=tmp_path, config={}, records={"case": {CLOSED.id: CLOSED}}, ids={"case": {CLOSED.id}}, schemas=SchemaSet()
    )
    view = replace(repo, records={**repo.records, "case": {}})
    assert view.case_index is repo.case_index
    assert repo.with_record(CLOSED).case_index is not repo.case_index


@pytest.fixture
def council(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example council whose files the stat cache trusts (`trusted_copy`)."""
    return trusted_copy(tmp_path, monkeypatch)


def test_an_unchanged_tree_leaves_the_stat_entry_as_it_is(council: Path) -> None:
    first = load_repository(council)
    stats = Cache.of(council).folder / "stats-institution.marshal"
    written = stats.stat().st_mtime_ns
    second = load_repository(council)
    assert stats.stat().st_mtime_ns == written
    assert second.records == first.records and second.issues == first.issues
    added = council / "institutions" / "police-extra.yaml"
    added.write_text("id: police-extra\nname: Extra\nsector: police\n")
    time.sleep(0.05)
    third = load_repository(council)
    assert third.get("institution", "police-extra") is not None
    assert "institutions/police-extra.yaml" in Cache.of(council).load("stats-institution", repository._STATS_SHAPE)


def test_a_large_load_is_frozen_out_of_the_collectors_sight(council: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repository, "FREEZE_FILES", 1)
    before = gc.get_freeze_count()
    try:
        load_repository(council)
        assert gc.get_freeze_count() > before
        assert gc.isenabled()
    finally:
        gc.unfreeze()


def test_date_orders_are_judged_again_only_where_a_file_changed(council: Path) -> None:
    options = CheckOptions(as_of=date(2025, 12, 31))
    first = check_root(council, options)
    assert Cache.of(council).load("kept-consistency", "consistency:1::en")  # the findings of an English run
    case_file = sorted((council / "cases").rglob("*.yaml"))[0]
    text = case_file.read_text()
    case_file.write_text(re.sub(r"(?m)^registered: .*$", "registered: 2020-01-01", text, count=1))
    time.sleep(0.05)
    cached = check_root(council, options)
    fresh = check_root(council, CheckOptions(as_of=date(2025, 12, 31), cache=False))
    assert cached.issues == fresh.issues != first.issues


def test_a_record_given_to_a_view_is_not_taken_for_its_file(council: Path) -> None:
    repo = load_repository(council)
    case = repo.of("case")[0]
    assert repo.content_key(case) is not None
    changed = Record(case.kind, case.id, case.path, {**case.data})
    assert repo.with_record(changed).content_key(changed) is None
    assert replace(repo, records={**repo.records, "case": {case.id: changed}}).content_key(changed) is None


def test_one_changed_file_is_saved_beside_the_records_entry(council: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_repository(council)
    folder = Cache.of(council).folder
    written = (folder / "records-member-en.marshal").stat().st_mtime_ns
    member = sorted((council / "members").glob("*.yaml"))[0]
    member.write_text(member.read_text() + "# edited\n")
    time.sleep(0.05)
    changed = load_repository(council)
    assert (folder / "records-member-en.marshal").stat().st_mtime_ns == written
    assert (folder / "records-changes-member-en.marshal").is_file()
    again = load_repository(council)  # the changed file now comes from the changes entry
    fresh = load_repository(council, cache=False)
    assert changed.records == again.records == fresh.records and again.issues == fresh.issues
    monkeypatch.setattr(repository, "CHANGES_KEPT", 0)
    member.write_text(member.read_text() + "# edited again\n")
    time.sleep(0.05)
    assert load_repository(council).records == load_repository(council, cache=False).records
    assert (folder / "records-member-en.marshal").stat().st_mtime_ns != written
