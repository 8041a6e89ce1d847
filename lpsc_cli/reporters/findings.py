"""What the CI formats of `lpsc check` (gitlab, sarif, junit) say alike about one finding.

Each finding is placed in a file of the repository (findings about the council as a whole in
`lpsc.yaml`) on a line (1 when the file has no better one), and given a fingerprint: a digest
of its code, file, place in the document and record, so that the same finding keeps its
fingerprint from run to run, across days (messages name due dates and days late, which
change) and when lines move. Findings that share all four are numbered in their order.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator

from lpsc_cli.checks import CheckResult
from lpsc_cli.errors import Issue
from lpsc_cli.model import CONFIG_FILE

#: Characters XML 1.0 cannot hold; record text may carry them, reports replace them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def file_of(issue: Issue) -> str:
    """The file a finding is shown in: its own, or `lpsc.yaml` for the council as a whole."""
    return issue.file or CONFIG_FILE


def line_of(issue: Issue) -> int:
    return issue.line or 1


def fingerprinted(result: CheckResult) -> Iterator[tuple[Issue, str]]:
    """Each finding with its stable fingerprint (64 hex digits)."""
    seen: Counter[tuple[str, str, str, str]] = Counter()
    for issue in result.issues:
        key = (issue.code, file_of(issue), issue.pointer, issue.record or "")
        seen[key] += 1
        text = "\x1f".join((*key, str(seen[key])))
        yield issue, hashlib.sha256(text.encode("utf-8")).hexdigest()


def xml_text(value: str) -> str:
    """`value` with the characters XML cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", value)
