"""`lpsc render` and `lpsc report annual|monitoring|prefect` through the command line."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.support.council import build


@pytest.fixture
def council(make_repo: Any) -> Any:
    return build(make_repo)


def run(runner: Any, app: Any, council: Any, *args: str) -> Any:
    return runner.invoke(app, [*args, "--repo", str(council.root)])


def test_list_shows_every_document_and_what_it_takes(runner: Any, app: Any) -> None:
    result = runner.invoke(app, ["render", "--list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "DOCUMENT           TAKES             PUBLIC  TITLE"
    assert lines[1] == "invitation         meeting           no      Meeting invitation / Ftesë për mbledhje"
    assert "press-release      meeting           yes     Press release / Njoftim për shtyp" in lines
    assert (
        "monitoring         period (2025-H1)  no      Plan monitoring report / Raport monitorimi i zbatimit të planit"
        in lines
    )
    assert len(lines) == 1 + 17


def test_list_as_json(runner: Any, app: Any) -> None:
    result = runner.invoke(app, ["render", "--list", "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert rows[3] == {
        "document": "press-release", "takes": "meeting", "public": True, "example": None,
        "title": {"sq": "Njoftim për shtyp", "en": "Press release"},
    }  # fmt: skip
    assert [row["document"] for row in rows if row["takes"] == "case"] == [
        "referral", "risk-assessment", "isp", "consent", "closure", "exit-notification", "transfer",
    ]  # fmt: skip


def test_render_markdown_to_stdout_in_the_council_language(runner: Any, app: Any, council: Any) -> None:
    result = run(runner, app, council, "render", "invitation", "lpsc-2025-03-12")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("**REPUBLIKA E SHQIPËRISË**\n**BASHKIA TESTVILLE**\n")
    assert "# Ftesë për mbledhje\n" in result.output


def test_render_html_to_a_file(runner: Any, app: Any, council: Any, tmp_path: Path) -> None:
    target = tmp_path / "out" / "minutes.html"
    refused = run(runner, app, council, "render", "minutes", "lpsc-2025-03-12", "--lang", "en", "-o", str(target))
    assert refused.exit_code == 1
    assert (
        refused.output == f"lpsc: cannot write {target}: the folder {target.parent} does not exist (create it first)\n"
    )
    assert not target.parent.exists()  # -o never creates folders
    target.parent.mkdir()
    result = run(runner, app, council, "render", "minutes", "lpsc-2025-03-12", "--lang", "en", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.output == ""
    page = target.read_text(encoding="utf-8")
    assert (
        page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page and "<h1>Minutes of the meeting</h1>" in page
    )


def test_the_docx_format_follows_the_file_name(runner: Any, app: Any, council: Any, tmp_path: Path) -> None:
    import docx

    target = tmp_path / "plan.docx"
    result = run(runner, app, council, "render", "action-plan", "plan-2025", "-o", str(target))
    assert result.exit_code == 0, result.output
    document = docx.Document(str(target))
    assert document.paragraphs[1].style.name == "Heading 1"
    assert document.paragraphs[1].text == "Plani vendor i veprimit shumë-aktorësh 2025"


def test_docx_goes_to_stdout_when_it_is_not_a_terminal(runner: Any, app: Any, council: Any) -> None:
    import docx

    result = run(runner, app, council, "render", "consent", "case-2025-001", "--format", "docx")
    assert result.exit_code == 0
    assert result.stdout_bytes[:2] == b"PK"
    assert docx.Document(io.BytesIO(result.stdout_bytes)).paragraphs[1].text == "Pëlqim i informuar"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["render", "minutes"], 2, "give a DOCUMENT and its RECORD"),
        (["render", "memo", "x"], 2, "unknown document 'memo'"),
        (["render", "minutes", "nope"], 1, "no meeting with id 'nope'"),
        (["render", "minutes", "lpsc-2025-03-12", "--lang", "fr"], 2, "unknown language 'fr'"),
        (["render", "minutes", "lpsc-2025-03-12", "--format", "odt"], 2, "unknown format 'odt'"),
        (["render", "--list", "--format", "html"], 2, "--list prints text or json"),
        (["report", "monitoring", "--year", "2025"], 2, "--year is for the annual report"),
        (["report", "annual", "--year", "2025", "--period", "2024"], 2, "--year 2025 and --period 2024 disagree"),
        (["report", "prefect", "--period", "2025-H1"], 2, "'2025-H1' is not a period this report covers"),
        (["report", "annual", "--as-of", "soon"], 2, "--as-of: 'soon' is not a date"),
    ],
)
def test_errors_are_messages_with_exit_codes(
    runner: Any, app: Any, council: Any, args: list[str], code: int, message: str
) -> None:
    result = run(runner, app, council, *args)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_report_annual_for_a_year(runner: Any, app: Any, council: Any) -> None:
    result = run(runner, app, council, "report", "annual", "--year", "2025", "--lang", "en", "--as-of", "2026-01-20")
    assert result.exit_code == 0, result.output
    assert "# Annual activity report 2025\n" in result.output
    assert "Ref. no. ______ · Date: 20 January 2026" in result.output


def test_report_periods_default_to_the_last_one_ended(runner: Any, app: Any, council: Any) -> None:
    monitoring = run(runner, app, council, "report", "monitoring", "--as-of", "2025-07-15", "--lang", "en")
    assert monitoring.exit_code == 0, monitoring.output
    assert "# Plan monitoring report — first half of 2025\n" in monitoring.output
    prefect = run(runner, app, council, "report", "prefect", "--as-of", "2025-04-02", "--lang", "en")
    assert "# Case report to the Prefect — March 2025\n" in prefect.output
    quarter = run(runner, app, council, "report", "prefect", "--period", "2025-Q1", "--lang", "en")
    assert "# Case report to the Prefect — first quarter of 2025\n" in quarter.output
    assert "quarterly report on the cases" in quarter.output


def test_render_takes_a_period_for_the_reports_too(runner: Any, app: Any, council: Any) -> None:
    via_render = run(runner, app, council, "render", "prefect", "2025-03", "--as-of", "2025-04-02")
    via_report = run(runner, app, council, "report", "prefect", "--period", "2025-03", "--as-of", "2025-04-02")
    assert via_render.exit_code == via_report.exit_code == 0
    assert via_render.output == via_report.output


def _sealed_case(council: Any, tmp_path: Path) -> tuple[Path, Path]:
    """case-2025-001 sealed to member-eda-kola; (her identity file, another member's)."""
    from datetime import datetime

    from lpsc_cli.sealing.envelope import seal
    from lpsc_cli.sealing.keys import create_identity
    from tests.support.council import CASES, MEMBERS

    mine, other = tmp_path / "mine.txt", tmp_path / "other.txt"
    public = create_identity(mine, created=datetime(2025, 1, 1))
    create_identity(other, created=datetime(2025, 1, 1))
    council.add("member", {**MEMBERS[3], "public_key": public})
    armour = seal(
        {"identity": {"name": "Mira Test", "birth_date": "2010-05-04"}, "narrative": "Met at school."}, [public]
    )
    council.add(
        "case",
        {**CASES[0], "sealed": {"readers": ["member-eda-kola"], "parts": ["identity", "narrative"], "age": armour}},
    )
    return mine, other


def test_reveal_decrypts_the_sealed_identity_with_your_key(runner: Any, app: Any, council: Any, tmp_path: Path) -> None:
    mine, other = _sealed_case(council, tmp_path)
    revealed = run(
        runner, app, council, "render", "referral", "case-2025-001", "--lang", "en", "--reveal", "--identity", str(mine)
    )
    assert revealed.exit_code == 0, revealed.output
    assert "- **Name and surname:** Mira Test" in revealed.output
    assert "- **Date of birth:** 4 May 2010" in revealed.output
    assert "Met at school." in revealed.output
    assert "Mira Test" not in run(runner, app, council, "render", "referral", "case-2025-001").output

    refused = run(runner, app, council, "render", "referral", "case-2025-001", "--reveal", "--identity", str(other))
    assert refused.exit_code == 1 and "you are not a reader of case-2025-001" in refused.output
    wrong = run(runner, app, council, "render", "minutes", "lpsc-2025-03-12", "--reveal", "--identity", str(mine))
    assert wrong.exit_code == 2 and "--reveal is for case documents" in wrong.output


def test_a_revealed_document_is_written_for_its_owner_only(runner: Any, app: Any, council: Any, tmp_path: Path) -> None:
    mine, _other = _sealed_case(council, tmp_path)
    target = tmp_path / "referral.md"
    target.write_text("an older, readable file", encoding="utf-8")
    target.chmod(0o644)
    result = run(runner, app, council, "render", "referral", "case-2025-001", "--lang", "en", "--reveal",
                 "--identity", str(mine), "-o", str(target))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "- **Name and surname:** Mira Test" in target.read_text(encoding="utf-8")
    assert target.stat().st_mode & 0o777 == 0o600
    assert result.stdout == ""
    assert result.stderr == (
        f"lpsc: {target} holds sealed case data in clear (readable by you only): keep it private and delete it when done\n"
    )
    plain = tmp_path / "plain.md"
    assert run(runner, app, council, "render", "referral", "case-2025-001", "-o", str(plain)).exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert plain.stat().st_mode & 0o777 == 0o666 & ~mask  # without --reveal: an ordinary new file
