"""The document and export commands speak Albanian and English (docs/translations.md).

`render`, `report annual|monitoring|prefect` and `export` print their messages, and the errors
of the document library (templates, the sandbox, the time limit, Word and PDF) and of the export
library, in the language of the run: each is read with `--lang sq` and `--lang en`, and the
English words do not appear in the Albanian. The documents keep their own catalogue and
language; machine output (`render --list --format json`, `report --format json`, the exported
tables) is the same in both languages.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

from lpsc_cli.documents import templating
from tests.support.cli import in_both
from tests.support.council import build

MEETING = "lpsc-2025-03-12"


@pytest.fixture
def council(make_repo: Any) -> Any:
    return build(make_repo)


def both(runner: Any, app: Any, council: Any, *args: str) -> tuple[Any, Any]:
    """The same command run in English and in Albanian, on the council."""
    return in_both(runner, app, *args, "--repo", str(council.root))


def assert_speaks(english: Any, albanian: Any, in_english: str, in_albanian: str, *, code: int) -> None:
    assert english.exit_code == albanian.exit_code == code, (english.output, albanian.output)
    assert in_english in english.output, english.output
    assert in_albanian in albanian.output, albanian.output
    assert in_english not in albanian.output, albanian.output
    assert "Traceback" not in english.output + albanian.output


def test_the_list_of_documents_in_both_languages(runner: Any, app: Any) -> None:
    english, albanian = (runner.invoke(app, ["--lang", language, "render", "--list"]) for language in ("en", "sq"))
    assert english.exit_code == albanian.exit_code == 0
    assert english.output.splitlines()[0] == "DOCUMENT           TAKES             PUBLIC  TITLE"
    lines = albanian.output.splitlines()
    assert lines[0].split() == ["DOKUMENTI", "REGJISTRIMI", "PUBLIK", "TITULLI"]
    assert lines[1].split()[:3] == ["invitation", "meeting", "jo"]  # the kind taken is an id
    assert lines[1].endswith("Ftesë për mbledhje / Meeting invitation")  # the run's language first
    assert any(line.startswith("press-release") and " po " in line for line in lines)
    assert any("periudhë (2025-H1)" in line for line in lines)
    for word in ("DOCUMENT ", "TAKES", "PUBLIC", "TITLE", "period (", " yes ", " no "):
        assert word not in albanian.output, word
    json = [
        runner.invoke(app, ["--lang", language, "render", "--list", "-f", "json"]).output for language in ("en", "sq")
    ]
    assert json[0] == json[1] and '"takes": "period"' in json[0]


#: (command, English message, Albanian message, exit code): the errors of render and report.
ERRORS: list[tuple[list[str], str, str, int]] = [
    (["render"], "give a DOCUMENT and its RECORD (see `lpsc render --list`)",
     "jepni një DOKUMENT dhe REGJISTRIMIN e tij (shihni `lpsc render --list`)", 2),
    (["render", "no-such-document", MEETING], "unknown document 'no-such-document'",
     "dokument i panjohur 'no-such-document'", 2),
    (["render", "minutes", "lpsc-2099-01-01"], "no meeting with id 'lpsc-2099-01-01' (known: consult-2025-06-25",
     "nuk ka regjistrim meeting me id 'lpsc-2099-01-01' (të njohura: consult-2025-06-25", 1),
    (["render", "minutes", MEETING, "--lang", "de"], "unknown language 'de' (choose one of",
     "gjuhë e panjohur 'de' (zgjidhni një nga", 2),
    (["render", "minutes", MEETING, "--format", "odt"], "unknown format 'odt' (choose one of md, html, docx, pdf)",
     "format i panjohur 'odt' (zgjidhni një nga md, html, docx, pdf)", 2),
    (["render", "minutes", MEETING, "--reveal"], "--reveal is for case documents; 'minutes' holds no sealed data",
     "--reveal është për dokumentet e rasteve; 'minutes' nuk ka të dhëna të vulosura", 2),
    (["render", "delegation", "member-dorian-meta"], "the member 'member-dorian-meta' has no delegation",
     "anëtari 'member-dorian-meta' nuk ka delegim", 1),
    (["render", "--list", "--format", "md"], "--list prints text or json", "--list shkruan tekst ose json", 2),
    (["report", "prefect", "--year", "2025"], "--year is for the annual report; give --period for the prefect report",
     "--year është për raportin vjetor; për raportin prefect jepni --period", 2),
    (["report", "annual", "--year", "2025", "--period", "2024"], "--year 2025 and --period 2024 disagree",
     "--year 2025 dhe --period 2024 nuk përputhen", 2),
    (["report", "monitoring", "--period", "2025-Q1"], "'2025-Q1' is not a period this report covers",
     "'2025-Q1' nuk është periudhë që e mbulon ky raport", 2),
    (["report", "monitoring", "--period", "2030-H1"], "no action plan covers 2030-H1: a monitoring report needs one",
     "asnjë plan veprimi nuk mbulon 2030-H1: raporti i monitorimit ka nevojë për një plan", 1),
]  # fmt: skip


@pytest.mark.parametrize(("args", "in_english", "in_albanian", "code"), ERRORS, ids=[" ".join(e[0]) for e in ERRORS])
def test_document_errors_in_the_language_asked(
    runner: Any, app: Any, council: Any, args: list[str], in_english: str, in_albanian: str, code: int
) -> None:
    english, albanian = both(runner, app, council, *args, "--as-of", "2025-12-31")
    assert_speaks(english, albanian, in_english, in_albanian, code=code)


def test_an_albanian_report_prints_nothing_english_around_it(
    runner: Any, app: Any, council: Any, tmp_path: Path
) -> None:
    """The document goes to its file; what is said around it (a record file left out) is Albanian."""
    council.write("members/member-broken.yaml", "id: member-broken\nid: member-broken\n")
    for args in (["report", "annual", "--year", "2025", "-o", str(tmp_path / "annual.md")],
                 ["render", "minutes", MEETING, "-o", str(tmp_path / "minutes.html")]):  # fmt: skip
        english, albanian = both(runner, app, council, *args)
        assert english.exit_code == albanian.exit_code == 0, albanian.output
        assert albanian.stdout == ""
        assert "të lënë jashtë tij" in albanian.stderr and "çelësi 'id' jepet 2 herë" in albanian.stderr
        assert "left out of it" in english.stderr and "left out" not in albanian.stderr
    assert "# Raport vjetor" in (tmp_path / "annual.md").read_text(encoding="utf-8")  # the council's language


def test_report_figures_as_json_do_not_change_with_the_language(runner: Any, app: Any, council: Any) -> None:
    english, albanian = both(runner, app, council, "report", "annual", "--year", "2025", "--format", "json")
    assert english.exit_code == albanian.exit_code == 0
    assert english.stdout == albanian.stdout and '"report": "annual"' in english.stdout


# -- the template library ------------------------------------------------------------------------


def with_template(council: Any, body: str) -> None:
    council.write("templates/minutes.md.j2", body)


@pytest.mark.parametrize(
    ("body", "in_english", "in_albanian"),
    [
        ("{% if %}\n", "templates/minutes.md.j2:1: the template does not parse",
         "templates/minutes.md.j2:1: shablloni nuk mund të lexohet"),
        ("one\n{% for i in range(100000) %}{% endfor %}\n", "unsafe template: range() of 100,000 numbers; the limit "
         "is 10,000", "shabllon i pasigurt: range() me 100\xa0000 numra; kufiri është 10\xa0000"),
        ('{{ "%*s" % (10**9, "x") }}\n', "unsafe template: a % format may not take its width from the values (*)",
         "shabllon i pasigurt: një format % nuk mund ta marrë gjerësinë nga vlerat (*)"),
        ("{{ t.no_such_section }}\n", "the template uses something that is not defined: the catalogue has no entry "
         "t.no_such_section", "shablloni përdor diçka që nuk është përcaktuar: katalogu nuk ka zërin t.no_such_section"),
    ],
)  # fmt: skip
def test_template_errors_in_the_language_asked(
    runner: Any, app: Any, council: Any, body: str, in_english: str, in_albanian: str
) -> None:
    with_template(council, body)
    english, albanian = both(runner, app, council, "render", "minutes", MEETING)
    assert_speaks(english, albanian, in_english, in_albanian, code=1)


def test_a_template_stopped_by_the_time_limit_says_so(
    runner: Any, app: Any, council: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(templating, "RENDER_SECONDS", 0.3)
    with_template(council, "start\n{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}\n")
    english, albanian = both(runner, app, council, "render", "minutes", MEETING)
    assert_speaks(english, albanian, "minutes.md.j2:2: the template ran for more than 0.3 seconds and was stopped",
                  "minutes.md.j2:2: shablloni punoi më shumë se 0,3 sekonda dhe u ndal", code=1)  # fmt: skip


def test_a_template_link_leading_outside_is_refused(runner: Any, app: Any, council: Any, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md.j2"
    outside.write_text("secret\n", encoding="utf-8")
    (council.root / "templates").mkdir(exist_ok=True)
    os.symlink(outside, council.root / "templates" / "minutes.md.j2")
    english, albanian = both(runner, app, council, "render", "minutes", MEETING)
    assert_speaks(english, albanian, "council templates must be files of the repository",
                  "shabllonet e këshillit duhet të jenë skedarë të depozitës", code=1)  # fmt: skip


def test_a_broken_council_catalogue_names_its_line(runner: Any, app: Any, council: Any) -> None:
    council.write("templates/i18n/sq.yaml", "meeting:\n  title: [unclosed\n")
    english, albanian = both(runner, app, council, "render", "minutes", MEETING)
    assert_speaks(english, albanian, "templates/i18n/sq.yaml:3: the catalogue is not valid YAML",
                  "templates/i18n/sq.yaml:3: katalogu nuk është YAML i vlefshëm", code=1)  # fmt: skip


def test_a_reference_that_is_no_word_document(runner: Any, app: Any, council: Any, tmp_path: Path) -> None:
    council.write("templates/reference.docx", "not a zip\n")
    english, albanian = both(runner, app, council, "render", "minutes", MEETING, "-o", str(tmp_path / "m.docx"))
    assert_speaks(english, albanian, "not a Word document usable as reference",
                  "nuk është dokument Word që mund të shërbejë si model", code=1)  # fmt: skip


def test_pdf_without_its_libraries_names_what_to_install(
    runner: Any, app: Any, council: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # the import fails as without Pango
    english, albanian = both(runner, app, council, "render", "minutes", MEETING, "-o", str(tmp_path / "m.pdf"))
    assert_speaks(english, albanian, "PDF needs WeasyPrint and its system libraries",
                  "për PDF duhen WeasyPrint dhe libraritë e tij të sistemit", code=2)  # fmt: skip
    assert "instaloni Pango dhe një font: `apt-get install libpango-1.0-0" in albanian.output
    assert "install Pango and a font" not in albanian.output


# -- export --------------------------------------------------------------------------------------


def test_export_says_what_it_wrote_in_the_language_of_the_run(
    runner: Any, app: Any, council: Any, tmp_path: Path
) -> None:
    """`--format csv` names the tables' format: the tables stay English, the message does not."""
    written = {}
    for language in ("en", "sq"):
        folder = tmp_path / language
        args = ["--lang", language, "export", "--format", "csv", "-o", str(folder), "--as-of", "2025-12-31"]
        result = runner.invoke(app, [*args, "--repo", str(council.root)])
        assert result.exit_code == 0, result.output
        written[language] = result.output
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == {
            p.name: p.read_bytes() for p in (tmp_path / "en").iterdir()
        }
    tables = len(list((tmp_path / "en").iterdir()))
    assert written["en"].startswith(f"wrote {tmp_path / 'en'} ({tables} tables, ")
    assert written["sq"].startswith(f"u shkrua {tmp_path / 'sq'} ({tables} tabela, ")
    said = written["sq"].replace(str(tmp_path), "")
    assert "rreshta)" in said and "wrote" not in said and "rows" not in said
    obligations = (tmp_path / "sq" / "obligation_results.csv").read_text(encoding="utf-8")
    assert "invitation to the LPSC meeting of 2025-03-12" in obligations  # English, as machine output


def test_export_speaks_the_language_of_lpsc_lang(
    runner: Any, app: Any, council: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LPSC_LANG", "sq")
    args = ["export", "--format", "sqlite", "-o", str(tmp_path / "missing" / "lpsc.db"), "--repo", str(council.root)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert f"-o: dosja {tmp_path / 'missing'} nuk ekziston (krijojeni më parë)" in result.output


@pytest.mark.parametrize(
    ("args", "in_english", "in_albanian"),
    [
        (["--format", "sqlite", "--excel"], "--excel applies to --format csv only", "--excel vlen vetëm për --format csv"),
        (["--format", "csv", "--public", "--include-sealed"], "--public and --include-sealed exclude each other",
         "--public dhe --include-sealed përjashtojnë njëra-tjetrën"),
    ],
)  # fmt: skip
def test_export_errors_in_the_language_asked(
    runner: Any, app: Any, council: Any, tmp_path: Path, args: list[str], in_english: str, in_albanian: str
) -> None:
    english, albanian = both(runner, app, council, "export", *args, "-o", str(tmp_path / "out"))
    assert_speaks(english, albanian, in_english, in_albanian, code=2)
