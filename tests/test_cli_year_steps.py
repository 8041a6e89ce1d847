"""Steps of a council's year that once needed a hand edit of YAML, now one command each."""

from __future__ import annotations

import json

from lpsc_cli.yamlio import parse
from tests.support.cli import lpsc
from tests.support.records import committed_files, seeded, subjects

MEETING = "meetings/2025/lpsc-2025-03-12.yaml"
CASE = "cases/2025/case-2025-001.yaml"


def _read(root, rel: str) -> dict:
    """The record as lpsc reads it (dates stay text)."""
    data = parse((root / rel).read_bytes(), rel).data
    assert data is not None
    return data


def _meeting(runner, app, repo, *extra: str) -> None:
    done = lpsc(runner, app, repo.root, "meeting", "new", "--type", "lpsc", "--date", "2025-03-12", *extra)
    assert done.exit_code == 0, done.output


def test_the_whole_attendance_list_and_guests_in_one_commit(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    _meeting(runner, app, repo)
    done = lpsc(
        runner, app, repo.root, "meeting", "attend", "lpsc-2025-03-12",
        "--present", "member-ilir-dervishi", "--present", "member-arta-kola", "--excused", "member-besa-rama",
        "--guest", "Dritan Leka@Youth Association",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    meeting = _read(repo.root, MEETING)
    assert meeting["attendance"] == [
        {"member": "member-ilir-dervishi", "status": "present"},
        {"member": "member-arta-kola", "status": "present"},
        {"member": "member-besa-rama", "status": "excused"},
    ]
    assert meeting["guests"] == [{"name": "Dritan Leka", "institution": "Youth Association"}]
    assert subjects(repo.root)[0] == "meeting: attend lpsc-2025-03-12 3 members, 1 guest(s)"
    assert committed_files(repo.root) == [MEETING]


def test_attendance_from_a_csv_and_its_mistakes(runner, app, make_repo, tmp_path) -> None:
    repo = seeded(make_repo)
    _meeting(runner, app, repo)
    sheet = tmp_path / "attendance.csv"
    sheet.write_text(
        "member,status,explanation_received\nmember-ilir-dervishi,present,\nmember-besa-rama,absent,2025-03-13\n",
        encoding="utf-8",
    )
    done = lpsc(runner, app, repo.root, "meeting", "attend", "lpsc-2025-03-12", "--from-csv", str(sheet))
    assert done.exit_code == 0, done.output
    assert _read(repo.root, MEETING)["attendance"][1] == {
        "member": "member-besa-rama", "status": "absent", "explanation_received": "2025-03-13",
    }  # fmt: skip
    sheet.write_text("member,status\nmember-arta-kola,maybe\n", encoding="utf-8")
    bad = lpsc(runner, app, repo.root, "meeting", "attend", "lpsc-2025-03-12", "--from-csv", str(sheet))
    assert bad.exit_code == 2 and f"{sheet}:2 status" in bad.output
    both = lpsc(runner, app, repo.root, "meeting", "attend", "lpsc-2025-03-12", "member-arta-kola", "--present", "x")
    assert both.exit_code == 2


def test_cases_discussed_recording_and_citizens(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    _meeting(runner, app, repo)
    new_case = ["case", "new", "--received", "2025-02-10T09:30", "--referred-by", "community", "--concern", "other"]
    assert lpsc(runner, app, repo.root, *new_case).exit_code == 0
    done = lpsc(runner, app, repo.root, "meeting", "cases", "lpsc-2025-03-12", "case-2025-001")
    assert done.exit_code == 0, done.output
    dangling = lpsc(runner, app, repo.root, "meeting", "cases", "lpsc-2025-03-12", "case-2025-009")
    assert dangling.exit_code == 1 and "case-2025-009" in dangling.output
    done = lpsc(runner, app, repo.root, "meeting", "recording", "lpsc-2025-03-12", "--archived", "2025-03-14")
    assert done.exit_code == 0, done.output
    meeting = _read(repo.root, MEETING)
    assert meeting["cases_discussed"] == ["case-2025-001"] and meeting["recording"] == {"archived": "2025-03-14"}
    refused = lpsc(runner, app, repo.root, "meeting", "citizens", "lpsc-2025-03-12", "--count", "40")
    assert refused.exit_code == 1 and "not an open consultation" in refused.output
    consult = ["meeting", "new", "--type", "open-consultation", "--date", "2025-02-20"]
    assert lpsc(runner, app, repo.root, *consult).exit_code == 0
    done = lpsc(
        runner, app, repo.root, "meeting", "citizens", "consult-2025-02-20", "--count", "42",
        "--group", "parents", "--group", "shop owners", "--concern", "Street lighting near School No. 1",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert _read(repo.root, "meetings/2025/consult-2025-02-20.yaml")["citizens"] == {
        "count": 42, "groups": ["parents", "shop owners"], "concerns": ["Street lighting near School No. 1"],
    }  # fmt: skip


def test_a_case_received_consulted_and_its_goals_recorded(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    provider = ["institution", "add", "ngo-help", "--name", "Help Centre", "--sector", "civil-society"]
    assert lpsc(runner, app, repo.root, *provider).exit_code == 0
    done = lpsc(
        runner, app, repo.root, "case", "receive", "--from-council", "lpsc-librazhd", "--received",
        "2025-02-10T09:30", "--referred-by", "community", "--concern", "domestic-violence", "--documents-missing",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert _read(repo.root, CASE)["received_from"] == {
        "council": "lpsc-librazhd", "date": "2025-02-10", "documents_complete": False,
    }  # fmt: skip
    steps = [
        ["case", "consult", "case-2025-001", "--sector", "health", "--provider", "ngo-help", "--date", "2025-02-20",
         "--held"],
        ["case", "plan", "case-2025-001", "--prepared", "2025-03-03", "--approved", "2025-03-05", "--goal",
         "education:school-testville-1", "--goal", "health", "--consent-given", "2025-03-05", "--consent-by",
         "subject"],
        ["case", "contact", "case-2025-001", "--date", "2025-03-20", "--kind", "home-visit", "--provider",
         "ngo-help"],
        ["case", "goal", "case-2025-001", "2", "--status", "achieved"],
    ]  # fmt: skip
    for step in steps:
        done = lpsc(runner, app, repo.root, *step)
        assert done.exit_code == 0, (step, done.output)
    case = _read(repo.root, CASE)
    assert case["expert_consultations"] == [
        {"date": "2025-02-20", "sector": "health", "held": True, "provider": "ngo-help"}
    ]
    assert case["contacts"][0]["provider"] == "ngo-help"
    assert [goal.get("status") for goal in case["isp"]["goals"]] == ["pending", "achieved"]
    missing = lpsc(runner, app, repo.root, "case", "goal", "case-2025-001", "3", "--status", "achieved")
    assert missing.exit_code == 1 and "there is no goal 3" in missing.output
    unknown = lpsc(runner, app, repo.root, "case", "consult", "case-2025-001", "--sector", "health", "--provider", "x")
    assert unknown.exit_code == 1


def test_institution_list_and_the_plain_shows(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    listed = lpsc(runner, app, repo.root, "institution", "list", "--format", "json")
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output)
    assert {row["id"]: row["members"] for row in rows}["municipality-testville"] == 2
    police = lpsc(runner, app, repo.root, "institution", "list", "--sector", "police", "--format", "json")
    assert [row["id"] for row in json.loads(police.output)] == ["police-testville"]
    shown = lpsc(runner, app, repo.root, "institution", "show", "police-testville", "--format", "json")
    assert json.loads(shown.output)["sector"] == "police"
    training = ["training", "add", "--date", "2025-04-02", "--kind", "introductory", "--topic", "Referrals"]
    assert lpsc(runner, app, repo.root, *training).exit_code == 0
    training_id = json.loads(lpsc(runner, app, repo.root, "training", "list", "--format", "json").output)[0]["id"]
    assert lpsc(runner, app, repo.root, "training", "show", training_id).output.startswith("# trainings/")
    report = ["report", "add", "--kind", "annual-activity", "--period", "2024", "--submitted", "2025-01-20",
              "--to", "cve"]  # fmt: skip
    assert lpsc(runner, app, repo.root, *report).exit_code == 0
    report_id = json.loads(lpsc(runner, app, repo.root, "report", "list", "--format", "json").output)[0]["id"]
    assert (
        json.loads(lpsc(runner, app, repo.root, "report", "show", report_id, "--format", "json").output)["kind"]
        == "annual-activity"
    )
    nothing = lpsc(runner, app, repo.root, "report", "show", "no-such-report")
    assert nothing.exit_code == 1
