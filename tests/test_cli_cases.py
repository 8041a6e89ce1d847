"""`lpsc case ...`: a case from referral to closure through the CLI, and every refusal on the way."""

from __future__ import annotations

import json

import yaml

from lpsc_cli.yamlio import parse
from tests.support.cli import lpsc
from tests.support.records import committed_files, git, seeded, subjects

CASE_FILE = "cases/2025/case-2025-001.yaml"

LIFE = [
    ["case", "new", "--received", "2025-02-10T09:30", "--referred-by", "school-testville-1",
     "--concern", "child-protection", "--code", "A.G.", "--age-band", "13-17", "--sex", "F", "--group", "child",
     "--channel", "in-person", "--form-incomplete", "--missing", "family-situation", "--registered", "2025-02-11"],
    ["case", "share", "case-2025-001", "--lpsc", "2025-02-12", "--police", "2025-02-12"],
    ["case", "screen", "case-2025-001", "--date", "2025-02-14", "--outcome", "eligible"],
    ["case", "assess", "case-2025-001", "--date", "2025-02-25", "--risk", "moderate", "--sector", "education",
     "--sector", "social-services", "--sector", "health", "--annex2-complete", "--rationale-recorded"],
    ["case", "plan", "case-2025-001", "--prepared", "2025-03-03", "--approved", "2025-03-05", "--signed",
     "2025-03-06", "--goal", "education:school-testville-1", "--consent-given", "2025-03-05", "--consent-by",
     "guardian"],
    ["case", "assign", "case-2025-001", "--manager", "member-arta-kola", "--assigned", "2025-03-07"],
    ["case", "contact", "case-2025-001", "--date", "2025-03-20", "--kind", "face-to-face", "--by",
     "member-arta-kola", "--sector", "education"],
    *(["case", "contact", "case-2025-001", "--date", day, "--kind", "phone"]
      for day in ("2025-04-17", "2025-05-15", "2025-06-12", "2025-07-10", "2025-08-14")),
    ["case", "review", "case-2025-001", "--date", "2025-09-05", "--kind", "6-month", "--isp-adjusted"],
    ["case", "close", "case-2025-001", "--date", "2025-09-26", "--reason", "goals-achieved", "--goals-achieved",
     "all", "--report-completed", "2025-09-26", "--services-continue", "--exit-sent", "2025-09-29", "--exit-to",
     "guardian"],
]  # fmt: skip

EXPECTED = """\
id: case-2025-001
status: closed
subject: {code: A.G., age_band: 13-17, sex: F, groups: [child]}
concerns: [child-protection]
red_flag: false
referral:
  received: 2025-02-10T09:30
  referred_by: school-testville-1
  channel: in-person
  form_complete: false
  missing: [family-situation]
  emergency: false
shared_with: {lpsc: 2025-02-12, police: 2025-02-12}
registered: 2025-02-11
screening: {date: 2025-02-14, outcome: eligible}
assessment:
  date: 2025-02-25
  annex2_complete: true
  risk_level: moderate
  rationale_recorded: true
  sectors: [education, social-services, health]
isp:
  prepared: 2025-03-03
  approved: 2025-03-05
  signed: 2025-03-06
  goals:
    - {area: education, responsible: [school-testville-1], status: pending}
  consent: {given: 2025-03-05, by: guardian}
case_manager: {member: member-arta-kola, assigned: 2025-03-07}
contacts:
  - {date: 2025-03-20, kind: face-to-face, by: member-arta-kola, sectors: [education]}
  - {date: 2025-04-17, kind: phone}
  - {date: 2025-05-15, kind: phone}
  - {date: 2025-06-12, kind: phone}
  - {date: 2025-07-10, kind: phone}
  - {date: 2025-08-14, kind: phone}
reviews:
  - {date: 2025-09-05, kind: 6-month, isp_adjusted: true}
closure:
  date: 2025-09-26
  reason: goals-achieved
  goals_achieved: all
  report_completed: 2025-09-26
  mainstream_services_continue: true
  exit_notification: {sent: 2025-09-29, to: guardian}
"""


def test_a_case_goes_from_referral_to_closure_and_passes_check(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    statuses = []
    for args in LIFE:
        result = lpsc(runner, app, repo.root, *args)
        assert result.exit_code == 0, (args, result.output)
        statuses.append(yaml.safe_load((repo.root / CASE_FILE).read_text())["status"])
    assert statuses == [
        "registered", "registered", "assessment", "planning", "planning", "active", *["active"] * 7, "closed",
    ]  # fmt: skip
    assert (repo.root / CASE_FILE).read_text() == EXPECTED
    assert subjects(repo.root)[: len(LIFE)] == [
        "case: close case-2025-001",
        "case: review case-2025-001",
        *["case: contact case-2025-001"] * 6,
        "case: assign case-2025-001",
        "case: plan case-2025-001",
        "case: assess case-2025-001",
        "case: screen case-2025-001",
        "case: share case-2025-001",
        "case: new case-2025-001",
    ]
    assert committed_files(repo.root) == [CASE_FILE]
    check = runner.invoke(app, ["check", "--repo", str(repo.root), "--as-of", "2025-12-31", "cases"])
    assert (check.exit_code, check.output) == (0, "ok: no findings\n")


def test_new_case_prints_the_file_and_the_commit(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    result = lpsc(runner, app, repo.root, *LIFE[0])
    sha = git(repo.root, "rev-parse", "--short", "HEAD").strip()
    assert result.output == f"created case-2025-001: {CASE_FILE}\ncommitted {sha}\n"


def test_case_numbers_are_per_year_and_never_reused(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    base = ["--referred-by", "community", "--concern", "other"]
    for received in ("2025-01-05", "2025-03-01", "2026-01-02"):
        assert lpsc(runner, app, repo.root, "case", "new", "--received", received, *base).exit_code == 0
    git(repo.root, "rm", "-q", "cases/2025/case-2025-002.yaml")
    git(repo.root, "commit", "-q", "-m", "remove a case")
    result = lpsc(runner, app, repo.root, "case", "new", "--received", "2025-04-01", *base)
    assert result.output.splitlines()[0] == "created case-2025-003: cases/2025/case-2025-003.yaml"
    assert sorted(p.name for p in (repo.root / "cases").rglob("*.yaml")) == [
        "case-2025-001.yaml", "case-2025-003.yaml", "case-2026-001.yaml",
    ]  # fmt: skip
    assert yaml.safe_load((repo.root / "cases/2026/case-2026-001.yaml").read_text())["subject"] == {"code": "2026-001"}


def test_a_dangling_reference_is_refused_with_the_message_of_check(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    assert lpsc(runner, app, repo.root, *LIFE[0]).exit_code == 0
    before = (repo.root / CASE_FILE).read_bytes()
    head = git(repo.root, "rev-parse", "HEAD")
    result = lpsc(runner, app, repo.root, "case", "assign", "case-2025-001", "--manager", "member-nobody",
                  "--assigned", "2025-03-07")  # fmt: skip
    assert result.exit_code == 1
    assert result.output == (
        f"{CASE_FILE}:14: error reference: case_manager.member: no member with id 'member-nobody'\n"
        f"lpsc: refused: {CASE_FILE} would not pass `lpsc check` (1 error); nothing was written\n"
    )
    assert (repo.root / CASE_FILE).read_bytes() == before
    assert git(repo.root, "rev-parse", "HEAD") == head
    # the very message `lpsc check` gives once the same change is made by hand
    (repo.root / CASE_FILE).write_text(
        before.decode() + "case_manager: {member: member-nobody, assigned: 2025-03-07}\n", encoding="utf-8"
    )
    check = runner.invoke(app, ["check", "--repo", str(repo.root), "--as-of", "2025-03-31", CASE_FILE])
    assert result.output.splitlines()[0] in check.output.splitlines()


def test_an_impossible_order_of_dates_is_refused_naming_the_field(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    lpsc(runner, app, repo.root, *LIFE[0])
    result = lpsc(runner, app, repo.root, "case", "screen", "case-2025-001", "--date", "2025-02-01",
                  "--outcome", "eligible")  # fmt: skip
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith(f"{CASE_FILE}:") and "screening.date" in first and "2025-02-01" in first
    assert "screening" not in yaml.safe_load((repo.root / CASE_FILE).read_text())


def test_invalid_dates_and_values_are_usage_errors_naming_the_option(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    cases = {
        ("--received", "2025-02-30T10:00"): "--received: '2025-02-30T10:00' is not a valid date and time",
        ("--received", "yesterday"): "--received: 'yesterday' is not a valid date and time",
    }
    for (option, value), message in cases.items():
        result = lpsc(runner, app, repo.root, "case", "new", option, value, "--referred-by", "community",
                      "--concern", "other")  # fmt: skip
        assert result.exit_code == 2
        assert message in result.output
    result = lpsc(runner, app, repo.root, *LIFE[0][:-2], "--registered", "2025-13-01")
    assert result.exit_code == 2
    assert "--registered: '2025-13-01' is not a valid date (use YYYY-MM-DD or 'today')" in result.output
    result = lpsc(runner, app, repo.root, "case", "new", "--received", "2025-02-10", "--referred-by", "community",
                  "--concern", "gossip")  # fmt: skip
    assert result.exit_code == 2
    assert "--concern: 'gossip' is not one of p-cve, domestic-violence" in result.output
    assert not (repo.root / "cases").exists()


def test_a_missing_required_option_without_a_terminal_is_a_usage_error(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    result = lpsc(runner, app, repo.root, "case", "new", "--received", "2025-02-10", "--concern", "other")
    assert result.exit_code == 2
    assert result.output == "lpsc: missing option --referred-by\n"


def test_missing_values_are_asked_for_at_a_terminal(runner, app, make_repo, monkeypatch) -> None:
    import lpsc_cli.cli.writing as writing

    monkeypatch.setattr(writing, "interactive", lambda: True)
    repo = seeded(make_repo)
    lpsc(runner, app, repo.root, *LIFE[0])
    result = lpsc(runner, app, repo.root, "case", "screen", "case-2025-001", input="2025-02-14\nmaybe\neligible\n")
    assert result.exit_code == 0, result.output
    assert "[eligible/not-eligible/refer-elsewhere]" in result.output
    assert parse((repo.root / CASE_FILE).read_bytes(), CASE_FILE).data["screening"] == {
        "date": "2025-02-14",
        "outcome": "eligible",
    }


def test_dry_run_prints_the_yaml_and_writes_nothing(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    head = git(repo.root, "rev-parse", "HEAD")
    result = lpsc(runner, app, repo.root, "case", "new", "--received", "2025-02-10T09:30", "--referred-by",
                  "community", "--concern", "drugs", "--emergency", "--dry-run")  # fmt: skip
    assert result.exit_code == 0
    assert result.stdout == (
        "id: case-2025-001\nstatus: referred\nsubject: {code: 2025-001}\nconcerns: [drugs]\nred_flag: false\n"
        "referral: {received: 2025-02-10T09:30, referred_by: community, emergency: true}\n"
    )
    assert "dry run: cases/2025/case-2025-001.yaml was not written" in result.stderr
    assert not (repo.root / "cases").exists()
    assert git(repo.root, "rev-parse", "HEAD") == head


def test_a_closed_case_takes_no_more_steps_until_reopened(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    for args in LIFE:
        lpsc(runner, app, repo.root, *args)
    refused = lpsc(runner, app, repo.root, "case", "contact", "case-2025-001", "--date", "2025-12-10", "--kind",
                   "phone")  # fmt: skip
    assert refused.exit_code == 1
    assert refused.output == "lpsc: case-2025-001 is closed; reopen it first (lpsc case reopen)\n"
    reopened = lpsc(runner, app, repo.root, "case", "reopen", "case-2025-001", "--date", "2026-03-02", "--reason",
                    "recurring-concern")  # fmt: skip
    assert reopened.exit_code == 0, reopened.output
    data = parse((repo.root / CASE_FILE).read_bytes(), CASE_FILE).data
    assert data["status"] == "active"
    assert data["reopened"] == [{"date": "2026-03-02", "reason": "recurring-concern"}]
    again = lpsc(runner, app, repo.root, "case", "reopen", "case-2025-001", "--date", "2026-03-03", "--reason",
                 "other")  # fmt: skip
    assert again.output == "lpsc: case-2025-001 is active, not closed; only a closed case can be reopened\n"


def test_screening_outcomes_set_the_status(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    for outcome, status in (("not-eligible", "not-eligible"), ("refer-elsewhere", "closed")):
        created = lpsc(runner, app, repo.root, "case", "new", "--received", "2025-05-02", "--referred-by",
                       "community", "--concern", "other")  # fmt: skip
        case_id = created.output.split()[1].rstrip(":")
        lpsc(runner, app, repo.root, "case", "screen", case_id, "--date", "2025-05-05", "--outcome", outcome)
        assert yaml.safe_load((repo.root / f"cases/2025/{case_id}.yaml").read_text())["status"] == status
    # referred elsewhere ends the case, with its own closure reason, and check stays clean about it
    written = parse((repo.root / f"cases/2025/{case_id}.yaml").read_bytes(), "case").data
    assert written["closure"] == {"date": "2025-05-05", "reason": "referred-elsewhere"}
    checked = runner.invoke(app, ["check", "--repo", str(repo.root), "--as-of", "2025-12-31", "cases"])
    assert case_id not in checked.output


def test_emergency_transfer_and_progress_steps(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    lpsc(runner, app, repo.root, "case", "new", "--received", "2025-06-01T08:00", "--referred-by", "police-testville",
         "--concern", "domestic-violence", "--red-flag")  # fmt: skip
    steps = [
        ["case", "escalate", "case-2025-001", "--escalated-at", "2025-06-01T09:00", "--addressed-at",
         "2025-06-01T17:30"],
        ["case", "share", "case-2025-001", "--regional-cve", "2025-06-02", "--national-cve", "2025-06-03"],
        ["case", "progress", "case-2025-001", "--period", "2025-06", "--submitted", "2025-07-03"],
        ["case", "transfer", "case-2025-001", "--to", "librazhd", "--date", "2025-07-10", "--documents-complete",
         "--acknowledged", "2025-07-14"],
    ]  # fmt: skip
    for args in steps:
        result = lpsc(runner, app, repo.root, *args)
        assert result.exit_code == 0, (args, result.output)
    data = parse((repo.root / "cases/2025/case-2025-001.yaml").read_bytes(), "x").data
    assert data["referral"] == {
        "received": "2025-06-01T08:00",
        "referred_by": "police-testville",
        "emergency": True,
        "escalated_at": "2025-06-01T09:00",
        "addressed_at": "2025-06-01T17:30",
    }
    assert data["reported"] == {"regional_cve": "2025-06-02", "national_cve": "2025-06-03"}
    assert data["progress_reports"] == [{"period": "2025-06", "submitted": "2025-07-03"}]
    assert data["transfer"] == {"to": "librazhd", "date": "2025-07-10", "documents_complete": True,
                                "acknowledged": "2025-07-14"}  # fmt: skip
    assert data["status"] == "transferred"
    assert list(data)[:6] == ["id", "status", "subject", "concerns", "red_flag", "reported"]


def test_case_list_filters_and_formats(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    for args in LIFE:
        lpsc(runner, app, repo.root, *args)
    lpsc(runner, app, repo.root, "case", "new", "--received", "2026-01-15T10:00", "--referred-by", "community",
         "--concern", "drugs", "--code", "B.K.")  # fmt: skip
    text = lpsc(runner, app, repo.root, "case", "list")
    assert text.output.splitlines() == [
        "id             status    received          code  concerns          emergency  red_flag  risk      "
        "manager           last_contact",
        "case-2025-001  closed    2025-02-10T09:30  A.G.  child-protection  no         no        moderate  "
        "member-arta-kola  2025-08-14",
        "case-2026-001  referred  2026-01-15T10:00  B.K.  drugs             no         no",
    ]
    rows = json.loads(lpsc(runner, app, repo.root, "case", "list", "--year", "2026", "--format", "json").output)
    assert rows == [
        {"id": "case-2026-001", "status": "referred", "received": "2026-01-15T10:00", "code": "B.K.",
         "concerns": ["drugs"], "emergency": False, "red_flag": False, "risk": "", "manager": "", "last_contact": ""},
    ]  # fmt: skip
    csv_out = lpsc(runner, app, repo.root, "case", "list", "--status", "closed", "--format", "csv").output
    assert csv_out.splitlines() == [
        "id,status,received,code,concerns,emergency,red_flag,risk,manager,last_contact",
        "case-2025-001,closed,2025-02-10T09:30,A.G.,child-protection,no,no,moderate,member-arta-kola,2025-08-14",
    ]
    assert lpsc(runner, app, repo.root, "case", "list", "--concern", "p-cve").output == "no cases\n"


def test_case_list_overdue_uses_the_deadline_rules(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    lpsc(runner, app, repo.root, "case", "new", "--received", "2025-02-10T09:30", "--referred-by", "community",
         "--concern", "other")  # fmt: skip
    lpsc(runner, app, repo.root, "case", "new", "--received", "2025-03-20T09:30", "--referred-by", "community",
         "--concern", "other")  # fmt: skip
    lpsc(runner, app, repo.root, "case", "screen", "case-2025-002", "--date", "2025-03-21", "--outcome", "not-eligible")
    result = lpsc(runner, app, repo.root, "case", "list", "--overdue", "--as-of", "2025-03-24", "--format", "json")
    assert [row["id"] for row in json.loads(result.output)] == ["case-2025-001"]


def test_case_show_prints_the_file_or_its_data(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    lpsc(runner, app, repo.root, *LIFE[0])
    shown = lpsc(runner, app, repo.root, "case", "show", "case-2025-001")
    assert shown.output == f"# {CASE_FILE}\n" + (repo.root / CASE_FILE).read_text()
    data = json.loads(lpsc(runner, app, repo.root, "case", "show", "case-2025-001", "--format", "json").output)
    assert data["referral"]["missing"] == ["family-situation"]
    missing = lpsc(runner, app, repo.root, "case", "show", "case-2025-01")
    assert missing.exit_code == 1
    assert missing.output == "lpsc: there is no case with the id 'case-2025-01' (did you mean case-2025-001?)\n"
