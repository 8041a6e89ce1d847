"""`lpsc check --format sarif`: SARIF 2.1.0 (OASIS), for code-scanning dashboards.

One run whose `tool.driver` is lpsc with one rule per finding code that occurs (an obligation
rule's title from `lpsc_cli.rules.RULES` as its description), and one result per finding:
`ruleId`/`ruleIndex`, `level` (`error` or `warning`), `message.text`, one location
(`physicalLocation.artifactLocation.uri` relative to `%SRCROOT%`, the record repository's root,
and `region.startLine`), `partialFingerprints` (stable, see `lpsc_cli.reporters.findings`) and
the JSON pointer and record id as properties.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from lpsc_cli.checks import CheckResult
from lpsc_cli.reporters import View
from lpsc_cli.reporters.findings import file_of, fingerprinted, line_of
from lpsc_cli.rules import RULES
from lpsc_cli.version import VERSION

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def _rule(code: str) -> dict[str, Any]:
    known = RULES.get(code)
    entry: dict[str, Any] = {
        "id": code,
        "shortDescription": {"text": known.title if known else f"lpsc check finding {code}"},
    }
    if known:
        entry["fullDescription"] = {"text": " ".join(known.citation.split()) or known.title}
        entry["properties"] = {"source": known.source}
    return entry


def sarif_report(result: CheckResult, *, view: View) -> str:
    """The SARIF log: one run, its rules, and one result per finding."""
    codes = sorted({issue.code for issue in result.issues})
    index = {code: n for n, code in enumerate(codes)}
    results = []
    for issue, fingerprint in fingerprinted(result):
        properties = {key: value for key, value in (("pointer", issue.pointer), ("record", issue.record)) if value}
        entry: dict[str, Any] = {
            "ruleId": issue.code,
            "ruleIndex": index[issue.code],
            "level": "error" if issue.severity == "error" else "warning",
            "message": {"text": issue.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": quote(file_of(issue)), "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": line_of(issue)},
                    }
                }
            ],
            "partialFingerprints": {"lpscFinding/v1": fingerprint},
        }
        if properties:
            entry["properties"] = properties
        results.append(entry)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "lpsc",
                        "version": VERSION,
                        "rules": [_rule(code) for code in codes],
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
