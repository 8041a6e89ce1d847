"""`lpsc check --introduced` (lpsc_cli.checks.introduced): a commit is judged by what it changes."""

from __future__ import annotations

from datetime import date
from typing import Any

from lpsc_cli import history
from lpsc_cli.checks import CheckOptions, check_root
from lpsc_cli.checks.introduced import introduced_findings
from tests.support.records import git, git_init, seeded

OPTIONS = CheckOptions(as_of=date(2025, 12, 31))
RULES_OFF = {
    rule: {"enabled": False}
    for rule in ("confidentiality-declared", "secretariat-monthly", "consultation-6-months", "plan-annual",
                 "training-refresher", "meetings-per-year", "chair-reports-council", "annual-report",
                 "minutes-signed", "minutes-submitted", "press-release-24h")
}  # fmt: skip


def meeting(day: str, sent: str) -> dict[str, Any]:
    return {"id": f"lpsc-{day}", "type": "lpsc", "date": day, "invitation": {"sent": sent}}


def year_with_a_late_invitation(make_repo: Any) -> Any:
    repo = seeded(make_repo, in_git=False)
    repo.config(coverage={"from": "2025-01-01", "to": "2025-12-31"}, rules=RULES_OFF)
    repo.add("meeting", meeting("2025-03-12", "2025-03-06T09:00"))  # due 5 March: met late
    git_init(repo.root)
    return repo


def codes(result: Any) -> list[tuple[str, str | None]]:
    return [(issue.code, issue.record) for issue in result.issues]


def test_the_history_of_the_year_does_not_fail_a_commit(make_repo: Any) -> None:
    repo = year_with_a_late_invitation(make_repo)
    repo.add("meeting", meeting("2025-06-11", "2025-06-02T09:00"))  # on time
    result = introduced_findings(repo.root, OPTIONS)
    assert result.ok and codes(result) == []
    # the full check still reports the late invitation of March
    assert ("invitation-notice", "lpsc-2025-03-12") in codes(check_root(repo.root, OPTIONS))


def test_a_commit_that_brings_a_late_obligation_fails_on_it_alone(make_repo: Any) -> None:
    repo = year_with_a_late_invitation(make_repo)
    repo.add("meeting", meeting("2025-09-10", "2025-09-08T09:00"))
    result = introduced_findings(repo.root, OPTIONS)
    assert not result.ok
    assert codes(result) == [("invitation-notice", "lpsc-2025-09-10")]


def test_an_error_in_a_touched_file_fails_even_when_it_was_there_before(make_repo: Any) -> None:
    repo = year_with_a_late_invitation(make_repo)
    broken = "meetings/2025/lpsc-2025-03-12.yaml"
    repo.write(broken, "id: lpsc-2025-03-12\ntype: lpsc\ndate: 2025-03-12\nmode: on-the-moon\n")
    git(repo.root, "commit", "-qam", "a broken meeting")
    untouched = introduced_findings(repo.root, OPTIONS)
    assert untouched.ok, codes(untouched)
    touched = introduced_findings(repo.root, OPTIONS, touched=[broken])
    assert not touched.ok
    assert {issue.file for issue in touched.issues} == {broken}


def test_head_files_reads_the_last_commit_not_the_work_tree(make_repo: Any) -> None:
    repo = year_with_a_late_invitation(make_repo)
    (repo.root / "lpsc.yaml").write_text("changed: true\n", encoding="utf-8")
    files = history.head_files(repo.root)
    assert b"council: testville" in files["lpsc.yaml"]
    assert "meetings/2025/lpsc-2025-03-12.yaml" in files
    git(repo.root, "checkout", "-q", "--", "lpsc.yaml")


def test_a_first_commit_introduces_everything(make_repo: Any) -> None:
    repo = seeded(make_repo, in_git=False)
    repo.config(coverage={"from": "2025-01-01", "to": "2025-12-31"}, rules=RULES_OFF)
    repo.add("meeting", meeting("2025-03-12", "2025-03-06T09:00"))
    git(repo.root, "init", "-q", "-b", "main")
    assert history.head_files(repo.root) == {}
    result = introduced_findings(repo.root, OPTIONS)
    assert ("invitation-notice", "lpsc-2025-03-12") in codes(result)
    assert codes(result) == codes(check_root(repo.root, OPTIONS))
