"""A council's whole year recorded through the CLI alone checks clean; one planted violation each
gives exactly its finding; an acknowledged late obligation stops failing the check but is still late.

The year (tests/year/scenario.py, docs/year.md) is built once per test run, in-process: every
record comes from an `lpsc` command, from `lpsc init` on; nothing is written by hand. Variants copy
the built year and replay only the steps on the files a changed step wrote (tests/year/run.py).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock
from year.run import Lpsc, Year, git
from year.scenario import AS_OF, EVERYONE, INSTITUTIONS, YEAR, drop, replace

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="every step of the year is a commit")

#: Findings for things the council of the scenario did right, which lpsc would still report:
#: none. (`consultation-6-months` once asked for a field no command writes; it now reads the plan's
#: approval and revisions that `plan approve|revise --meeting` record.)
KNOWN_FALSE_ALARMS: set[tuple[str, str]] = set()


@dataclass(frozen=True)
class Built:
    """The year built once, and the means to run lpsc and build variants of it."""

    lpsc: Lpsc
    year: Year
    scratch: Path

    def variant(self, name: str, steps: Any) -> Year:
        return self.year.variant(self.lpsc, steps, self.scratch / name)

    def check(self, root: Path, *extra: str) -> tuple[int, list[dict[str, Any]]]:
        done = self.lpsc.at(root, "check", "--as-of", AS_OF, "--format", "json", *extra)
        assert done.exit_code in (0, 1), done.output
        return done.exit_code, json.loads(done.stdout)["issues"]


def _shared_folder(factory: pytest.TempPathFactory) -> Path:
    """A folder all workers of one run share (pytest-xdist), else this run's temporary folder."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """The base year, built by the first worker that needs it; the others wait and reuse it."""
    lpsc = Lpsc()
    shared = _shared_folder(tmp_path_factory) / "lpsc-year"
    shared.mkdir(exist_ok=True)
    root, marker = shared / "kvsp-librazhd", shared / "built.json"
    with FileLock(str(shared / "build.lock")):
        if not marker.exists():  # a build that failed half-way in another worker leaves its folders
            shutil.rmtree(root, ignore_errors=True)
            shutil.rmtree(shared / f"{root.name}-files", ignore_errors=True)
        if marker.exists():
            state = json.loads(marker.read_text(encoding="utf-8"))
            year = Year(root, Path(state["files"]), YEAR, state["commits"], state["written"])
        else:
            year = Year.build(lpsc, YEAR, root)
            state = {"files": str(year.files), "commits": year.commits, "written": year.written}
            marker.write_text(json.dumps(state), encoding="utf-8")
    yield Built(lpsc, year, tmp_path_factory.mktemp("year-variants"))


def _kpis(built: Built) -> dict[str, dict[str, Any]]:
    """The year's indicators and checklist, by id."""
    done = built.lpsc.at(built.year.root, "kpi", "--year", "2025", "--as-of", AS_OF, "--set", "all", "--format", "json")
    assert done.exit_code == 0, done.output
    return {kpi["id"]: kpi for kpi in json.loads(done.stdout)["councils"][0]["kpis"]}


def _findings(issues: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {(issue["code"], issue.get("obligation") or issue["file"]) for issue in issues}


# --- the year itself ---------------------------------------------------------------------------


def test_every_record_of_the_year_comes_from_a_command(built: Built) -> None:
    year = built.year
    assert len(YEAR) > 200 and len(year.commits) == len(YEAR)
    assert git(year.root, "status", "--porcelain") == ""
    tracked = set(git(year.root, "ls-files").split())
    records = {f for f in tracked if f.endswith(".yaml") and f != "lpsc.yaml"}
    assert records == set(year.written) - {None}, "a record no step wrote"
    # lpsc.yaml as lpsc init wrote it, then the mayor's composition order that lpsc compose added
    commit_of = {one.name: commit for one, commit in zip(year.steps, year.commits, strict=True)}
    assert git(year.root, "log", "--format=%H", "--", "lpsc.yaml").split() == [commit_of["compose"], commit_of["init"]]
    assert len(git(year.root, "rev-list", "HEAD").split()) == len(YEAR)  # init's commit and one per step
    folders = {folder: len([f for f in records if f.startswith(folder)]) for folder in ("meetings/", "cases/")}
    assert folders == {"meetings/": 18, "cases/": 8}
    listed = built.lpsc.at(year.root, "institution", "list", "--format", "json")
    assert listed.exit_code == 0 and len(json.loads(listed.stdout)) == len(INSTITUTIONS)
    for kind, record in (("institution", "cve"), ("training", "training-2025-10-16"), ("report", "council-2025")):
        shown = built.lpsc.at(year.root, kind, "show", record, "--format", "json")
        assert shown.exit_code == 0 and json.loads(shown.stdout)["id"] == record, shown.output
    members = built.lpsc.at(year.root, "member", "list", "--format", "json")
    assert {row["id"] for row in json.loads(members.stdout)} == set(EVERYONE)


def test_what_the_cli_recorded_reads_back(built: Built) -> None:
    """The steps of issue 11 §1 landed in the records: attendance, guests, citizens, recording,
    cases discussed, a transfer in, consultations with a provider, goal outcomes."""
    show = {
        record: json.loads(built.lpsc.at(built.year.root, kind, "show", record, "--format", "json").stdout)
        for kind, record in (
            ("meeting", "lpsc-2025-12-17"),
            ("meeting", "consult-2025-07-09"),
            ("case", "case-2025-003"),
            ("case", "case-2025-004"),
            ("case", "case-2025-005"),
        )
    }
    december = show["lpsc-2025-12-17"]
    assert {"member": "member-ardian-hoxha", "status": "present", "delegate": "member-erjon-dema"} in december[
        "attendance"
    ]
    assert december["cases_discussed"] == [f"case-2025-00{n}" for n in (2, 3, 5, 7, 8)]
    assert december["recording"] == {"archived": "2025-12-18"}
    assert show["consult-2025-07-09"]["citizens"]["count"] == 38
    assert show["consult-2025-07-09"]["guests"][0]["name"] == "Teuta Lika"
    red_flag = show["case-2025-003"]
    assert red_flag["referral"]["referred_by"] == "cve" and red_flag["reported"] == {"regional_cve": "2025-04-09"}
    assert [c.get("provider") for c in red_flag["expert_consultations"]] == [None, "mental-health-elbasan"]
    assert [g["status"] for g in red_flag["isp"]["goals"]] == ["achieved", "partially-achieved"]
    assert show["case-2025-004"]["status"] != "screening"
    assert show["case-2025-005"]["received_from"]["council"] == "pogradec"


def test_the_year_checks_clean(built: Built) -> None:
    code, issues = built.check(built.year.root)
    assert (code, issues) == (0, [])


def test_the_year_has_no_finding_but_the_known_false_alarms(built: Built) -> None:
    """No warning had to be accepted; the errors are exactly the false alarms named above."""
    _code, issues = built.check(built.year.root)
    assert _findings(issues) == KNOWN_FALSE_ALARMS
    assert {issue["severity"] for issue in issues} <= {"error"}


def test_closure_indicators_leave_out_a_case_referred_elsewhere(built: Built) -> None:
    """Case 4 was referred elsewhere at screening: the council never managed it, so it owes no
    closure report (rule closure-complete); the closure indicators should not count it either."""
    kpis = _kpis(built)
    closures = ("isp-goals-achieved", "closure-reports", "continued-services", "exit-notifications")
    assert {name: kpis[name]["denominator"] for name in closures} == dict.fromkeys(closures, 1)


def test_a_referral_from_the_cve_centre_is_not_owed_back_to_it(built: Built) -> None:
    """Every referral was shared with the bodies it concerns; the red flag of case 3 came from the
    national CVE centre itself, which the rule red-flag-reported does not ask to be told again."""
    kpis = _kpis(built)
    assert (kpis["referrals-shared"]["numerator"], kpis["referrals-shared"]["denominator"]) == (8, 8)


def test_the_half_year_report_shows_the_plan_of_the_half_year(built: Built) -> None:
    """Activity 2.1.3 was added by the revision of 23 July: the H1 monitoring report (approved on
    18 July) neither lists it nor counts it, so H1 stands at (50 + 100 + 40 + 0 + 0) / 5 = 38 %."""
    done = built.lpsc.at(built.year.root, "report", "monitoring", "--period", "2025-H1", "--lang", "en")
    assert done.exit_code == 0, done.output
    assert "| 2.1.3 |" not in done.stdout and "38%" in done.stdout
    second = built.lpsc.at(built.year.root, "report", "monitoring", "--period", "2025-H2", "--lang", "en")
    assert second.exit_code == 0, second.output
    assert "| 2.1.3 |" in second.stdout


# --- one violation each --------------------------------------------------------------------------

VARIANTS = {
    # sent 3 working days before the meeting of Wednesday 23 July (Fri 18, Mon 21, Tue 22)
    "late-invitation": (
        replace(YEAR, "lpsc-2025-07-23/invite", "meeting invite lpsc-2025-07-23 --sent 2025-07-18T09:00 --to all"),
        ("invitation-notice", "invitation-notice:lpsc-2025-07-23", "meetings/2025/lpsc-2025-07-23.yaml"),
    ),
    "no-press-release": (
        drop(YEAR, "lpsc-2025-07-23/publish"),
        ("press-release-24h", "press-release-24h:lpsc-2025-07-23", "meetings/2025/lpsc-2025-07-23.yaml"),
    ),
    # received Tuesday 4 November: the 5th working day is Tuesday 11, the 6th Wednesday 12
    "screening-6th-working-day": (
        replace(YEAR, "case-2025-008/screen", "case screen case-2025-008 --date 2025-11-12 --outcome eligible"),
        ("screening-5wd", "screening-5wd:case-2025-008", "cases/2025/case-2025-008.yaml"),
    ),
    "no-secretariat-in-september": (
        drop(YEAR, "secr-2025-09-17"),
        ("secretariat-monthly", "secretariat-monthly:2025-09", "lpsc.yaml"),
    ),
}


@pytest.mark.parametrize("name", list(VARIANTS))
def test_one_planted_violation_gives_exactly_its_finding(built: Built, name: str) -> None:
    steps, (code, obligation, file) = VARIANTS[name]
    variant = built.variant(name, steps)
    exit_code, issues = built.check(variant.root)
    new = [issue for issue in issues if (issue["code"], issue.get("obligation")) not in KNOWN_FALSE_ALARMS]
    assert exit_code == 1
    assert [(i["code"], i["obligation"], i["file"], i["severity"]) for i in new] == [(code, obligation, file, "error")]
    assert _findings(issues) - _findings(new) == KNOWN_FALSE_ALARMS


def test_an_acknowledged_late_invitation_no_longer_fails_but_stays_late(built: Built) -> None:
    steps, (_code, obligation, _file) = VARIANTS["late-invitation"]
    root = built.variant("acknowledged", steps).root
    _exit, issues = built.check(root)
    [late] = [issue for issue in issues if issue["code"] == "invitation-notice"]
    kpi_before = built.lpsc.at(root, "kpi", "--year", "2025", "--as-of", AS_OF, "--format", "json")
    assert kpi_before.exit_code == 0, kpi_before.output

    done = built.lpsc.at(
        root,
        "ack",
        late["obligation"],
        "--reason",
        "The invitation went out late: the hall was booked late.",
        "--by",
        "member-elda-muca",
        "--date",
        AS_OF,
    )
    assert done.exit_code == 0 and "committed " in done.output, done.output

    _exit, issues = built.check(root)
    assert _findings(issues) == KNOWN_FALSE_ALARMS
    deadlines = built.lpsc.at(root, "deadlines", "--all", "--as-of", AS_OF, "--format", "json")
    [item] = [i for i in json.loads(deadlines.stdout)["items"] if i["obligation"] == obligation]
    assert item["status"] == "met-late" and item["acknowledged"], item
    kpi_after = built.lpsc.at(root, "kpi", "--year", "2025", "--as-of", AS_OF, "--format", "json")
    assert kpi_after.stdout == kpi_before.stdout


def test_the_hook_judges_only_what_a_change_brings(built: Built) -> None:
    """`check --introduced` (the pre-commit hook) fails on a late invitation being recorded, not on
    the findings the year already had; once the change is undone it passes."""
    root = built.scratch / "hook"
    shutil.copytree(built.year.root, root)
    late = ("meeting", "invite", "lpsc-2025-12-17", "--sent", "2025-12-15T09:00", "--to", "all", "--no-commit")
    done = built.lpsc.at(root, *late)
    assert done.exit_code == 0 and "not committed" in done.output, done.output
    code, issues = built.check(root, "--introduced")
    assert code == 1 and _findings(issues) == {("invitation-notice", "invitation-notice:lpsc-2025-12-17")}
    git(root, "checkout", "--", "meetings/2025/lpsc-2025-12-17.yaml")
    assert built.check(root, "--introduced") == (0, [])
    assert _findings(built.check(root)[1]) == KNOWN_FALSE_ALARMS
