"""HTML and Word output: clean structure, escaped record text, real headings, tables and lists."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest

from lpsc_cli.documents import render
from lpsc_cli.documents.formats import sanitize
from tests.support.council import MEETINGS, build
from tests.support.html_pages import parse

AS_OF = date(2025, 12, 31)


@pytest.fixture
def repo(make_repo: Any) -> Any:
    return build(make_repo).load()


@pytest.mark.parametrize("lang", ["sq", "en"])
def test_html_is_one_balanced_page_with_a_print_stylesheet(repo: Any, lang: str) -> None:
    page = render(repo, "minutes", "lpsc-2025-03-12", lang=lang, fmt="html", as_of=AS_OF)
    assert isinstance(page, str)
    assert page.startswith("<!DOCTYPE html>\n")
    assert f'<html lang="{lang}">' in page
    assert "size: A4;" in page and "@page" in page
    parsed = parse(page)
    assert parsed.tags.count("h1") == 1 and parsed.tags.count("table") == 2
    assert "link" not in parsed.tags and "script" not in parsed.tags  # self-contained, no code
    assert parsed.tags.count("tr") == 1 + 4 + 3  # attendance (header + 4) and signatures (3 rows)


def test_record_text_never_becomes_markup(make_repo: Any) -> None:
    council = build(make_repo)
    hostile = {
        **MEETINGS[0],
        "summary": '<script>alert("x")</script> [click](javascript:alert(1)) ![t](https://evil.invalid/t.png) a|b',
        "location": "<b onmouseover=x>Hall</b>",
    }
    council.add("meeting", hostile)
    repo = council.load()
    page = render(repo, "press-release", "lpsc-2025-03-12", lang="en", fmt="html", as_of=AS_OF)
    assert isinstance(page, str)
    parsed = parse(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags and "b" not in parsed.tags
    assert all("javascript" not in str(a.get("href")) for a in parsed.attributes.get("a", []))
    assert "&lt;script&gt;" in page
    text = "".join(parsed.text)
    assert '<script>alert("x")</script>' in text  # shown as text, exactly as written
    assert "<b onmouseover=x>Hall</b>" in text
    minutes = render(repo, "minutes", "lpsc-2025-03-12", lang="en", fmt="md", as_of=AS_OF)
    assert isinstance(minutes, str)


def test_a_pipe_in_record_text_stays_in_its_table_cell(make_repo: Any) -> None:
    council = build(make_repo)
    council.add("member", {"id": "member-eda-kola", "name": "Eda | Kola", "institution": "social-testville"})
    repo = council.load()
    page = render(repo, "minutes", "lpsc-2025-03-12", lang="en", fmt="html", as_of=AS_OF)
    assert isinstance(page, str)
    assert "<td>Eda | Kola</td>" in page
    assert parse(page).tags.count("td") == 4 * 5 + 2 * 2  # attendance rows; signature names and lines


def test_sanitizer_keeps_only_safe_elements_and_links() -> None:
    fragment = (
        '<p onclick="x">a<script>bad()</script><a href="javascript:x">j</a>'
        '<a href="https://ok.invalid/?q=1&amp;r=2">ok</a><img src=x><iframe></iframe></p>'
    )
    assert sanitize(fragment) == '<p>a<a>j</a><a href="https://ok.invalid/?q=1&amp;r=2">ok</a></p>'


def open_docx(data: str | bytes) -> Any:
    import docx

    assert isinstance(data, bytes)
    return docx.Document(io.BytesIO(data))


def test_docx_has_real_headings_tables_and_lists(repo: Any) -> None:
    document = open_docx(render(repo, "minutes", "lpsc-2025-03-12", lang="en", fmt="docx", as_of=AS_OF))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        ("Heading 1", "Minutes of the meeting"),
        ("Heading 2", "1. Attendance"),
        ("Heading 2", "2. Agenda"),
        ("Heading 2", "3. Discussion"),
        ("Heading 2", "4. Decisions"),
        ("Heading 2", "5. Cases discussed"),
        ("Heading 2", "6. The minutes"),
    ]
    attendance = document.tables[0]
    assert [cell.text for cell in attendance.rows[0].cells] == ["No.", "Member", "Institution", "Attendance", "Remarks"]
    assert [cell.text for cell in attendance.rows[4].cells] == [
        "4", "Eda Kola", "Regional Social Service Directorate", "excused", "written explanation received on 11 March 2025",
    ]  # fmt: skip
    assert len(attendance.rows) == 5
    numbered = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert numbered[:2] == ["Approval of the 2025 local plan — presented by Besa Lala", "Any other business"]
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "Recorded by: Besa Lala" in bullets
    assert document.core_properties.title == "Minutes of the meeting — Testville Local Public Safety Council"


def test_docx_numbered_lists_each_start_at_one(repo: Any) -> None:
    from docx.oxml.ns import qn

    document = open_docx(render(repo, "minutes", "lpsc-2025-03-12", lang="en", fmt="docx", as_of=AS_OF))
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    instances = [p._p.pPr.find(qn("w:numPr")).find(qn("w:numId")).get(qn("w:val")) for p in numbered]
    # the agenda (2 items) and the decisions (1) are two lists, each with its own numbering
    assert len(instances) == 3 and instances[0] == instances[1] != instances[2]


def test_docx_action_plan_table_keeps_line_breaks_in_cells(repo: Any) -> None:
    document = open_docx(render(repo, "action-plan", "plan-2025", lang="sq", fmt="docx", as_of=AS_OF))
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells][:3] == ["Nr.", "Problematika e identifikuar", "Prioriteti"]
    assert table.rows[1].cells[3].text == "1.1.1 Orë mësimore për ligjin\n1.1.2 Takime me prindërit"
    assert len(table.rows) == 3


def test_docx_delegation_notes_start_on_their_own_page(make_repo: Any) -> None:
    from tests.support.council import MEMBERS

    council = build(make_repo)
    chair = {
        **MEMBERS[0],
        "delegates": [
            *MEMBERS[0]["delegates"],
            {"member": "member-dorian-meta", "note_date": "2025-06-01", "from": "2025-06-02"},
        ],
    }
    council.add("member", chair)
    document = open_docx(render(council.load(), "delegation", "member-andi-hoxha", lang="en", fmt="docx", as_of=AS_OF))
    breaks = [p.text for p in document.paragraphs if p.paragraph_format.page_break_before]
    assert breaks == ["Ref. no. ______ · Date: 1 June 2025"]
    assert "from 2 June 2025 until revoked in writing" in "\n".join(p.text for p in document.paragraphs)


def test_docx_wide_tables_go_landscape_with_columns_sized_by_their_text(repo: Any) -> None:
    from docx.enum.section import WD_ORIENT

    document = open_docx(render(repo, "action-plan", "plan-2025", lang="en", fmt="docx", as_of=AS_OF))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    widths = [column.width for column in document.tables[0].columns]
    number, activities = widths[0], widths[3]
    assert activities > 2 * number
    usable = section.page_width - section.left_margin - section.right_margin
    assert abs(sum(widths) - usable) < len(widths)
    minutes = open_docx(render(repo, "minutes", MEETINGS[0]["id"], lang="en", fmt="docx", as_of=AS_OF))
    assert minutes.sections[0].orientation == WD_ORIENT.PORTRAIT
