"""`lpsc check` on obligations: missed deadlines become findings; rule settings are validated."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from lpsc_cli.checks import CheckOptions, check_repository, obligations
from tests.support.rules import LATE_INVITATION, Build, case


def _obligation_findings(builder: Any, as_of: date) -> list[tuple[str, str, str | None, int | None, str | None]]:
    repo = builder.load()
    result = check_repository(repo, CheckOptions(as_of=as_of), checks=[("obligations", obligations.check)])
    return [(i.code, i.severity.value, i.file, i.line, i.record) for i in result.issues]


def test_overdue_and_met_late_items_are_findings_at_the_rules_severity(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(
        coverage={"from": "2025-03-01", "to": "2025-03-31"},
        rules={
            "secretariat-monthly": {"enabled": False},
            "meetings-per-year": {"enabled": False},
            "consultation-6-months": {"enabled": False},
            "plan-annual": {"enabled": False},
            "training-refresher": {"enabled": False},
            "prefect-reports": {"enabled": False},
            "minutes-signed": {"severity": "error"},
        },
    )
    # invitation sent a day late (met-late), no minutes (overdue), press release on time (met)
    builder.add("meeting", LATE_INVITATION)
    builder.add("case", case(1, "2025-03-10T09:30", screening={"date": "2025-03-13", "outcome": "eligible"}))
    findings = _obligation_findings(builder, date(2025, 3, 31))
    meeting_file = "meetings/2025/lpsc-2025-03-12.yaml"
    assert sorted(findings) == sorted(
        [
            ("invitation-notice", "error", meeting_file, 7, "lpsc-2025-03-12"),  # the `sent:` line
            ("minutes-signed", "error", meeting_file, 3, "lpsc-2025-03-12"),  # no minutes: the `date:` line
            ("minutes-submitted", "warning", meeting_file, 3, "lpsc-2025-03-12"),
        ]
    )


def test_rule_settings_are_checked(make_repo: Build) -> None:
    builder = make_repo()
    builder.config(
        coverage={"from": "2025-03-01", "to": "2025-03-01"},
        rules={"invitation-notice": {"workdays": 5}, "no-such-rule": {"enabled": True}},
        calendar={"closures": ["2025-12-25"]},
    )
    findings = _obligation_findings(builder, date(2025, 3, 1))
    assert sorted(f for f in findings if f[0] in ("rule-settings", "calendar-closures")) == [
        ("calendar-closures", "warning", "lpsc.yaml", 20, None),  # the list item
        ("rule-settings", "error", "lpsc.yaml", 15, None),  # `workdays: 5`
        ("rule-settings", "error", "lpsc.yaml", 16, None),  # `no-such-rule:`
    ]


def test_check_command_reports_obligations_in_json(make_repo: Build, runner: Any, app: Any) -> None:
    builder = make_repo()
    builder.config(coverage={"from": "2025-03-01", "to": "2025-03-31"})
    builder.add("case", case(1, "2025-03-10T09:30"))
    result = runner.invoke(app, ["check", "--repo", str(builder.root), "--as-of", "2025-03-31", "--format", "json"])
    assert result.exit_code == 1, result.output
    issues = json.loads(result.stdout)["issues"]
    screening = [i for i in issues if i["code"] == "screening-5wd"]
    assert screening == [
        {
            "code": "screening-5wd",
            "severity": "error",
            "message": "screening of referral case-2025-001 received 2025-03-10: not done, due 2025-03-18 (7 working days late)",
            "file": "cases/2025/case-2025-001.yaml",
            "line": 6,
            "path": "/referral/received",
            "record": "case-2025-001",
            "obligation": "screening-5wd:case-2025-001",
        }
    ]
