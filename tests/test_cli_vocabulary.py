"""The choices the record commands offer are the schemas' own, and every command explains itself."""

from __future__ import annotations

from typing import Any

import pytest

from lpsc_cli import vocabulary as values
from lpsc_cli.schemas import SchemaSet


def _enum(schemas: SchemaSet, kind: str, *path: str) -> list[Any]:
    node: Any = schemas.document(kind)
    for step in path:
        if step == "*":
            node = node["items"]
        elif step.startswith("#"):
            node = node["$defs"][step[1:]]
        else:
            node = node["properties"][step]
        while "$ref" in node and "enum" not in node:
            file, _, pointer = node["$ref"].partition("#")
            target: Any = schemas.documents[file] if file else schemas.document(kind)
            for part in pointer.strip("/").split("/"):
                target = target[part]
            node = target
    return list(node["enum"] if "enum" in node else node["items"]["enum"])


CHOICES = [
    (values.MEETING_TYPES, "meeting", ("type",)),
    (values.MEETING_MODES, "meeting", ("mode",)),
    (values.ATTENDANCE, "meeting", ("attendance", "*", "status")),
    (values.ADOPTION, "meeting", ("decisions", "*", "adopted")),
    (values.MINUTES_STATUS, "meeting", ("minutes", "status")),
    (values.SECTORS, "institution", ("sector",)),
    (values.ROLES, "member", ("roles",)),
    (values.SEATS, "member", ("seat",)),
    (values.CASE_STATUS, "case", ("status",)),
    (values.CONCERNS, "case", ("concerns",)),
    (values.SUBJECT_GROUPS, "case", ("subject", "groups")),
    (values.SEXES, "case", ("subject", "sex")),
    (values.CHANNELS, "case", ("referral", "channel")),
    (values.SCREENING_OUTCOMES, "case", ("screening", "outcome")),
    (values.RISK_LEVELS, "case", ("assessment", "risk_level")),
    (values.CONSENT_BY, "case", ("isp", "consent", "by")),
    (values.GOAL_STATUS, "case", ("isp", "goals", "*", "status")),
    (values.CONTACT_KINDS, "case", ("contacts", "*", "kind")),
    (values.REVIEW_KINDS, "case", ("reviews", "*", "kind")),
    (values.CLOSURE_REASONS, "case", ("closure", "reason")),
    (values.GOALS_ACHIEVED, "case", ("closure", "goals_achieved")),
    (values.EXIT_TO, "case", ("closure", "exit_notification", "to")),
    (values.REOPEN_REASONS, "case", ("reopened", "*", "reason")),
    (values.PLAN_STATUS, "plan", ("status",)),
    (values.PRIORITIES, "plan", ("items", "*", "priority")),
    (values.ACTIVITY_STATUS, "plan", ("#activity", "status")),
    (values.HALVES, "plan", ("monitoring", "*", "period")),
    (values.TRAINING_KINDS, "training", ("kind",)),
    (values.REPORT_KINDS, "report", ("kind",)),
    (values.REPORT_TO, "report", ("to",)),
]


@pytest.mark.parametrize(("choices", "kind", "path"), CHOICES, ids=[f"{k}.{'.'.join(p)}" for _, k, p in CHOICES])
def test_choices_match_the_schema(choices, kind, path) -> None:
    assert list(choices) == _enum(SchemaSet(), kind, *path)


RECORD_COMMANDS = {
    "institution": ["add", "list", "show"],
    "member": ["add", "declare", "delegate", "term", "list", "show"],
    "meeting": ["new", "invite", "attend", "cases", "recording", "citizens", "decide", "minutes", "publish", "list",
                "show"],
    "case": ["new", "receive", "consult", "goal", "screen", "assess", "plan", "assign", "contact", "review", "transfer", "close", "reopen",
             "share", "escalate", "progress", "list", "show"],
    "plan": ["new", "item", "activity", "progress", "approve", "publish", "monitor", "revise", "list", "show"],
    "training": ["add", "list", "show"],
    "report": ["add", "list", "show"],
}  # fmt: skip


def test_every_record_command_exists_and_has_help(runner, app) -> None:
    import typer.main

    root = typer.main.get_command(app)
    for group, commands in RECORD_COMMANDS.items():
        sub = root.commands[group]  # type: ignore[attr-defined]
        for name in commands:
            command = sub.commands[name]
            assert command.help and len(command.help) > 20, f"{group} {name} has no help"
            for param in command.params:
                if (
                    param.name not in ("help",)
                    and getattr(param, "help", None) is None
                    and param.param_type_name == "option"
                ):
                    pytest.fail(f"{group} {name} {param.opts} has no help")
    assert "log" in root.commands  # type: ignore[attr-defined]
    shown = runner.invoke(app, ["case", "new", "--help"])
    assert shown.exit_code == 0
    assert "--referred-by" in shown.output and "--dry-run" in shown.output and "--no-commit" in shown.output
