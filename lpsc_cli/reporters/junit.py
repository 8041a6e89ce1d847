"""`lpsc check --format junit`: JUnit XML, for any CI that shows test reports.

One `<testsuite name="lpsc check">` with one `<testcase>` per finding (`classname` the file,
`name` the code and line) — a `<failure>` where the finding fails the check (errors; warnings
too with `--strict`), the message in `<system-out>` otherwise — and a single passing test case
when there are no findings, so that a clean check shows as one passed test rather than none.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from lpsc_cli.checks import CheckResult
from lpsc_cli.reporters import View
from lpsc_cli.reporters.findings import file_of, line_of, xml_text


def junit_report(result: CheckResult, *, view: View) -> bytes:
    """The JUnit XML document (UTF-8, with its declaration)."""
    failing = {"error", "warning"} if result.strict else {"error"}
    failures = sum(1 for issue in result.issues if issue.severity in failing)
    tests = max(len(result.issues), 1)
    suites = ET.Element("testsuites", name="lpsc", tests=str(tests), failures=str(failures), errors="0")
    suite = ET.SubElement(suites, "testsuite", name="lpsc check", tests=str(tests), failures=str(failures))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    for issue in result.issues:
        file = xml_text(file_of(issue))
        where = f"{file}:{line_of(issue)}"
        case = ET.SubElement(suite, "testcase", classname=file, name=f"{issue.code} ({where})")
        case.set("file", file)
        case.set("line", str(line_of(issue)))
        detail = f"{where}: {issue.severity} {issue.code}: {issue.message}"
        if issue.severity in failing:
            failure = ET.SubElement(case, "failure", message=xml_text(issue.message), type=str(issue.severity))
            failure.text = xml_text(detail)
        else:
            ET.SubElement(case, "system-out").text = xml_text(detail)
    if not result.issues:
        ET.SubElement(suite, "testcase", classname="lpsc", name="no findings")
    ET.indent(suites)
    return bytes(ET.tostring(suites, encoding="utf-8", xml_declaration=True)) + b"\n"
