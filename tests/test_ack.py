"""`lpsc ack`: acknowledging a late obligation, and what the check, deadlines and KPIs make of it."""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml

from lpsc_cli.checks import CheckOptions, check_repository
from lpsc_cli.repository import load_repository
from lpsc_cli.rules import acknowledgement_issues, obligation_findings, run_rules
from tests.support.cli import lpsc
from tests.support.records import git, git_init, seeded

OBLIGATION = "invitation-notice:lpsc-2025-03-12"
#: Wed 12 March 2025: the invitation, due Wed 5 March, went out on the 6th.
LATE = {
    "id": "lpsc-2025-03-12",
    "type": "lpsc",
    "date": "2025-03-12",
    "invitation": {"sent": "2025-03-06T09:00"},
}


def council(make_repo: Any) -> Any:
    repo = seeded(make_repo, in_git=False)
    repo.config(coverage={"from": "2025-01-01", "to": "2025-12-31"}, rules={"absence-explained": {"enabled": False}})
    repo.add("meeting", LATE)
    git_init(repo.root)
    return repo


def test_ack_round_trip(runner: Any, app: Any, make_repo: Any) -> None:
    repo = council(make_repo)
    before = obligation_findings(load_repository(repo.root, cache=False), as_of=date(2025, 3, 31))
    assert [i.code for i in before.issues if i.record == "lpsc-2025-03-12"].count("invitation-notice") == 1

    result = lpsc(runner, app, repo.root, "ack", OBLIGATION, "--reason", "Sent a day late: the hall changed",
                  "--by", "member-arta-kola", "--date", "2025-03-20")  # fmt: skip
    assert result.exit_code == 0, result.output
    rel = "acknowledgements/ack-invitation-notice-lpsc-2025-03-12.yaml"
    assert result.output.splitlines()[0] == f"created ack-invitation-notice-lpsc-2025-03-12: {rel}"
    assert yaml.safe_load((repo.root / rel).read_text(encoding="utf-8")) == {
        "id": "ack-invitation-notice-lpsc-2025-03-12",
        "obligation": OBLIGATION,
        "date": date(2025, 3, 20),
        "by": "member-arta-kola",
        "reason": "Sent a day late: the hall changed",
    }
    assert git(repo.root, "log", "-1", "--format=%s") == "acknowledgement: new ack-invitation-notice-lpsc-2025-03-12\n"
    assert git(repo.root, "status", "--porcelain") == ""

    loaded = load_repository(repo.root, cache=False)
    assert not loaded.issues
    after = obligation_findings(loaded, as_of=date(2025, 3, 31))
    assert "invitation-notice" not in {i.code for i in after.issues if i.record == "lpsc-2025-03-12"}
    assert [(item.id, item.status, item.acknowledged) for item in after.acknowledged] == [
        (OBLIGATION, "met-late", "ack-invitation-notice-lpsc-2025-03-12")
    ]
    # deadlines still count it late
    items = {item.id: item for item in run_rules(loaded, as_of=date(2025, 3, 31))}
    assert items[OBLIGATION].status == "met-late"
    # and the whole check of the repository stays schema- and reference-clean
    found = check_repository(loaded, CheckOptions(as_of=date(2025, 3, 31)))
    assert not [i for i in found.issues if i.file and i.file.startswith("acknowledgements/")]


def test_ack_refuses_what_cannot_be_acknowledged(runner: Any, app: Any, make_repo: Any) -> None:
    repo = council(make_repo)

    def ack(obligation: str, *extra: str) -> Any:
        return lpsc(runner, app, repo.root, "ack", obligation, "--reason", "late", "--date", "2025-03-20", *extra)

    assert ack("no-such-rule:x").output == (
        "lpsc: 'no-such-rule:x' is not an obligation id: no rule 'no-such-rule' (lpsc deadlines --list-rules)\n"
    )
    assert ack("invitation-notice:lpsc-2025-04-01").output == (
        "lpsc: no obligation 'invitation-notice:lpsc-2025-04-01' on 2025-03-20 "
        "(lpsc deadlines --all --rule invitation-notice lists its obligations)\n"
    )
    open_ = ack("minutes-signed:lpsc-2025-03-12")  # due on the 20th itself
    assert open_.exit_code == 1
    assert open_.output == (
        "lpsc: 'minutes-signed:lpsc-2025-03-12' is due-soon on 2025-03-20: "
        "only a missed or late obligation is acknowledged\n"
    )
    assert (
        ack(OBLIGATION, "--by", "member-nobody").output
        == "lpsc: --by: there is no member with the id 'member-nobody'\n"
    )
    assert ack(OBLIGATION).exit_code == 0
    again = ack(OBLIGATION)
    assert again.exit_code == 1
    assert again.output == f"lpsc: '{OBLIGATION}' is already acknowledged (ack-invitation-notice-lpsc-2025-03-12)\n"
    assert not list((repo.root / "acknowledgements").glob("*-2.yaml"))


def test_an_acknowledgement_that_matches_nothing_is_a_warning(make_repo: Any) -> None:
    repo = council(make_repo)
    repo.add(
        "acknowledgement",
        {"id": "ack-typo", "obligation": "invitation-notice:lpsc-2025-03-13", "date": "2025-03-20", "reason": "late"},
    )
    repo.add(
        "acknowledgement",
        {"id": "ack-early", "obligation": "meetings-per-year:2025", "date": "2025-03-20", "reason": "not yet"},
    )
    loaded = load_repository(repo.root, cache=False)
    assert not loaded.issues, [i.message for i in loaded.issues]
    found = {
        i.record: (i.code, i.severity.value, i.message) for i in acknowledgement_issues(loaded, as_of=date(2025, 3, 31))
    }
    assert found == {
        "ack-typo": (
            "acknowledgement-unmatched",
            "warning",
            "ack-typo acknowledges 'invitation-notice:lpsc-2025-03-13', which no enabled rule produces on 2025-03-31",
        ),
        "ack-early": (
            "acknowledgement-unmatched",
            "warning",
            "ack-early acknowledges 'meetings-per-year:2025', which is upcoming, not missed, on 2025-03-31",
        ),
    }


def test_ack_of_a_case_obligation_judges_every_case(runner: Any, app: Any, example_copy: Any) -> None:
    """`lpsc ack` reads every case (the rules run over them), not the selection other writes read."""
    root = example_copy()
    result = lpsc(runner, app, root, "--lang", "en", "ack", "screening-5wd:case-2025-005", "--reason", "x",
                  "--dry-run", "--date", "2025-12-31")  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "is met on" in result.output and "internal error" not in result.output
