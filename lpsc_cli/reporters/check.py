"""Reporters for `lpsc check`, by name: one function `reporter(result, *, view)` per format.

* text — `file:line: severity code: message`, then a summary line (`ok: no findings`).
* json — `{"ok", "counts", "issues": [{"code", "severity", "message", "file", "line", "path",
  "record"}]}`.
* github — GitHub Actions workflow commands (`::error file=…,line=…,title=…::message`), so that
  findings show as annotations on the pull request.
* gitlab — GitLab's Code Quality report (`lpsc_cli.reporters.gitlab`).
* sarif — SARIF 2.1.0 for code-scanning dashboards (`lpsc_cli.reporters.sarif`).
* junit — JUnit XML for any CI that reads test reports (`lpsc_cli.reporters.junit`).
"""

from __future__ import annotations

import json

from lpsc_cli.checks import CheckResult
from lpsc_cli.controls import one_line
from lpsc_cli.errors import Issue
from lpsc_cli.i18n import gettext as _
from lpsc_cli.i18n import ngettext
from lpsc_cli.reporters import Registry, View
from lpsc_cli.reporters.gitlab import gitlab_report
from lpsc_cli.reporters.junit import junit_report
from lpsc_cli.reporters.sarif import sarif_report


def summary(result: CheckResult) -> str:
    """`ok: no findings`, or the verdict with the number of errors and warnings."""
    errors, warnings = result.counts.get("error", 0), result.counts.get("warning", 0)
    if not errors and not warnings:
        return _("ok: no findings")
    verdict = _("ok") if result.ok else _("failed")
    counted = ngettext("{n} error", "{n} errors", errors).format(n=errors)
    warned = ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings)
    return f"{verdict}: {counted}, {warned}"


def _where(issue: Issue) -> str:
    """`file:line: `; a file name with a line break or a control character is escaped visibly."""
    if issue.file is None:
        return "lpsc.yaml: "
    return f"{one_line(issue.file)}:{issue.line or 1}: "


def text(result: CheckResult, *, view: View) -> str:
    lines = [f"{_where(i)}{i.severity} {i.code}: {i.message}" for i in result.issues]
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def as_dict(result: CheckResult) -> dict[str, object]:
    return {
        "ok": result.ok,
        "counts": {"error": result.counts.get("error", 0), "warning": result.counts.get("warning", 0)},
        "issues": [
            {
                "code": i.code,
                "severity": i.severity.value,
                "message": i.message,
                "file": i.file,
                "line": i.line,
                "path": i.pointer,
                "record": i.record,
                **({"obligation": i.obligation} if i.obligation else {}),
            }
            for i in result.issues
        ],
    }


def json_report(result: CheckResult, *, view: View) -> str:
    return json.dumps(as_dict(result), ensure_ascii=False, indent=2) + "\n"


def _escape(value: str, *, prop: bool) -> str:
    """Escape as GitHub's workflow commands require (data and property values differ)."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def github(result: CheckResult, *, view: View) -> str:
    lines = []
    for i in result.issues:
        level = "error" if i.severity == "error" else "warning"
        props = [f"file={_escape(i.file or 'lpsc.yaml', prop=True)}"]
        if i.line:
            props.append(f"line={i.line}")
        props.append(f"title={_escape(i.code, prop=True)}")
        lines.append(f"::{level} {','.join(props)}::{_escape(i.message, prop=False)}")
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


REPORTERS: Registry[CheckResult, View] = {
    "text": text,
    "json": json_report,
    "github": github,
    "gitlab": gitlab_report,
    "sarif": sarif_report,
    "junit": junit_report,
}
