"""Per-meeting declarations in `lpsc check`: judged from `declarations: {from}` of lpsc.yaml, late ones flagged."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from lpsc_cli.checks import CheckOptions, check_root
from lpsc_cli.checks.declarations import CODE, LATE
from tests.support.records import seeded
from tests.support.repos import BASE_CONFIG

NOTE = "per-meeting confidentiality declarations are not checked"


def _meeting(meeting_id: str, day: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": meeting_id, "type": "lpsc", "date": day,
        "attendance": [{"member": "member-ilir-dervishi", "status": "present"}],
        "guests": [{"name": "Dritan Leka", "institution": "Youth Association"}],
        "cases_discussed": ["case-2025-001"],
        **extra,
    }  # fmt: skip


def _council(make_repo: Any, **config: Any) -> Any:
    repo = seeded(make_repo, in_git=False)
    repo.config(**config)
    repo.add("case", {"id": "case-2025-001", "status": "registered",
                      "referral": {"received": "2025-02-10T09:30", "referred_by": "community"}})  # fmt: skip
    repo.add("meeting", _meeting("lpsc-2025-03-12", "2025-03-12"))
    repo.add("meeting", _meeting("lpsc-2025-06-12", "2025-06-12", declarations=[
        {"member": "member-ilir-dervishi", "date": "2025-06-12"},
        {"guest": "Dritan Leka", "date": "2025-06-14"},
    ]))  # fmt: skip
    return repo


def _codes(root: Path) -> list[tuple[str, str | None]]:
    result = check_root(root, CheckOptions(as_of=date(2025, 7, 1), cache=False))
    return sorted((i.code, i.file) for i in result.issues if i.code in (CODE, LATE))


def test_without_a_start_date_no_meeting_is_judged(make_repo) -> None:
    assert _codes(_council(make_repo).root) == []


def test_meetings_from_the_start_date_are_judged_and_a_late_declaration_is_flagged(make_repo) -> None:
    repo = _council(make_repo, declarations={"from": "2025-04-01"})
    # the March meeting is before the start: not judged; in June the guest declared two days late
    assert _codes(repo.root) == [(LATE, "meetings/2025/lpsc-2025-06-12.yaml")]
    repo.config(declarations={"from": "2025-01-01"})
    assert _codes(repo.root) == [
        (CODE, "meetings/2025/lpsc-2025-03-12.yaml"),
        (CODE, "meetings/2025/lpsc-2025-03-12.yaml"),
        (LATE, "meetings/2025/lpsc-2025-06-12.yaml"),
    ]


def test_check_says_in_one_line_that_declarations_are_not_checked(runner, app, make_repo) -> None:
    repo = _council(make_repo)
    without = runner.invoke(app, ["check", "--no-cache", "--repo", str(repo.root)])
    assert [line for line in without.stderr.splitlines() if NOTE in line] == [
        f"lpsc: note: {NOTE}; to check them from a day on, add `declarations: {{from: YYYY-MM-DD}}` to lpsc.yaml"
    ]
    repo.config(declarations={"from": "2025-04-01"})
    assert NOTE not in runner.invoke(app, ["check", "--no-cache", "--repo", str(repo.root)]).stderr


def test_init_starts_declarations_on_the_first_day(runner, app, tmp_path: Path) -> None:
    target = tmp_path / "council"
    done = runner.invoke(app, ["init", str(target), "--council", "testville", "--name", "KVSP Testville",
                               "--since", "2026-01-05", "--no-commit"])  # fmt: skip
    assert done.exit_code == 0, done.output
    config = yaml.safe_load((target / "lpsc.yaml").read_text())
    assert str(config["declarations"]["from"]) == "2026-01-05"
    checked = runner.invoke(app, ["check", "--no-cache", "--repo", str(target)])
    assert checked.exit_code == 0, checked.output
    assert NOTE not in checked.stderr
    assert BASE_CONFIG.get("declarations") is None  # the test councils start without it
