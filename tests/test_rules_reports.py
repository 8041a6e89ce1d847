"""Rules on reports, members and training: chair-reports-council, annual-report, prefect-reports,
confidentiality-declared, training-refresher."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.support.rules import YEAR_2025, Build, brief, case, judged, meeting, one


def report(ident: str, kind: str, period: Any, submitted: str, **fields: Any) -> dict[str, Any]:
    return {"id": ident, "kind": kind, "period": period, "submitted": submitted, **fields}


def member(ident: str, **fields: Any) -> dict[str, Any]:
    return {"id": ident, "name": "Invented Name", "institution": "municipality-tv", **fields}


# --- chair-reports-council (R art. 5.2) ---------------------------------------------------------


def test_chair_reports_council(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(**YEAR_2025)
    # `period: 2025` written as a number is the same period
    builder.add(
        "report", report("chair-2025", "chair-to-municipal-council", 2025, "2025-12-15", to=["municipal-council"])
    )
    item = one(builder, "chair-reports-council", date(2026, 1, 10))
    assert brief([item]) == [("2026-03-31", "met", 106)]  # 90 days after the year; done 15 Dec
    assert (item.record, item.path) == ("chair-2025", ("submitted",))
    empty = make_repo()
    empty.config(**YEAR_2025)
    assert judged(empty, "chair-reports-council", date(2026, 4, 2)) == []  # no council activity on record
    empty.add("meeting", meeting("2025-06-04"))
    assert brief(judged(empty, "chair-reports-council", date(2026, 3, 20))) == [("2026-03-31", "due-soon", 11)]
    assert brief(judged(empty, "chair-reports-council", date(2026, 4, 2))) == [("2026-03-31", "overdue", -2)]


# --- annual-report (A §3.5) -------------------------------------------------------------------------


def test_annual_report_to_cve_and_nccs(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(**YEAR_2025)
    builder.add("report", report("annual-2025", "annual-activity", "2025", "2026-01-20", to=["cve", "nccs"]))
    assert brief(judged(builder, "annual-report", date(2026, 2, 1))) == [("2026-01-31", "met", 11)]
    # not yet submitted on 31 December: due in 31 days
    assert brief(judged(builder, "annual-report", date(2025, 12, 31))) == [("2026-01-31", "upcoming", 31)]
    partial = make_repo()
    partial.config(**YEAR_2025)
    partial.add("report", report("annual-2025", "annual-activity", "2025", "2026-01-20", to=["cve"]))
    assert brief(judged(partial, "annual-report", date(2026, 2, 2))) == [("2026-01-31", "overdue", -2)]
    late = make_repo()
    late.config(**YEAR_2025)
    late.add("report", report("annual-2025", "annual-activity", "2025", "2026-02-03", to=["cve", "nccs"]))
    assert brief(judged(late, "annual-report", date(2026, 3, 1))) == [("2026-01-31", "met-late", -3)]


# --- prefect-reports (A §3.5) -----------------------------------------------------------------------


def test_prefect_reports_for_months_and_quarters_with_open_cases(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(**YEAR_2025)
    builder.add("case", case(1, "2025-02-10T09:30", status="closed", closure={"date": "2025-04-15"}))
    builder.add("report", report("prefect-2025-02", "prefect-monthly", "2025-02", "2025-03-05", to=["prefect"]))
    builder.add("report", report("prefect-2025-04", "prefect-monthly", "2025-04", "2025-05-12", to=["prefect"]))
    builder.add("report", report("prefect-2025-q1", "prefect-quarterly", "2025-Q1", "2025-04-08", to=["prefect"]))
    items = judged(builder, "prefect-reports", date(2025, 7, 15))
    # the case is open in February, March and April (Q1 and Q2); reports due 10 days after each
    assert [(i.period, i.record, *brief([i])[0]) for i in items] == [
        ("2025-03", None, "2025-04-10", "overdue", -96),
        ("2025-Q2", None, "2025-07-10", "overdue", -5),
        ("2025-02", "prefect-2025-02", "2025-03-10", "met", 5),
        ("2025-Q1", "prefect-2025-q1", "2025-04-10", "met", 2),
        ("2025-04", "prefect-2025-04", "2025-05-10", "met-late", -2),
    ]


def test_no_cases_no_prefect_reports(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(**YEAR_2025)
    assert judged(builder, "prefect-reports", date(2025, 12, 31)) == []


# --- confidentiality-declared (A Annex 3 VII) --------------------------------------------------------


def test_confidentiality_declared(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(**YEAR_2025)
    builder.add(
        "member", member("member-a", term={"from": "2025-03-03"}, confidentiality_declaration={"signed": "2025-03-10"})
    )
    builder.add("member", member("member-b", term={"from": "2025-03-03"}))
    builder.add("member", member("member-c", term={"from": "2020-01-01", "to": "2024-06-30"}))
    builder.add("member", member("member-d", confidentiality_declaration={"signed": "2024-09-20"}))
    items = judged(builder, "confidentiality-declared", date(2025, 3, 20))
    # due 10 working days after Mon 3 Mar: 4, 5, 6, 7, 10, 11, 12, 13, (14 Summer Day), 17, 18
    assert [(i.record, *brief([i])[0]) for i in items] == [
        ("member-b", "2025-03-18", "overdue", -2),
        ("member-d", "2025-01-16", "met", 77),  # no term: counted from coverage.from
        ("member-a", "2025-03-18", "met", 5),
    ]
    assert items[0].path == ("id",) and items[2].path == ("confidentiality_declaration", "signed")


# --- training-refresher (A KPI table, §3.6.7) ----------------------------------------------------------


def test_training_sessions_and_introductions(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(**YEAR_2025)
    builder.add("member", member("member-new", term={"from": "2025-02-01"}))
    builder.add("member", member("member-old", term={"from": "2024-09-01"}))
    builder.add("member", member("member-late", term={"from": "2025-03-01"}))
    participants = [{"member": "member-new", "pre": 40, "post": 70}]
    builder.add(
        "training",
        {"id": "training-2025-03-20", "date": "2025-03-20", "kind": "introductory", "participants": participants},
    )
    builder.add("training", {"id": "training-2025-10-15", "date": "2025-10-15", "kind": "refresher"})
    items = judged(builder, "training-refresher", date(2025, 12, 31))
    assert [(i.record, *brief([i])[0]) for i in items] == [
        ("member-late", "2025-08-28", "overdue", -125),  # 180 days after 1 March
        ("member-new", "2025-07-31", "met", 133),
        (None, "2025-12-31", "met", 77),  # second session on 15 October
    ]
    assert brief(judged(builder, "training-refresher", date(2025, 6, 1)))[-1] == ("2025-12-31", "upcoming", 213)
