"""The example repositories under `examples/`: they check clean, and hold what issue 2 asks for.

`examples/elbasan` is the repository the README and other tests use. Each repository is copied
to a temporary folder first, so that the check's cache never lands in the source tree.
"""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
REPOSITORIES = sorted(p.parent for p in EXAMPLES.glob("*/lpsc.yaml"))
ELBASAN = EXAMPLES / "elbasan"

NORMATIVE_ACT_SEATS = {
    "mayor", "regional-police", "municipal-police", "regional-education", "civil-emergencies",
    "regional-social-services", "regional-health", "local-health-care", "environment-agency",
    "food-authority", "protected-areas", "domestic-violence-coordinator", "child-protection-unit",
    "territory-inspectorate", "consumer-protection",
}  # fmt: skip


def _copy(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / source.name
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".lpsc-cache"))
    return target


@pytest.fixture(scope="module")
def elbasan() -> Any:
    from lpsc_cli.repository import load_repository

    return load_repository(ELBASAN, cache=False)


def test_there_is_an_example_repository() -> None:
    assert ELBASAN in REPOSITORIES


@pytest.mark.parametrize("as_of", [["--as-of", "2025-12-31"], []], ids=["2025-12-31", "today"])
@pytest.mark.parametrize("source", REPOSITORIES, ids=lambda p: p.name)
def test_example_checks_clean(runner, app, tmp_path: Path, source: Path, as_of: list[str]) -> None:
    repo = _copy(source, tmp_path)
    result = runner.invoke(app, ["check", "--repo", str(repo), *as_of])
    assert result.output == "ok: no findings\n"
    assert result.exit_code == 0


def test_example_checks_clean_in_strict_json(runner, app, tmp_path: Path) -> None:
    import json

    repo = _copy(ELBASAN, tmp_path)
    result = runner.invoke(app, ["check", "--repo", str(repo), "--as-of", "2025-12-31", "--strict", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"ok": True, "counts": {"error": 0, "warning": 0}, "issues": []}


def _meetings(repo: Any, kind: str) -> list[Any]:
    return [m for m in repo.of("meeting") if m.get("type") == kind]


def test_meetings_of_2025(elbasan) -> None:
    counts = Counter(m.get("type") for m in elbasan.of("meeting"))
    assert counts == {"lpsc": 4, "coordination-secretariat": 12, "open-consultation": 3, "ad-hoc": 1}
    lpsc = [m.get("date") for m in _meetings(elbasan, "lpsc")]
    assert lpsc == ["2025-02-05", "2025-05-14", "2025-07-09", "2025-12-17"]  # one per quarter
    months = sorted(m.get("date")[5:7] for m in _meetings(elbasan, "coordination-secretariat"))
    assert months == [f"{month:02d}" for month in range(1, 13)]
    consultations = [m.get("date") for m in _meetings(elbasan, "open-consultation")]
    assert consultations == ["2025-01-22", "2025-06-25", "2025-12-03"]
    # each consultation is followed by the LPSC meeting that approves or reviews the plan
    followed_by = {c: min(d for d in lpsc if d > c) for c in consultations}
    assert followed_by == {"2025-01-22": "2025-02-05", "2025-06-25": "2025-07-09", "2025-12-03": "2025-12-17"}
    plan = elbasan.get("plan", "plan-2025")
    updating = [plan.get("approved_at"), *(r["meeting"] for r in plan.get("revisions"))]
    assert updating == [m.id for m in _meetings(elbasan, "lpsc")]


def test_lpsc_meetings_attendance(elbasan) -> None:
    members = set(elbasan.records["member"])
    statuses: Counter[str] = Counter()
    delegates = []
    for meeting in _meetings(elbasan, "lpsc"):
        rows = meeting.get("attendance")
        assert {row["member"] for row in rows} == members, meeting.id
        statuses.update(row["status"] for row in rows)
        delegates += [(row["member"], row["delegate"]) for row in rows if "delegate" in row]
        assert all("explanation_received" in row for row in rows if row["status"] == "excused")
    assert statuses == {"present": 82, "excused": 5, "virtual": 1}
    assert delegates == [("member-arben-tafaj", "member-klevis-dosti")]


def test_plan_carries_the_four_items_of_table_1(elbasan) -> None:
    plan = elbasan.get("plan", "plan-2025")
    items = {item["number"]: item for item in plan.get("items")}
    assert {n: item["priority"] for n, item in items.items()} == {
        "1.2": "moderate", "1.4": "high", "1.5": "high", "1.7": "high",
    }  # fmt: skip
    assert {n: len(item["activities"]) for n, item in items.items()} == {"1.2": 3, "1.4": 3, "1.5": 5, "1.7": 4}
    timings = {n: Counter(a["timing"]["kind"] for a in item["activities"]) for n, item in items.items()}
    assert timings == {
        "1.2": {"recurring": 3},
        "1.4": {"period": 3},
        "1.5": {"continuous": 4, "period": 1},  # 1.5.5 was added for H2 by the July revision
        "1.7": {"period": 4},
    }
    assert {a["timing"].get("every_months") for a in items["1.2"]["activities"]} == {2}
    assert {a["timing"]["period"] for n in ("1.4", "1.7") for a in items[n]["activities"]} == {"H1"}
    statuses = Counter(a["status"] for item in items.values() for a in item["activities"])
    assert statuses == {"done": 14, "dropped": 1}
    assert plan.get("approved_at") == "lpsc-2025-02-05"
    assert plan.get("consultation") == "consult-2025-01-22"
    assert [m["period"] for m in plan.get("monitoring")] == ["H1", "H2"]
    assert [r["meeting"] for r in plan.get("revisions")] == ["lpsc-2025-05-14", "lpsc-2025-07-09", "lpsc-2025-12-17"]
    institutions = set(elbasan.records["institution"])
    for item in items.values():
        for activity in item["activities"]:
            assert set(activity["responsible"]) <= institutions
            assert activity["lead"] in activity["responsible"]


def _minutes(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() / 60


def test_cases_cover_the_issue(elbasan) -> None:
    cases = {case.id: case for case in elbasan.of("case")}
    assert len(cases) == 6
    assert Counter(c.get("status") for c in cases.values()) == {
        "closed": 2, "active": 2, "transferred": 1, "not-eligible": 1,
    }  # fmt: skip
    closed = cases["case-2025-001"]
    assert closed.get("closure", "goals_achieved") == "all"
    assert closed.get("closure", "report_completed") and closed.get("closure", "exit_notification", "sent")

    emergency = cases["case-2025-002"].get("referral")
    assert emergency["emergency"] is True
    assert _minutes(emergency["received"], emergency["escalated_at"]) == 35
    assert _minutes(emergency["received"], emergency["addressed_at"]) == 8 * 60 + 50

    red_flags = [c for c in cases.values() if c.get("red_flag")]
    assert [c.id for c in red_flags] == ["case-2025-002", "case-2025-003"]
    assert all(set(c.get("reported")) == {"regional_cve", "national_cve"} for c in red_flags)
    assert "p-cve" in cases["case-2025-003"].get("concerns")

    transfer = cases["case-2025-004"].get("transfer")
    assert transfer["to"] == "librazhd" and transfer["documents_complete"] is True

    active = cases["case-2025-005"]
    assert [r["kind"] for r in active.get("reviews")] == ["6-month"]
    contact_months = sorted({c["date"][:7] for c in active.get("contacts")})
    assert contact_months == [f"2025-{month:02d}" for month in range(1, 13)]

    assert cases["case-2025-006"].get("screening", "outcome") == "not-eligible"
    for case in cases.values():
        assert set(case.get("subject")) <= {"code", "age_band", "sex", "groups"}
        assert "sealed" not in case.data


def test_trainings_with_scores(elbasan) -> None:
    trainings = elbasan.of("training")
    assert [(t.get("kind"), len(t.get("participants"))) for t in trainings] == [("introductory", 10), ("refresher", 9)]
    scores = [(p["pre"], p["post"]) for t in trainings for p in t.get("participants")]
    gained = [post - pre > 20 and (post - pre) / pre > 0.2 for pre, post in scores]
    assert (sum(gained), len(gained)) == (17, 19)


def test_members_and_secretariats(elbasan) -> None:
    members = elbasan.of("member")
    assert {m.get("seat") for m in members} - {None} == NORMATIVE_ACT_SEATS
    assert [m.id for m in members if "chair" in m.get("roles")] == ["member-ilir-dervishi"]
    coordination = [m for m in members if "coordination-secretariat" in m.get("roles")]
    sectors = sorted(elbasan.get("institution", m.get("institution")).get("sector") for m in coordination)
    assert sectors == ["justice", "local-government", "police"]
    prosecution = [m for m in coordination if elbasan.get("institution", m.get("institution")).get("prosecution")]
    assert len(prosecution) == 1
    assert [m.id for m in members if "technical-secretariat" in m.get("roles")] == ["member-arta-kola"]
    assert sorted(m.id for m in members if "case-manager" in m.get("roles")) == [
        "member-elira-shehu", "member-mirela-laci",
    ]  # fmt: skip
    for member in members:
        assert date.fromisoformat(member.get("confidentiality_declaration", "signed")) < date(2025, 1, 1)
        assert len(member.get("delegates")) == 1
        assert member.get("delegates", 0, "note_date")


def test_reports_submitted(elbasan) -> None:
    kinds = Counter(r.get("kind") for r in elbasan.of("report"))
    assert kinds == {
        "annual-activity": 1, "chair-to-municipal-council": 1, "prefect-monthly": 12,
        "prefect-quarterly": 4, "plan-monitoring": 2,
    }  # fmt: skip
    assert elbasan.get("report", "annual-2025").get("to") == ["cve", "nccs"]
