"""`lpsc check --format gitlab`: GitLab's Code Quality report, so findings show in merge requests.

A JSON array with one object per finding, with the fields GitLab reads
(docs.gitlab.com, "Code Quality", "Implement a custom tool"): `description`, `check_name`
(the finding's code), `fingerprint` (stable from run to run, see
`lpsc_cli.reporters.findings`), `severity` (errors `major`, warnings `minor`) and
`location.path` with `location.lines.begin`. Paths are relative to the record repository's
root, which is what GitLab expects when the records are the root of the git repository.
"""

from __future__ import annotations

import json

from lpsc_cli.checks import CheckResult
from lpsc_cli.errors import Severity
from lpsc_cli.reporters import View
from lpsc_cli.reporters.findings import file_of, fingerprinted, line_of

SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def gitlab_report(result: CheckResult, *, view: View) -> str:
    """The Code Quality JSON array (empty when there are no findings)."""
    entries = [
        {
            "description": f"{issue.code}: {issue.message}",
            "check_name": issue.code,
            "fingerprint": fingerprint,
            "severity": SEVERITY.get(issue.severity, "info"),
            "location": {"path": file_of(issue), "lines": {"begin": line_of(issue)}},
        }
        for issue, fingerprint in fingerprinted(result)
    ]
    return json.dumps(entries, ensure_ascii=False, indent=2) + "\n"
