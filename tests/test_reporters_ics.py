"""`lpsc deadlines --format ics`: events that calendar apps show, with reminders, in the council's language."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import vobject
from icalendar import Calendar

from lpsc_cli.cli.deadlines import DeadlineFormat
from lpsc_cli.reporters.deadlines import REPORTERS

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "elbasan"
RULES = ["--rule", "invitation-notice", "--rule", "press-release-24h", "--rule", "screening-5wd"]


@pytest.fixture
def council(make_repo: Any) -> Any:
    """An Albanian council: an LPSC meeting on Wed 17 Dec 2025 not yet invited, a referral of Mon 1 Dec."""
    builder = make_repo()
    builder.config(language="sq", coverage={"from": "2025-11-01"})
    builder.add(
        "meeting",
        {"id": "lpsc-2025-12-17", "type": "lpsc", "date": "2025-12-17", "start": "10:00", "end": "12:00"},
    )
    builder.add(
        "case",
        {
            "id": "case-2025-001",
            "status": "active",
            "subject": {"code": "A.G."},
            "referral": {"received": "2025-12-01T09:30"},
        },
    )
    return builder


def ics(runner: Any, app: Any, root: Path, as_of: str, *args: str) -> bytes:
    result = runner.invoke(app, ["deadlines", "--repo", str(root), "--as-of", as_of, "--format", "ics", *args])
    assert result.exit_code == 0, result.output
    return bytes(result.stdout_bytes)


def events(data: bytes) -> dict[str, Any]:
    """The VEVENTs of a calendar by summary (icalendar's reading)."""
    calendar = Calendar.from_ical(data)
    assert calendar.walk("VTODO") == []
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_deadlines_are_albanian_events_with_reminders(runner: Any, app: Any, council: Any) -> None:
    found = events(ics(runner, app, council.root, "2025-12-01", *RULES))
    invitation = found["Ftesa për mbledhjen e KVSP 17 dhjetor 2025"]
    assert invitation.decoded("dtstart") == date(2025, 12, 10)  # all day: 5 working days before the 17th
    assert invitation.decoded("dtend") == date(2025, 12, 11)
    assert str(invitation["transp"]) == "TRANSPARENT"
    press = found["Njoftimi për shtyp për mbledhjen e KVSP 17 dhjetor 2025"]
    start = press.decoded("dtstart")
    assert (start.replace(tzinfo=None), str(start.tzinfo)) == (datetime(2025, 12, 18, 12, 0), "Europe/Tirane")
    assert "Shqyrtimi i referimit për rastin case-2025-001" in found
    assert "Mbledhja e KVSP (lpsc-2025-12-17)" in found  # the meeting itself
    for summary in ("Ftesa për mbledhjen e KVSP 17 dhjetor 2025", "Shqyrtimi i referimit për rastin case-2025-001"):
        (alarm,) = found[summary].walk("VALARM")
        assert str(alarm["action"]) == "DISPLAY"
        assert summary in str(alarm["description"])


def test_reminders_ring_working_days_before_the_due_day(runner: Any, app: Any, council: Any) -> None:
    def trigger(*args: str) -> dict[str, timedelta]:
        found = events(ics(runner, app, council.root, "2025-12-01", *RULES, *args))
        return {
            name: event.walk("VALARM")[0].decoded("trigger") for name, event in found.items() if event.walk("VALARM")
        }

    default = trigger()
    # due Wed 10 Dec: two working days back is Mon 8 Dec... a holiday (Youth Day), so Fri 5 Dec, 09:00
    assert default["Ftesa për mbledhjen e KVSP 17 dhjetor 2025"] == -timedelta(days=5) + timedelta(hours=9)
    # due Thu 18 Dec 12:00: Tue 16 Dec 12:00
    assert default["Njoftimi për shtyp për mbledhjen e KVSP 17 dhjetor 2025"] == -timedelta(days=2)
    same_day = trigger("--remind", "0")
    assert same_day["Ftesa për mbledhjen e KVSP 17 dhjetor 2025"] == timedelta(hours=9)


def test_english_with_lang_and_no_relative_time(runner: Any, app: Any, council: Any) -> None:
    found = events(ics(runner, app, council.root, "2025-12-01", *RULES, "--lang", "en"))
    assert "Invitation for the LPSC meeting of 17 December 2025" in found
    for event in found.values():
        text = str(event.get("description", ""))
        assert not re.search(r"\bin \d+ (working )?days?|\blate\b|\btoday\b|\bdue-soon\b|\boverdue\b", text), text


def test_uids_are_the_same_on_every_run_and_every_as_of_day(runner: Any, app: Any, council: Any) -> None:
    first = ics(runner, app, council.root, "2025-12-01", *RULES)
    assert first == ics(runner, app, council.root, "2025-12-01", *RULES)
    later = ics(runner, app, council.root, "2025-12-05", *RULES)
    uids = {name: str(event["uid"]) for name, event in events(first).items()}
    assert uids == {name: str(event["uid"]) for name, event in events(later).items()}
    assert len(set(uids.values())) == len(uids) == 4
    descriptions = {name: str(event.get("description")) for name, event in events(first).items()}
    assert descriptions == {name: str(event.get("description")) for name, event in events(later).items()}


def test_a_due_date_that_moves_keeps_its_uid(runner: Any, app: Any, council: Any) -> None:
    before = events(ics(runner, app, council.root, "2025-12-01", *RULES))
    council.config(language="sq", coverage={"from": "2025-11-01"}, calendar={"closures": ["2025-12-03"]})
    after = events(ics(runner, app, council.root, "2025-12-01", *RULES))
    screening = "Shqyrtimi i referimit për rastin case-2025-001"
    assert before[screening].decoded("dtstart") == date(2025, 12, 9)  # 5 working days after Mon 1 Dec (8th off)
    assert after[screening].decoded("dtstart") == date(2025, 12, 10)  # one more closure day
    assert str(before[screening]["uid"]) == str(after[screening]["uid"])


def test_a_second_parser_reads_the_example_calendar(runner: Any, app: Any) -> None:
    data = ics(runner, app, EXAMPLE, "2025-12-10", "--lang", "sq")
    calendar = vobject.readOne(data.decode("utf-8"))
    vevents = calendar.contents["vevent"]
    assert "vtodo" not in calendar.contents
    obligations = [e for e in vevents if "valarm" in e.contents]
    assert len(obligations) >= 5
    assert len(vevents) - len(obligations) == 2  # the meetings of 16 and 17 December
    summaries = {e.summary.value for e in vevents}
    assert "Njoftimi për shtyp për mbledhjen e KVSP 17 dhjetor 2025" in summaries
    assert all(e.valarm.trigger.value < timedelta(0) for e in obligations)
    assert len({e.uid.value for e in vevents}) == len(vevents)
    parsed = {str(e["uid"]) for e in Calendar.from_ical(data).walk("VEVENT")}
    assert parsed == {e.uid.value for e in vevents}


def test_every_deadline_format_is_a_registry_name() -> None:
    assert [f.value for f in DeadlineFormat] == list(REPORTERS)


def test_remind_is_bounded(runner: Any, app: Any, council: Any) -> None:
    result = runner.invoke(app, ["deadlines", "--repo", str(council.root), "--format", "ics", "--remind", "-1"])
    assert result.exit_code == 2
