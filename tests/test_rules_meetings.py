"""Rules on meetings: per rule met, met-late, overdue, due-soon, upcoming, and calendar edges."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from tests.support.rules import YEAR_2025, Build, brief, judged, meeting, one

# --- invitation-notice (5 working days before; R art. 7.4) --------------------------------------

# Wed 2025-03-12: back 11, 10, 7, 6, 5 March -> due Wed 2025-03-05


@pytest.mark.parametrize(
    ("sent", "as_of", "expected"),
    [
        ("2025-03-04T09:00", date(2025, 3, 31), ("2025-03-05", "met", 1)),
        ("2025-03-05T17:00", date(2025, 3, 31), ("2025-03-05", "met", 0)),
        ("2025-03-06T09:00", date(2025, 3, 31), ("2025-03-05", "met-late", -1)),
        (None, date(2025, 3, 7), ("2025-03-05", "overdue", -2)),
        (None, date(2025, 3, 1), ("2025-03-05", "due-soon", 3)),  # Sat: 3, 4, 5 March
        (None, date(2025, 2, 1), ("2025-03-05", "upcoming", 23)),  # 20 working days in Feb + 3
    ],
)
def test_invitation_notice(make_repo: Build, sent: str | None, as_of: date, expected: tuple[Any, ...]) -> None:
    builder = make_repo()
    fields = {"invitation": {"sent": sent, "to": "all"}} if sent else {}
    builder.add("meeting", meeting("2025-03-12", **fields))
    item = one(builder, "invitation-notice", as_of)
    assert brief([item]) == [expected]
    assert item.unit == "working-days"
    assert item.record == "lpsc-2025-03-12" and item.file == "meetings/2025/lpsc-2025-03-12.yaml"
    assert item.path == (("invitation", "sent") if sent else ("date",))


@pytest.mark.parametrize(
    ("day", "due"),
    [
        ("2025-03-17", "2025-03-07"),  # Mon: the weekend and Fri 14 Mar (Summer Day) are skipped
        ("2025-04-01", "2025-03-21"),  # Tue: Mon 31 Mar (Eid observed) and Mon 24 Mar (Nowruz observed)
        ("2026-01-06", "2025-12-26"),  # Tue: 5 Jan, then 2 and 1 Jan holidays, 31, 30, 29 Dec, 25 Dec holiday
        # Mon: 3, 2, 1 Mar, leap day 29 Feb; Mon 28 Feb is Eid al-Fitr observed (estimated,
        # Sat 26 Feb), so the fifth is Fri 25 Feb
        ("2028-03-06", "2028-02-25"),
    ],
)
def test_invitation_notice_steps_over_weekends_holidays_year_end_and_leap_day(
    make_repo: Build, day: str, due: str
) -> None:
    builder = make_repo()
    builder.add("meeting", meeting(day))
    assert one(builder, "invitation-notice", date(2020, 1, 1)).due == date.fromisoformat(due)


def test_invitation_notice_sent_on_the_observed_holiday_is_late(make_repo: Build) -> None:
    builder = make_repo()
    # due Fri 2025-03-21; Mon 24 Mar (Nowruz observed) is not a working day, Tue 25 is the first late one
    builder.add("meeting", meeting("2025-04-01", invitation={"sent": "2025-03-25T08:00"}))
    item = one(builder, "invitation-notice", date(2025, 4, 30))
    assert brief([item]) == [("2025-03-21", "met-late", -1)]
    assert item.message == (
        "invitation to the LPSC meeting of 2025-04-01 (5 working days ahead): "
        "done 2025-03-25, 1 working day late (due 2025-03-21)"
    )


def test_invitation_notice_threshold_and_severity_from_config(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(rules={"invitation-notice": {"working_days": 3, "severity": "warning"}})
    builder.add("meeting", meeting("2025-03-12", invitation={"sent": "2025-03-06T09:00"}))
    item = one(builder, "invitation-notice", date(2025, 3, 31))
    assert brief([item]) == [("2025-03-07", "met", 1)]  # 11, 10, 7 March
    assert item.severity.value == "warning"


def test_only_lpsc_meetings_need_the_notice(make_repo: Build) -> None:
    builder = make_repo()
    builder.add("meeting", meeting("2025-03-12", "coordination-secretariat"))
    builder.add("meeting", meeting("2025-03-13", "ad-hoc"))
    assert judged(builder, "invitation-notice", date(2025, 3, 31)) == []


# --- press-release-24h (R art. 11.3) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "as_of", "expected"),
    [
        ("2025-03-12T16:00", date(2025, 3, 31), ("2025-03-13 12:30:00", "met", 0)),
        ("2025-03-13T12:30", date(2025, 3, 31), ("2025-03-13 12:30:00", "met", 0)),
        ("2025-03-13T16:00", date(2025, 3, 31), ("2025-03-13 12:30:00", "met-late", -1)),
        (None, date(2025, 3, 14), ("2025-03-13 12:30:00", "overdue", -1)),
        (None, date(2025, 3, 13), ("2025-03-13 12:30:00", "due-soon", 0)),
        (None, date(2025, 2, 1), ("2025-03-13 12:30:00", "upcoming", 40)),
    ],
)
def test_press_release_24h(make_repo: Build, published: str | None, as_of: date, expected: tuple[Any, ...]) -> None:
    builder = make_repo()
    fields = {"press_release": {"published": published}} if published else {}
    builder.add("meeting", meeting("2025-03-12", start="10:00", end="12:30", **fields))
    item = one(builder, "press-release-24h", as_of)
    assert brief([item]) == [expected]
    if published == "2025-03-13T16:00":
        assert item.message.endswith("done 2025-03-13T16:00, 3.5 hours late (due 2025-03-13T12:30)")


def test_press_release_window_across_midnight(make_repo: Build) -> None:
    builder = make_repo()
    builder.add(
        "meeting", meeting("2025-03-12", start="21:00", end="23:30", press_release={"published": "2025-03-13T23:29"})
    )
    item = one(builder, "press-release-24h", date(2025, 3, 31))
    assert item.due == datetime(2025, 3, 13, 23, 30)
    assert item.status == "met"


@pytest.mark.parametrize(
    ("published", "status"),
    [("2025-03-30T20:30", "met"), ("2025-03-30T21:00", "met"), ("2025-03-30T21:01", "met-late")],
)
def test_press_release_window_across_the_spring_dst_change(make_repo: Build, published: str, status: str) -> None:
    builder = make_repo()
    # clocks jump 02:00 -> 03:00 on Sun 2025-03-30: 24 hours after Sat 20:00 is Sun 21:00 on the wall
    builder.add("meeting", meeting("2025-03-29", start="18:00", end="20:00", press_release={"published": published}))
    item = one(builder, "press-release-24h", date(2025, 4, 30))
    assert item.due == datetime(2025, 3, 30, 21, 0)
    assert item.status == status


def test_press_release_of_a_meeting_without_times_is_due_the_next_day(make_repo: Build) -> None:
    builder = make_repo()
    builder.add("meeting", meeting("2025-03-12", press_release={"published": "2025-03-13T23:00"}))
    assert brief([one(builder, "press-release-24h", date(2025, 3, 31))]) == [("2025-03-13", "met", 0)]


# --- absence-explained (A §3.2.1) -----------------------------------------------------------------


def test_absence_explained(make_repo: Build) -> None:
    builder = make_repo()
    attendance = [
        {"member": "member-a", "status": "present"},
        {"member": "member-b", "status": "excused", "explanation_received": "2025-03-11"},
        {"member": "member-c", "status": "excused", "explanation_received": "2025-03-19"},
        {"member": "member-d", "status": "absent"},
        {"member": "member-e", "status": "virtual"},
    ]
    builder.add("meeting", meeting("2025-03-12", attendance=attendance))
    # due 3 working days after Wed 12 Mar: 13, (14 Summer Day), 17, 18 -> Tue 2025-03-18
    items = judged(builder, "absence-explained", date(2025, 3, 20))
    assert [(i.path, *brief([i])[0]) for i in items] == [
        (("attendance", 3), "2025-03-18", "overdue", -2),
        (("attendance", 1), "2025-03-18", "met", 4),
        (("attendance", 2), "2025-03-18", "met-late", -1),
    ]
    assert "member-d" in items[0].message


def test_absence_explained_waits_for_the_meeting(make_repo: Build) -> None:
    builder = make_repo()
    builder.add("meeting", meeting("2025-03-12", attendance=[{"member": "member-d", "status": "absent"}]))
    assert judged(builder, "absence-explained", date(2025, 3, 11)) == []
    assert one(builder, "absence-explained", date(2025, 3, 12)).status == "due-soon"


# --- minutes-signed and minutes-submitted (R art. 7.8, 10.2; A Annex 3 VII) -------------------------


def _minutes_meeting(signed: list[str | None], sent: str | None, cve: str | None, nccs: str | None) -> dict[str, Any]:
    decisions = [{"text": f"decision {n}", **({"signed": s} if s else {})} for n, s in enumerate(signed)]
    minutes: dict[str, Any] = {"status": "signed"}
    if sent:
        minutes["sent_to_members"] = sent
    submitted = {k: v for k, v in (("cve", cve), ("nccs", nccs)) if v}
    if submitted:
        minutes["submitted"] = submitted
    return meeting("2025-03-12", decisions=decisions, minutes=minutes)


def test_minutes_signed(make_repo: Build) -> None:
    # due 5 working days after Wed 12 Mar: 13, 17, 18, 19, 20 -> Thu 2025-03-20
    builder = make_repo()
    builder.add("meeting", _minutes_meeting(["2025-03-13", "2025-03-13"], "2025-03-14", None, None))
    assert brief([one(builder, "minutes-signed", date(2025, 3, 31))]) == [("2025-03-20", "met", 4)]
    late = make_repo()
    late.add("meeting", _minutes_meeting(["2025-03-13", "2025-03-21"], "2025-03-14", None, None))
    assert brief([one(late, "minutes-signed", date(2025, 3, 31))]) == [("2025-03-20", "met-late", -1)]
    unsigned = make_repo()
    unsigned.add("meeting", _minutes_meeting(["2025-03-13", None], "2025-03-14", None, None))
    # 21 Mar, (24 Mar Nowruz observed), 25 Mar
    assert brief([one(unsigned, "minutes-signed", date(2025, 3, 25))]) == [("2025-03-20", "overdue", -2)]
    assert brief([one(unsigned, "minutes-signed", date(2025, 3, 12))]) == [("2025-03-20", "due-soon", 5)]


def test_minutes_submitted(make_repo: Build) -> None:
    # due 10 working days after 12 Mar: 13, 17, 18, 19, 20, 21, 24 is Nowruz observed, 25, 26, 27, 28 -> 28 Mar
    builder = make_repo()
    builder.add("meeting", _minutes_meeting([], None, "2025-03-20", "2025-04-01"))  # 31 Mar: Eid observed
    assert brief([one(builder, "minutes-submitted", date(2025, 4, 30))]) == [("2025-03-28", "met-late", -1)]
    missing = make_repo()
    missing.add("meeting", _minutes_meeting([], None, "2025-03-20", None))
    assert brief([one(missing, "minutes-submitted", date(2025, 4, 2))]) == [("2025-03-28", "overdue", -2)]
    ok = make_repo()
    ok.add("meeting", _minutes_meeting([], None, "2025-03-20", "2025-03-20"))
    assert brief([one(ok, "minutes-submitted", date(2025, 4, 2))]) == [("2025-03-28", "met", 5)]


# --- meetings-per-year (R art. 7.2) ----------------------------------------------------------------


def test_meetings_per_year(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(**YEAR_2025)
    builder.add("meeting", meeting("2025-03-12"))
    builder.add("meeting", meeting("2025-09-10"))
    builder.add("meeting", meeting("2025-06-05", "open-consultation"))
    item = one(builder, "meetings-per-year", date(2025, 12, 31))
    assert brief([item]) == [("2025-12-31", "met", 112)]  # met on 10 Sep
    assert item.period == "2025" and item.file == "lpsc.yaml"
    # only one held by 1 June: open, 213 days left
    assert brief([one(builder, "meetings-per-year", date(2025, 6, 1))]) == [("2025-12-31", "upcoming", 213)]


def test_meetings_per_year_minimum_from_config_and_overdue(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(rules={"meetings-per-year": {"minimum": 4}}, **YEAR_2025)
    for day in ("2025-02-12", "2025-05-14", "2025-09-10"):
        builder.add("meeting", meeting(day))
    item = one(builder, "meetings-per-year", date(2026, 1, 5))
    assert brief([item]) == [("2025-12-31", "overdue", -5)]
    assert item.message == "4 LPSC meetings in 2025: not done, due 2025-12-31 (5 days late)"


# --- secretariat-monthly (R art. 9.2) --------------------------------------------------------------


def test_secretariat_monthly(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(**YEAR_2025)
    builder.add("meeting", meeting("2025-01-15", "coordination-secretariat"))
    builder.add("meeting", meeting("2025-03-03", "coordination-secretariat"))
    items = judged(builder, "secretariat-monthly", date(2025, 3, 10))
    assert [(i.period, *brief([i])[0]) for i in items] == [
        ("2025-02", "2025-02-28", "overdue", -10),
        ("2025-01", "2025-01-31", "met", 16),
        ("2025-03", "2025-03-31", "met", 28),
    ]


def test_secretariat_monthly_due_soon_at_the_month_end(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(coverage={"from": "2025-12-01"})
    assert judged(builder, "secretariat-monthly", date(2025, 12, 20)) == []  # no council activity yet
    builder.add("meeting", meeting("2025-12-03"))  # the first activity starts the months
    assert brief(judged(builder, "secretariat-monthly", date(2025, 12, 20))) == [("2025-12-31", "due-soon", 11)]


# --- consultation-6-months (R art. 8.5) -----------------------------------------------------------


PLAN_2025 = {"id": "plan-2025", "period": {"from": "2025-01-01", "to": "2025-12-31"}, "status": "approved"}


def test_consultation_every_six_months_and_its_follow_up(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(**YEAR_2025)
    builder.add("meeting", meeting("2025-01-22", "open-consultation"))
    builder.add("meeting", meeting("2025-02-05"))
    builder.add("plan", {**PLAN_2025, "approved_at": "lpsc-2025-02-05"})
    items = judged(builder, "consultation-6-months", date(2025, 7, 15))
    assert [(i.record, i.period, *brief([i])[0]) for i in items] == [
        ("consult-2025-01-22", None, "2025-05-22", "met", 106),  # 22 Jan + 120 days; met 5 Feb
        (None, "2025-H1", "2025-06-30", "met", 159),
        (None, "2025-H2", "2025-12-31", "upcoming", 169),
    ]


def test_consultation_follow_up_needs_a_meeting_that_updates_the_plan(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(**YEAR_2025)
    builder.add("meeting", meeting("2025-01-22", "open-consultation"))
    builder.add("meeting", meeting("2025-02-05"))
    builder.add("meeting", meeting("2025-06-04"))
    builder.add("plan", {**PLAN_2025, "revisions": [{"date": "2025-06-04", "meeting": "lpsc-2025-06-04"}]})
    items = judged(builder, "consultation-6-months", date(2025, 6, 10))
    follow_up = next(i for i in items if i.record == "consult-2025-01-22")
    assert brief([follow_up]) == [("2025-05-22", "met-late", -13)]
