"""`lpsc deadlines` through the CLI: text, json and ics output, filters, exit codes (see also test_reporters_ics.py)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.support.rules import LATE_INVITATION, Build, case, meeting

THREE_RULES = ["--rule", "invitation-notice", "--rule", "screening-5wd", "--rule", "press-release-24h"]


@pytest.fixture
def repo(make_repo: Build) -> Path:
    """A meeting held on 12 March (invitation a day late), one scheduled on 16 April, a case not screened."""
    builder = make_repo()
    builder.config(coverage={"from": "2025-03-01", "to": "2025-04-30"})
    builder.add("meeting", LATE_INVITATION)
    location = {"sq": "Salla e Këshillit", "en": "Council Hall"}
    builder.add("meeting", meeting("2025-04-16", start="10:00", end="12:00", location=location))
    builder.add("case", case(1, "2025-03-10T09:30"))
    return Path(builder.root)


def invoke(runner: Any, app: Any, repo: Path, *args: str) -> Any:
    return runner.invoke(app, ["deadlines", "--repo", str(repo), "--as-of", "2025-04-03", *args])


def test_text_table_shows_open_obligations_overdue_first(runner: Any, app: Any, repo: Path) -> None:
    result = invoke(runner, app, repo, *THREE_RULES)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Deadlines of testville as of 2025-04-03 (due soon: within 14 days)\n"
        "Due                 Days  Status    Rule               Record           Obligation\n"
        "2025-03-18        -10 wd  overdue   screening-5wd      case-2025-001    screening of referral\n"
        "                                                                        case-2025-001 received\n"
        "                                                                        2025-03-10\n"
        "2025-04-09         +4 wd  due-soon  invitation-notice  lpsc-2025-04-16  invitation to the LPSC\n"
        "                                                                        meeting of 2025-04-16 (5\n"
        "                                                                        working days ahead)\n"
        "2025-04-17 12:00   +14 d  due-soon  press-release-24h  lpsc-2025-04-16  press release of the LPSC\n"
        "                                                                        meeting of 2025-04-16\n"
        "                                                                        (within 24 hours)\n"
        "1 overdue, 2 due-soon\n"
    )


def test_all_adds_met_obligations(runner: Any, app: Any, repo: Path) -> None:
    result = invoke(runner, app, repo, *THREE_RULES, "--all", "--format", "json")
    document = json.loads(result.stdout)
    assert [(i["rule"], i["record"], i["status"], i["days"]) for i in document["items"]] == [
        ("screening-5wd", "case-2025-001", "overdue", -10),
        ("invitation-notice", "lpsc-2025-03-12", "met-late", -1),
        ("press-release-24h", "lpsc-2025-03-12", "met", 0),
        ("invitation-notice", "lpsc-2025-04-16", "due-soon", 4),
        ("press-release-24h", "lpsc-2025-04-16", "due-soon", 14),
    ]
    assert document["counts"] == {"overdue": 1, "due-soon": 2, "upcoming": 0, "met": 1, "met-late": 1}


def test_json_shape(runner: Any, app: Any, repo: Path) -> None:
    result = invoke(runner, app, repo, "--rule", "press-release-24h", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "as_of": "2025-04-03",
        "within": 14,
        "counts": {"overdue": 0, "due-soon": 1, "upcoming": 0, "met": 0, "met-late": 0},
        "items": [
            {
                "rule": "press-release-24h",
                "record": "lpsc-2025-04-16",
                "due": "2025-04-17T12:00",
                "status": "due-soon",
                "days": 14,
                "unit": "days",
                "done": None,
                "period": None,
                "severity": "error",
                "file": "meetings/2025/lpsc-2025-04-16.yaml",
                "message": "press release of the LPSC meeting of 2025-04-16 (within 24 hours): due 2025-04-17T12:00 (in 14 days)",
                "obligation": "press-release-24h:lpsc-2025-04-16",
                "acknowledged": None,
            }
        ],
    }


def test_filters_overdue_record_and_within(runner: Any, app: Any, repo: Path) -> None:
    def records(*args: str) -> list[tuple[str, str]]:
        result = invoke(runner, app, repo, *THREE_RULES, "--format", "json", *args)
        assert result.exit_code == 0, result.output
        return [(i["rule"], i["status"]) for i in json.loads(result.stdout)["items"]]

    assert records("--overdue") == [("screening-5wd", "overdue")]
    assert records("--record", "lpsc-2025-04-16", "--within", "7") == [
        ("invitation-notice", "due-soon"),
        ("press-release-24h", "upcoming"),
    ]
    assert records("--record", "lpsc-2025-03-12") == []
    assert records("--record", "lpsc-2025-03-12", "--all") == [
        ("invitation-notice", "met-late"),
        ("press-release-24h", "met"),
    ]


def test_fail_on_overdue(runner: Any, app: Any, repo: Path) -> None:
    assert invoke(runner, app, repo, *THREE_RULES, "--fail-on", "overdue").exit_code == 1
    only_meetings = ["--rule", "invitation-notice", "--rule", "press-release-24h"]
    assert invoke(runner, app, repo, *only_meetings, "--fail-on", "overdue").exit_code == 0
    assert invoke(runner, app, repo, *only_meetings, "--fail-on", "due-soon").exit_code == 1
    assert invoke(runner, app, repo, *THREE_RULES).exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rule", "no-such-rule"], "--rule: unknown rule no-such-rule"),
        (["--as-of", "31/12/2025"], "--as-of: '31/12/2025' is not a date"),
        (["--within", "-1"], "--within: the number of days cannot be negative"),
    ],
)
def test_usage_errors_exit_2_without_traceback(
    runner: Any, app: Any, repo: Path, args: list[str], message: str
) -> None:
    result = invoke(runner, app, repo, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_no_repository_is_a_configuration_error(runner: Any, app: Any, tmp_path: Path) -> None:
    result = runner.invoke(app, ["deadlines", "--repo", str(tmp_path)])
    assert result.exit_code == 2
    assert "not an lpsc repository" in result.stderr


def _parse_ics(data: bytes) -> Any:
    from icalendar import Calendar

    return Calendar.from_ical(data)


def test_ics_parses_back_with_deadline_and_meeting_events(runner: Any, app: Any, repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "deadlines.ics"
    result = invoke(runner, app, repo, *THREE_RULES, "--format", "ics", "-o", str(target))
    assert result.exit_code == 0, result.output
    calendar = _parse_ics(target.read_bytes())
    assert calendar.walk("VTODO") == []
    deadlines = [e for e in calendar.walk("VEVENT") if e.walk("VALARM")]
    tirane = deadlines[2].decoded("dtstart").tzinfo
    assert [(str(e["summary"]), e.decoded("dtstart")) for e in deadlines] == [
        ("Screening of the referral of case case-2025-001", date(2025, 3, 18)),
        ("Invitation for the LPSC meeting of 16 April 2025", date(2025, 4, 9)),
        ("Press release on the LPSC meeting of 16 April 2025", datetime(2025, 4, 17, 12, 0, tzinfo=tirane)),
    ]
    assert str(tirane) == "Europe/Tirane"
    assert {e.decoded("dtstamp") for e in deadlines} == {
        datetime(2025, 4, 3, 0, 0, tzinfo=deadlines[0].decoded("dtstamp").tzinfo)
    }
    meetings = [e for e in calendar.walk("VEVENT") if not e.walk("VALARM")]
    assert len(meetings) == 1  # the meeting of 12 March is past on 3 April
    event = meetings[0]
    assert str(event["summary"]) == "LPSC meeting (lpsc-2025-04-16)"
    assert str(event["location"]) == "Council Hall"  # the test council writes English
    start = event.decoded("dtstart")
    assert (start.replace(tzinfo=None), str(start.tzinfo)) == (datetime(2025, 4, 16, 10, 0), "Europe/Tirane")
    assert event.decoded("dtend").replace(tzinfo=None) == datetime(2025, 4, 16, 12, 0)
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Tirane"]


def test_ics_is_reproducible_and_uids_are_stable(runner: Any, app: Any, repo: Path) -> None:
    first = invoke(runner, app, repo, "--format", "ics").stdout_bytes
    second = invoke(runner, app, repo, "--format", "ics").stdout_bytes
    assert first == second
    later = runner.invoke(
        app, ["deadlines", "--repo", str(repo), "--as-of", "2025-04-05", "--format", "ics"]
    ).stdout_bytes
    uids = {str(c["uid"]) for c in _parse_ics(first).walk() if "uid" in c}
    later_uids = {str(c["uid"]) for c in _parse_ics(later).walk() if "uid" in c}
    assert len(uids) == len(_parse_ics(first).walk("VTODO")) + len(_parse_ics(first).walk("VEVENT"))
    # two days later the same obligations and meetings keep their UIDs
    assert uids == later_uids


def test_help_documents_every_option(runner: Any, app: Any) -> None:
    result = runner.invoke(app, ["deadlines", "--help"])
    assert result.exit_code == 0
    for option in (
        "--as-of",
        "--within",
        "--overdue",
        "--rule",
        "--record",
        "--format",
        "--fail-on",
        "--all",
        "--output",
    ):
        assert option in result.stdout


GOLDEN = Path(__file__).parent / "cases" / "deadlines-elbasan"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "elbasan"


def test_golden_json_of_the_example_repository(runner: Any, app: Any) -> None:
    """`lpsc deadlines --format json --as-of 2025-12-31 --all` on examples/elbasan.

    Regenerate after a deliberate change with `LPSC_UPDATE_GOLDEN=1 pytest tests/test_deadlines_cli.py`
    and review the diff.
    """
    import os

    args = (GOLDEN / "args").read_text(encoding="utf-8").split()
    result = runner.invoke(app, ["deadlines", "--repo", str(EXAMPLE), *args])
    assert result.exit_code == 0, result.output
    expected = GOLDEN / "expected.json"
    if os.environ.get("LPSC_UPDATE_GOLDEN"):
        expected.write_text(result.stdout, encoding="utf-8")
    assert json.loads(result.stdout) == json.loads(expected.read_text(encoding="utf-8"))
    document = json.loads(result.stdout)
    # the example keeps every obligation of 2025; three are still open on 31 December. The 22
    # declarations of members who joined in December 2024 fell due before coverage.from: not counted
    assert document["counts"] == {"overdue": 0, "due-soon": 2, "upcoming": 1, "met": 151, "met-late": 0}


def test_list_rules_shows_the_settings_of_the_repository(runner: Any, app: Any, make_repo: Build) -> None:
    builder = make_repo()
    builder.config(rules={"meetings-per-year": {"minimum": 4}, "contact-monthly": {"enabled": False}})
    result = runner.invoke(app, ["deadlines", "--repo", str(builder.root), "--list-rules", "--format", "json"])
    assert result.exit_code == 0, result.output
    rules = {r["id"]: r for r in json.loads(result.stdout)["rules"]}
    assert len(rules) == 26
    assert rules["meetings-per-year"]["thresholds"] == {"minimum": 4}
    assert (rules["contact-monthly"]["enabled"], rules["screening-5wd"]["source"]) == (False, "A Annex 3 I")
    text = runner.invoke(app, ["deadlines", "--repo", str(builder.root), "--list-rules"]).stdout.splitlines()
    assert text[0].split()[:3] == ["meetings-per-year", "error", "minimum=4"]
    assert (
        text[1].strip()
        == "lpsc.yaml names no basis: every rule applies (this one: council-regulation and normative-act)"
    )
    assert text[38].split()[:2] == ["contact-monthly", "off"]
    assert text[39].strip() == "turned off in lpsc.yaml (rules.contact-monthly.enabled: false)"
    assert rules["contact-monthly"]["reason"] == "turned off in lpsc.yaml (rules.contact-monthly.enabled: false)"


def test_piped_text_is_not_wrapped_to_eighty_columns(runner, app, monkeypatch) -> None:
    from tests.support.repos import EXAMPLE

    monkeypatch.delenv("COLUMNS", raising=False)
    result = runner.invoke(app, ["deadlines", "--repo", str(EXAMPLE), "--as-of", "2025-12-20"])
    assert result.exit_code == 0
    line = next(line for line in result.output.splitlines() if "minutes-submitted" in line)
    assert line.endswith("minutes of the LPSC meeting of 2025-12-17 submitted to CVE and NCCS")
