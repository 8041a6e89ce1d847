"""What a commit introduces: the findings of the work tree that the last commit did not have.

The shipped pre-commit hook (`lpsc check --introduced`) judges a commit by what it changes, not
by the history of the year: a late obligation recorded in March keeps failing a full `lpsc
check` (which CI runs) until it is met or acknowledged, but it does not block every later
commit. A finding counts as introduced when the work tree has it and the last commit (HEAD) did
not — compared on code, severity, file, record, place in the record and message, not on line
numbers, which an edit above it moves — or when it is an error in a file the commit touches.

The last commit's files are read from git's objects (`lpsc_cli.history.head_files`) into a
temporary folder and checked there exactly as the work tree is, on the same day; no git work
tree or checkout is made, and the user's files are not touched. Pre-commit runs hooks with the
unstaged changes stashed, so the work tree is then what the commit will hold.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Sequence
from pathlib import Path

from lpsc_cli import history
from lpsc_cli.checks import CheckOptions, CheckResult, check_root
from lpsc_cli.errors import Issue, JsonPath, Severity, UsageError
from lpsc_cli.model import CONFIG_FILE
from lpsc_cli.repository import find_root

FindingKey = tuple[str, str, str | None, str | None, JsonPath, str]


def finding_key(issue: Issue) -> FindingKey:
    """What identifies a finding across two versions of the records (everything but the line)."""
    return (issue.code, issue.severity.value, issue.file, issue.record, tuple(issue.path), issue.message)


def head_result(top: Path, options: CheckOptions) -> CheckResult | None:
    """The check of the repository at `top` as the last commit holds it (None: no commit holds
    its `lpsc.yaml`, so everything is new)."""
    try:
        files = history.head_files(top)
    except history.GitUnavailable as exc:
        raise UsageError(f"--introduced: cannot read the last commit of {top} ({exc})") from None
    if CONFIG_FILE not in files:
        return None
    with tempfile.TemporaryDirectory(prefix="lpsc-head-") as folder:
        base = Path(folder)
        for rel, content in files.items():
            target = base / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        return check_root(base, dataclasses.replace(options, cache=False))


def introduced_findings(
    root: str | Path | None, options: CheckOptions, *, touched: Sequence[str] | None = None
) -> CheckResult:
    """The findings the work tree of the repository at `root` (None: found from the current
    folder) brings compared with its last commit, plus every error in the files `touched`
    (paths relative to the repository; None: the files changed since HEAD, staged or not).

    The result has the same shape as `check_root`'s: `ok` is what the hook's exit code says.
    """
    top = find_root(root)
    current = check_root(top, options)
    before = head_result(top, options)
    if before is None:
        return current  # the first commit of the repository: everything in it is new
    known = {finding_key(issue) for issue in before.issues}
    changed = set(touched) if touched is not None else set(history.changed_files(top, "HEAD"))
    kept = tuple(
        issue
        for issue in current.issues
        if finding_key(issue) not in known or (issue.severity is Severity.ERROR and issue.file in changed)
    )
    counts = {severity.value: sum(1 for i in kept if i.severity is severity) for severity in Severity}
    return CheckResult(issues=kept, strict=options.strict, counts=counts)
