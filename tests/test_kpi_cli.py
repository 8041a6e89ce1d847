"""`lpsc kpi` through the CLI: the table, JSON, CSV, several councils, --explain, usage errors."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.support.repos import EXAMPLE

GOLDEN = Path(__file__).parent / "cases" / "kpi-elbasan"


def small_council(make_repo: Any, *, council: str = "testville", meetings: int = 2, referrals: int = 1) -> Any:
    """A council with `meetings` LPSC meetings, one training (1 of 2 trainees gained > 20 %),
    no action plan, and `referrals` formal referrals."""
    repo = make_repo()
    repo.config(council=council)
    for month in range(1, meetings + 1):
        repo.add("meeting", {"id": f"lpsc-2025-{month:02d}-12", "type": "lpsc", "date": f"2025-{month:02d}-12"})
    repo.add(
        "training",
        {
            "id": "training-2025-03-20",
            "date": "2025-03-20",
            "participants": [
                {"member": "member-a", "pre": 40, "post": 60},
                {"member": "member-b", "pre": 60, "post": 70},
            ],
        },
    )
    for n in range(1, referrals + 1):
        repo.add(
            "case",
            {
                "id": f"case-2025-{n:03d}",
                "status": "registered",
                "subject": {"code": "A.B."},
                "referral": {"received": f"2025-03-{n:02d}T09:00", "channel": "phone", "form_complete": True},
            },
        )
    return repo


def kpi(runner: Any, app: Any, *args: str) -> Any:
    return runner.invoke(app, ["kpi", *args])


def test_text_table(runner: Any, app: Any, make_repo: Any) -> None:
    repo = small_council(make_repo)
    result = kpi(runner, app, "--repo", str(repo.root), "--year", "2025", "--as-of", "2025-12-31")
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == """\
KPIs 2025-01-01 – 2025-12-31 (as of 2025-12-31)

  Indicator                                     ID                    Target   testville
 ───────────────────────────────────────────────────────────────────────────────────────────
  Council KPI table (A §3.6.3)
  LPSC meetings held                            lpsc-meetings         ≥ 4      ✗ 2
  Trainees with more than 20 % knowledge gain   trainee-gain          ≥ 75 %   ✗ 50 % (1/2)
  Action plan developed and adopted             plan-adopted          yes      ✗ no
  Formal referral procedures in use             referral-procedures   yes      ✓ yes
  Training sessions held                        training-sessions     ≥ 2      ✗ 1
  Referrals to the LPSC                         referrals             ≥ 20     ✗ 1

✓ met   ✗ not met   — no value (n/a or not computable)   explain: --explain ID
"""
    )


def test_json_keeps_the_documented_shape(runner: Any, app: Any, make_repo: Any) -> None:
    repo = small_council(make_repo)
    result = kpi(runner, app, "--repo", str(repo.root), "--year", "2025", "--as-of", "2025-12-31", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["period"] == {"from": "2025-01-01", "to": "2025-12-31"}
    assert [c["council"] for c in data["councils"]] == ["testville"]
    rows = {k["id"]: k for k in data["councils"][0]["kpis"]}
    assert list(rows) == [
        "lpsc-meetings",
        "trainee-gain",
        "plan-adopted",
        "referral-procedures",
        "training-sessions",
        "referrals",
    ]
    assert rows["trainee-gain"] == {
        "id": "trainee-gain",
        "title": "Trainees with more than 20 % knowledge gain",
        "value": 50.0,
        "numerator": 1,
        "denominator": 2,
        "target": 75,
        "met": False,
        "records": ["training-2025-03-20"],
        "set": "council",
        "unit": "percent",
        "source": "A §3.6.3 KPI table, row 2",
        "computable": True,
        "reason": None,
        "against": [{"record": "training-2025-03-20", "reason": "member-b: 60 -> 70 (+16.7 %)"}],
    }
    assert {k: rows["lpsc-meetings"][k] for k in ("value", "numerator", "denominator", "target", "met")} == {
        "value": 2,
        "numerator": 2,
        "denominator": None,
        "target": 4,
        "met": False,
    }
    assert (rows["plan-adopted"]["value"], rows["plan-adopted"]["reason"]) == (
        False,
        "no action plan covers the period",
    )


def test_three_councils_side_by_side(runner: Any, app: Any, make_repo: Any) -> None:
    repos = [
        small_council(make_repo, council="librazhd", meetings=4, referrals=2),
        small_council(make_repo, council="pogradec", meetings=5, referrals=3),
        small_council(make_repo, council="korca", meetings=3, referrals=0),
    ]
    args = [arg for r in repos for arg in ("--repo", str(r.root))]
    result = kpi(runner, app, *args, "--year", "2025", "--as-of", "2025-12-31", "--format", "json")
    assert result.exit_code == 0, result.output
    councils = json.loads(result.stdout)["councils"]
    assert [c["council"] for c in councils] == ["librazhd", "pogradec", "korca"]
    table = {c["council"]: {k["id"]: (k["value"], k["met"]) for k in c["kpis"]} for c in councils}
    assert table["librazhd"]["lpsc-meetings"] == (4, True)
    assert table["pogradec"]["lpsc-meetings"] == (5, True)
    assert table["korca"]["lpsc-meetings"] == (3, False)
    assert [table[c]["referrals"] for c in ("librazhd", "pogradec", "korca")] == [(2, False), (3, False), (0, False)]
    # no referrals, as Korça in the assessment: scored on the written procedure of a council at work
    assert table["korca"]["referral-procedures"] == (True, True)
    assert table["pogradec"]["referral-procedures"] == (True, True)

    csv_result = kpi(runner, app, *args, "--year", "2025", "--as-of", "2025-12-31", "--format", "csv")
    assert csv_result.exit_code == 0, csv_result.output
    assert (
        csv_result.stdout
        == """\
id,title,unit,target,librazhd,pogradec,korca
lpsc-meetings,LPSC meetings held,count,≥ 4,4,5,3
trainee-gain,Trainees with more than 20 % knowledge gain,percent,≥ 75 %,50,50,50
plan-adopted,Action plan developed and adopted,yes/no,yes,no,no,no
referral-procedures,Formal referral procedures in use,yes/no,yes,yes,yes,yes
training-sessions,Training sessions held,count,≥ 2,1,1,1
referrals,Referrals to the LPSC,count,≥ 20,2,3,0
"""
    )

    text = kpi(runner, app, *args, "--year", "2025", "--as-of", "2025-12-31")
    header = next(line for line in text.stdout.splitlines() if "Indicator" in line)
    assert header.split()[-3:] == ["librazhd", "pogradec", "korca"]
    assert "— n/a" not in text.stdout  # every council has a value in every row


def test_explain_names_exactly_the_records_that_fall_short(runner: Any, app: Any, make_repo: Any) -> None:
    repo = make_repo()
    for n, (received, screened) in enumerate(
        [
            ("2025-03-10T09:00", "2025-03-18"),
            ("2025-03-10T10:00", "2025-03-19"),
            ("2025-04-01", "2025-04-02"),
            ("2025-05-05", None),
        ],
        start=1,
    ):
        data: dict[str, Any] = {
            "id": f"case-2025-{n:03d}",
            "status": "screening",
            "subject": {"code": "A.B."},
            "referral": {"received": received},
        }
        if screened:
            data["screening"] = {"date": screened, "outcome": "eligible"}
        repo.add("case", data)
    args = ["--repo", str(repo.root), "--year", "2025", "--as-of", "2025-06-30", "--explain", "screened-5wd"]
    result = kpi(runner, app, *args)
    assert result.exit_code == 0, result.output
    # only the lines after the definition: the verdict and the records
    report = result.stdout.split("\n\ntestville: ", 1)[1]
    assert (
        report
        == """\
50 % (2/4) — no target
  Counts against (2):
    case-2025-002  screened on 2025-03-19, 6 working days after referral (due 2025-03-18)
    case-2025-004  not screened; due 2025-05-12
  Counted (2):
    case-2025-001, case-2025-003
"""
    )
    assert result.stdout.startswith("screened-5wd: Referrals screened within 5 working days (A Annex 3 I.3)\n")
    # with a target the verdict says whether it is met; JSON carries the same records
    repo.config(targets={"screened-5wd": 90})
    as_json = kpi(runner, app, *args, "--format", "json")
    entry = json.loads(as_json.stdout)["councils"][0]["kpis"]
    assert [k["id"] for k in entry] == ["screened-5wd"]
    assert entry[0]["records"] == ["case-2025-002", "case-2025-004"]
    assert entry[0]["counted"] == ["case-2025-001", "case-2025-003"]
    assert entry[0]["met"] is False
    assert "50 % (2/4), target ≥ 90 % — not met" in kpi(runner, app, *args).stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2025", "--from", "2025-01-01"], "give either --year or --from/--to, not both"),
        (["--from", "2025-06-01", "--to", "2025-05-01"], "--from 2025-06-01 is after --to 2025-05-01"),
        (["--from", "2025-13-01"], "--from: '2025-13-01' is not a date"),
        (["--explain", "no-such-kpi"], "--explain: no indicator 'no-such-kpi' (known: lpsc-meetings, "),
        (["--explain", "referrals", "--format", "csv"], "--explain prints text or json, not csv"),
        (["--set", "everything"], "Invalid value for '--set'"),
    ],
)
def test_usage_errors_exit_2(runner: Any, app: Any, make_repo: Any, args: list[str], message: str) -> None:
    repo = make_repo()
    result = kpi(runner, app, "--repo", str(repo.root), *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_not_a_repository_exits_2(runner: Any, app: Any, tmp_path: Path) -> None:
    result = kpi(runner, app, "--repo", str(tmp_path))
    assert result.exit_code == 2
    assert "not an lpsc repository" in result.output


def test_default_period_is_the_year_to_date_and_lpsc_repo_is_honoured(
    runner: Any, app: Any, make_repo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = small_council(make_repo, meetings=3)
    monkeypatch.setenv("LPSC_REPO", str(repo.root))
    result = kpi(runner, app, "--as-of", "2025-02-28", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["period"] == {"from": "2025-01-01", "to": "2025-02-28"}
    assert data["councils"][0]["kpis"][0]["value"] == 2  # January and February
    # --from alone runs to the as-of day; --to alone starts on 1 January of its year
    since = json.loads(kpi(runner, app, "--from", "2025-02-01", "--as-of", "2025-03-31", "--format", "json").stdout)
    assert since["period"] == {"from": "2025-02-01", "to": "2025-03-31"}
    until = json.loads(kpi(runner, app, "--to", "2025-01-31", "--as-of", "2025-03-31", "--format", "json").stdout)
    assert until["period"] == {"from": "2025-01-01", "to": "2025-01-31"}
    assert until["councils"][0]["kpis"][0]["value"] == 1


def test_warnings_for_broken_files_and_unknown_targets(runner: Any, app: Any, make_repo: Any) -> None:
    repo = small_council(make_repo)
    repo.config(targets={"no-such-kpi": 3})
    repo.write("meetings/2025/lpsc-2025-09-12.yaml", "id: lpsc-2025-09-12\ntype: lpsc\ndate: [\n")
    result = kpi(runner, app, "--repo", str(repo.root), "--year", "2025", "--as-of", "2025-12-31", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "lpsc: testville: 1 record file could not be read (left out of it; `lpsc check` lists every finding):\n"
        "  meetings/2025/lpsc-2025-09-12.yaml: line 4: cannot parse YAML: did not find expected node content\n"
        "lpsc: testville: lpsc.yaml targets.no-such-kpi: no such indicator; ignored\n"
    )
    assert "lpsc-meetings,LPSC meetings held,count,≥ 4,2\n" in result.stdout


def test_output_file_and_language(runner: Any, app: Any, make_repo: Any, tmp_path: Path) -> None:
    repo = small_council(make_repo)
    target = tmp_path / "kpi.csv"
    args = ["--repo", str(repo.root), "--year", "2025", "--as-of", "2025-12-31", "--format", "csv", "--lang", "sq"]
    result = kpi(runner, app, *args, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert (
        target.read_text(encoding="utf-8").splitlines()[1]
        == "lpsc-meetings,Mbledhje të KVSP-së të zhvilluara,count,≥ 4,2"
    )


def test_golden_json_for_the_example_repository(runner: Any, app: Any) -> None:
    """`lpsc kpi --year 2025 --set all` on examples/elbasan, judged on 2026-03-31.

    Regenerate after a deliberate change with LPSC_UPDATE_GOLDEN=1.
    """
    args = ["--repo", str(EXAMPLE), "--year", "2025", "--set", "all", "--as-of", "2026-03-31", "--format", "json"]
    result = kpi(runner, app, *args)
    assert result.exit_code == 0, result.output
    expected = GOLDEN / "expected.json"
    if os.environ.get("LPSC_UPDATE_GOLDEN"):
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(result.stdout, encoding="utf-8")
    assert json.loads(result.stdout) == json.loads(expected.read_text(encoding="utf-8"))
