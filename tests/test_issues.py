"""A finding keeps every one of its fields through the cache's rows and when it is placed at a line."""

from __future__ import annotations

import dataclasses

from lpsc_cli.errors import Issue, Severity


def _every_field_set() -> Issue:
    values = {"severity": Severity.WARNING, "line": 7, "path": ("attendance", 3, "member")}
    return Issue(**{f.name: values.get(f.name, f"{f.name}-value") for f in dataclasses.fields(Issue)})


def test_at_line_changes_the_line_and_nothing_else() -> None:
    issue = _every_field_set()
    assert issue.at_line(12) == dataclasses.replace(issue, line=12)
    assert issue.at_line(None) == dataclasses.replace(issue, line=None)


def test_a_row_gives_the_same_finding_back() -> None:
    issue = _every_field_set()
    assert Issue.from_row(issue.to_row()) == issue
