"""Dates and settings far outside what a council records are refused cleanly, never a crash:
the schemas stop dates outside 1900–2999 and absurd thresholds; the calendar raises a clear
error instead of Python's when arithmetic leaves its range."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from lpsc_cli.calendar import (
    MAX_WORKING_DAYS,
    CalendarRangeError,
    WorkingCalendar,
    add_hours,
    add_months,
    hours_between,
    periods,
    reversed_span,
)
from lpsc_cli.errors import LpscError
from lpsc_cli.schemas import SchemaSet

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "elbasan"


@pytest.fixture(scope="module")
def schemas() -> SchemaSet:
    return SchemaSet()


def date_problems(schemas: SchemaSet, value: str, definition: str = "date") -> list[str]:
    config = {"council": "x", "name": "X"}
    if definition == "date":
        config["coverage"] = {"from": value}  # type: ignore[assignment]
    else:
        config["calendar"] = {"closures": [value]}  # type: ignore[assignment]
    return [message for _, message in schemas.validate("config", config)]


@pytest.mark.parametrize("value", ["0000-01-01", "9999-12-31", "3000-01-01", "1899-12-31", "2025-13-01", "2025-00-10"])
def test_dates_outside_1900_to_2999_fail_the_schema(schemas: SchemaSet, value: str) -> None:
    assert date_problems(schemas, value)


@pytest.mark.parametrize("value", ["1900-01-01", "2025-03-12", "2999-12-31"])
def test_dates_inside_pass(schemas: SchemaSet, value: str) -> None:
    assert date_problems(schemas, value) == []


def test_a_referral_received_in_9999_fails_the_case_schema(schemas: SchemaSet) -> None:
    from lpsc_cli.yamlio import parse

    path = next((EXAMPLE / "cases").rglob("case-2025-001.yaml"))
    data = parse(path.read_bytes(), "case.yaml").data
    assert data is not None and schemas.validate("case", data) == []
    data["referral"]["received"] = "9999-12-31T23:59"
    assert [where for where, _ in schemas.validate("case", data)] == [("referral", "received")]
    data["referral"]["received"] = "2025-02-10T09:30"
    data["isp"]["approved"] = "9999-12-31"
    assert [where for where, _ in schemas.validate("case", data)] == [("isp", "approved")]


@pytest.mark.parametrize(
    ("rule", "key", "value", "expected"),
    [
        ("invitation-notice", "working_days", 100000000, "greater than the maximum of 366"),
        ("isp-review", "months", 99999999, "greater than the maximum of 120"),
        ("isp-review", "grace_days", 100000, "greater than the maximum of 3660"),
        ("minutes-circulated", "hours", 10**6, "greater than the maximum of 8784"),
        ("meetings-per-year", "minimum", 10**9, "greater than the maximum of 100000"),
        ("invitation-notice", "working_days", -1, "less than the minimum of 0"),
    ],
)
def test_absurd_rule_settings_fail_the_config_schema(
    schemas: SchemaSet, rule: str, key: str, value: int, expected: str
) -> None:
    problems = schemas.validate("config", {"council": "x", "name": "X", "rules": {rule: {key: value}}})
    assert [(where, expected in message) for where, message in problems] == [(("rules", rule, key), True)]


def test_ordinary_rule_settings_pass(schemas: SchemaSet) -> None:
    rules = {"invitation-notice": {"working_days": 10, "enabled": True}, "isp-review": {"months": 3, "grace_days": 30}}
    assert schemas.validate("config", {"council": "x", "name": "X", "rules": rules}) == []


def test_calendar_arithmetic_beyond_year_9999_is_a_clear_error() -> None:
    calendar = WorkingCalendar()
    cases = [
        lambda: add_months(date(9999, 12, 31), 6),
        lambda: add_months(date(2025, 1, 1), 99999999),
        lambda: add_months(date(2025, 1, 1), -99999999),
        lambda: calendar.add_working_days(date(9999, 12, 30), 5),
        lambda: calendar.add_working_days(date(1, 1, 2), -5),
        lambda: calendar.add_working_days(date(2025, 1, 1), 100000000),
        lambda: add_hours(datetime(9999, 12, 31, 23, 59), 24),
        lambda: add_hours(datetime(2025, 1, 1), 1e12),
        lambda: hours_between(datetime(2025, 1, 1), datetime(1, 1, 1, 0, 0)),
    ]
    for index, case in enumerate(cases):
        with pytest.raises(CalendarRangeError, match="beyond the calendar") as caught:
            case()
        assert isinstance(caught.value, LpscError) and caught.value.exit_code == 2, index


def test_a_step_of_more_than_a_century_of_working_days_is_refused_at_once() -> None:
    with pytest.raises(CalendarRangeError, match="more than 26,200"):
        WorkingCalendar().add_working_days(date(2025, 1, 1), MAX_WORKING_DAYS + 1)


def test_periods_up_to_the_last_day_of_the_calendar() -> None:
    assert periods("year", date(9998, 6, 1), date(9999, 12, 31)) == ["9998", "9999"]


def test_a_coverage_that_ends_before_it_starts_is_named() -> None:
    assert reversed_span({"from": "2025-12-31", "to": "2025-01-01"}, "coverage") == (
        "coverage.from (2025-12-31) is after coverage.to (2025-01-01): the span holds no day"
    )
    assert reversed_span({"from": "2025-01-01", "to": "2025-01-01"}, "coverage") is None
    assert reversed_span({"from": "2025-01-01"}, "coverage") is None
    assert reversed_span(None, "coverage") is None


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "council"
    shutil.copytree(EXAMPLE, root)
    return root


def lpsc(runner: Any, app: Any, root: Path, *args: str) -> Any:
    return runner.invoke(app, [*args, "--repo", str(root)])


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("cases/2025/case-2025-006.yaml", "received: 2025-11-04T10:00", "received: 9999-12-31T23:59"),
        ("cases/2025/case-2025-004.yaml", "approved: 2025-04-28", "approved: 9999-12-31"),
    ],
)
def test_dates_in_9999_never_crash_a_command(
    runner: Any, app: Any, example: Path, file: str, old: str, new: str
) -> None:
    path = example / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    for command in (["check", "--as-of", "2025-12-31"], ["deadlines", "--as-of", "2025-12-31"], ["case", "list"]):
        result = lpsc(runner, app, example, *command)
        assert result.exit_code in (0, 1, 2), (command, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (command, result.exception)
    check = lpsc(runner, app, example, "check", "--as-of", "2025-12-31")
    assert check.exit_code == 1
    assert f"{file}:" in check.output and "error schema" in check.output


@pytest.mark.parametrize(
    "settings",
    ["invitation-notice: {working_days: 100000000}", "isp-review: {months: 99999999}"],
)
def test_absurd_thresholds_are_a_configuration_error(runner: Any, app: Any, example: Path, settings: str) -> None:
    with (example / "lpsc.yaml").open("a", encoding="utf-8") as config:
        config.write(f"rules:\n  {settings}\n")
    for command in (["check"], ["deadlines"]):
        result = lpsc(runner, app, example, *command)
        assert result.exit_code == 2, result.output
        assert "is greater than the maximum" in result.output
