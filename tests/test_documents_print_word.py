"""Word, HTML and PDF documents ready to send: a council's reference document, properties,
page footer, tables kept apart, control characters, revealed output, and time linear in size."""

from __future__ import annotations

import copy
import io
import itertools
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.shared import Cm

from lpsc_cli.documents import render
from lpsc_cli.documents.formats import REVEALED
from tests.support.council import MEETINGS, build
from tests.support.documents import AS_OF

HEADER = "BASHKIA TESTVILLE · Zyra e Sekretariatit Teknik · tel. 000 000 000"


@pytest.fixture
def council(make_repo: Any) -> Any:
    return build(make_repo)


def word(repo: Any, document: str = "minutes", record: str = "lpsc-2025-03-12", lang: str = "sq", **kw: Any) -> Any:
    data = render(repo, document, record, lang=lang, fmt="docx", as_of=AS_OF, **kw)
    assert isinstance(data, bytes)
    return docx.Document(io.BytesIO(data)), data


def test_a_council_reference_document_gives_its_letterhead_margins_and_styles(council: Any) -> None:
    reference = docx.Document()
    section = reference.sections[0]
    section.left_margin = Cm(4.1)
    section.top_margin = Cm(3.3)
    section.header.paragraphs[0].text = HEADER
    reference.styles["Normal"].font.name = "DejaVu Sans"
    reference.add_paragraph("Sample text of the reference, not of any document")
    target = council.root / "templates" / "reference.docx"
    target.parent.mkdir(exist_ok=True)
    reference.save(str(target))

    document, _data = word(council.load())
    section = document.sections[0]
    assert section.header.paragraphs[0].text == HEADER
    assert abs(section.left_margin - Cm(4.1)) < Cm(0.01) and abs(section.top_margin - Cm(3.3)) < Cm(0.01)
    assert document.styles["Normal"].font.name == "DejaVu Sans"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Sample text of the reference" not in text
    assert "Procesverbal i mbledhjes" in text
    # its footer was empty: the page numbers are added
    assert "Faqe" in section.footer.paragraphs[0].text and _fields(section.footer) == ["PAGE", "NUMPAGES"]


def test_a_reference_document_outside_the_repository_is_refused(council: Any, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.docx"
    docx.Document().save(str(outside))
    (council.root / "templates").mkdir(exist_ok=True)
    (council.root / "templates" / "reference.docx").symlink_to(outside)
    from lpsc_cli.errors import LpscError

    with pytest.raises(LpscError, match="outside the repository"):
        word(council.load())


def _fields(part: Any) -> list[str]:
    return [" ".join(t.text.split()) for t in part._element.xpath(".//w:instrText")]


def test_built_in_look_footer_and_properties(council: Any) -> None:
    for lang, words in (("sq", "Faqe  nga "), ("en", "Page  of ")):
        document, data = word(council.load(), lang=lang)
        footer = document.sections[0].footer
        assert footer.paragraphs[0].text.replace("1", "") == words  # the fields show 1 until updated
        assert _fields(footer) == ["PAGE", "NUMPAGES"]
        assert document.styles["Normal"].font.name == document.styles["Heading 1"].font.name == "Times New Roman"
        assert document.styles["Heading 1"].font.color.rgb == docx.shared.RGBColor(0, 0, 0)
        properties = document.core_properties
        council_name = (
            "Këshilli Vendor i Sigurisë Publike Testville" if lang == "sq" else "Testville Local Public Safety Council"
        )
        assert properties.author == council_name
        assert properties.title.startswith("Procesverbal i mbledhjes" if lang == "sq" else "Minutes of the meeting")
        assert properties.created.date() == AS_OF
        package = zipfile.ZipFile(io.BytesIO(data))
        metadata = b"".join(package.read(name) for name in package.namelist() if name.startswith("docProps/"))
        for leftover in (b"python-docx", b"Macintosh", b"Microsoft"):
            assert leftover not in metadata


def test_tables_never_touch_and_rows_are_kept_whole(council: Any) -> None:
    document, _data = word(council.load(), "attendance")
    body = document.element.body
    children = [child.tag.rsplit("}", 1)[1] for child in body]
    assert "tbl" in children
    assert all(not (a == b == "tbl") for a, b in itertools.pairwise(children)), children
    for tr in body.xpath(".//w:tr"):
        assert tr.xpath("./w:trPr/w:cantSplit")
    headers = body.xpath(".//w:tr[w:trPr/w:tblHeader]")
    assert len(headers) >= 2
    # the signature block and the rows before it stay on one page
    signature = body.xpath("./w:tbl")[-1]
    assert "______" in "".join(signature.itertext())
    before = signature.getprevious()
    assert before.xpath("./w:pPr/w:keepNext")


def test_signature_column_is_wide_enough_to_sign(council: Any) -> None:
    document, _data = word(council.load(), "attendance", lang="en")
    table = document.tables[0]
    widths = [cell.width for cell in table.rows[0].cells]
    header = [cell.text for cell in table.rows[0].cells]
    assert header[-1] == "Signature"
    assert widths[-1] >= Cm(3.5) - Cm(0.01)
    assert document.sections[0].page_width > document.sections[0].page_height  # six columns: landscape


def test_control_characters_in_record_text_are_dropped_in_every_format(council: Any) -> None:
    meeting = copy.deepcopy(MEETINGS[0])
    meeting["summary"] = {"sq": "Bisedë\x1b[2J e gjatë\x07 për\x00 planin", "en": "Talk\x1b]8;;x\x1b\\ on the plan"}
    council.add("meeting", meeting)
    repo = council.load()
    for fmt in ("md", "html"):
        text = render(repo, "minutes", "lpsc-2025-03-12", lang="sq", fmt=fmt, as_of=AS_OF)
        assert isinstance(text, str) and "Bisedë[2J e gjatë për planin" in text
        assert not any(ord(c) < 32 and c not in "\n\t" for c in text)
    document, _data = word(repo)
    assert any("Bisedë[2J e gjatë për planin" in p.text for p in document.paragraphs)


def test_word_time_grows_linearly_with_the_agenda(council: Any) -> None:
    sizes = {120: "2025-04-02", 960: "2025-04-09"}  # within the schema's limit of 1,000 items
    for size, day in sizes.items():
        meeting = copy.deepcopy(MEETINGS[0])
        meeting["id"] = f"lpsc-{day}"
        meeting["date"] = day
        meeting.pop("invitation", None)
        meeting["agenda"] = [{"title": {"sq": f"Pika {i} e rendit", "en": f"Item {i}"}} for i in range(size)]
        council.add("meeting", meeting)
    repo = council.load()
    seconds = []
    for size, day in sizes.items():
        start = time.process_time()
        document, _data = word(repo, "invitation", f"lpsc-{day}")
        seconds.append(time.process_time() - start)
        assert sum(1 for p in document.paragraphs if p.text.startswith("Pika ")) == size
    # eight times the items: linear is about 8x (and a fixed cost makes it less); quadratic, 64x
    assert seconds[1] < 20 * max(seconds[0], 0.05), seconds


def test_reveal_refuses_output_inside_the_repository(runner: Any, app: Any, council: Any, tmp_path: Path) -> None:
    inside = council.root / "referral.md"
    for target in (inside, council.root / "cases" / "x.docx"):
        result = runner.invoke(app, ["render", "referral", "case-2025-001", "--reveal", "-o", str(target),
                                     "--repo", str(council.root)])  # fmt: skip
        assert result.exit_code == 2, result.output
        assert "inside the repository" in result.output
        assert not target.exists()


def test_a_revealed_document_carries_a_mark_that_a_check_can_find(council: Any) -> None:
    repo = council.load()
    sealed = {"identity": {"name": "Mira Test"}, "narrative": "Met at school."}
    text = render(repo, "referral", "case-2025-001", lang="en", fmt="md", as_of=AS_OF, sealed=sealed)
    assert isinstance(text, str) and text.startswith(f"<!-- {REVEALED}:")
    page = render(repo, "referral", "case-2025-001", lang="en", fmt="html", as_of=AS_OF, sealed=sealed)
    assert isinstance(page, str) and f'<meta name="keywords" content="{REVEALED}">' in page
    document, _data = word(repo, "referral", "case-2025-001", lang="en", sealed=sealed)
    assert document.core_properties.keywords == REVEALED
    pdf = render(repo, "referral", "case-2025-001", lang="en", fmt="pdf", as_of=AS_OF, sealed=sealed)
    assert isinstance(pdf, bytes) and REVEALED.encode() in pdf
    plain = render(repo, "referral", "case-2025-001", lang="en", fmt="md", as_of=AS_OF)
    assert isinstance(plain, str) and REVEALED not in plain
    public = render(repo, "press-release", "lpsc-2025-03-12", lang="en", fmt="md", as_of=AS_OF, sealed=sealed)
    assert isinstance(public, str) and REVEALED not in public


def test_html_prints_wide_documents_on_landscape_pages_with_page_numbers(council: Any) -> None:
    repo = council.load()
    plan = render(repo, "action-plan", "plan-2025", lang="sq", fmt="html", as_of=AS_OF)
    invitation = render(repo, "invitation", "lpsc-2025-03-12", lang="en", fmt="html", as_of=AS_OF)
    assert isinstance(plan, str) and isinstance(invitation, str)
    assert '<body class="wide">' in plan and "@page wide { size: A4 landscape; }" in plan
    assert "<body>" in invitation
    assert '"Faqe " counter(page) " nga " counter(pages)' in plan
    assert '"Page " counter(page) " of " counter(pages)' in invitation
    assert '<table class="signatures">' in render(repo, "attendance", "lpsc-2025-03-12", lang="en", fmt="html",
                                                   as_of=AS_OF)  # fmt: skip


def test_pdf_without_weasyprint_names_what_to_install(
    runner: Any, app: Any, council: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as without Pango
    target = tmp_path / "minutes.pdf"
    result = runner.invoke(
        app, ["render", "minutes", "lpsc-2025-03-12", "-o", str(target), "--repo", str(council.root)]
    )
    assert result.exit_code == 2, result.output
    assert "libpango" in result.output and "Traceback" not in result.output
    assert not target.exists()


def test_a_bare_or_broken_reference_document(council: Any) -> None:
    from docx.oxml.ns import qn

    from lpsc_cli.errors import LpscError

    bare = docx.Document()
    bare.element.body.remove(bare.element.body.find(qn("w:sectPr")))  # no page size, no margins
    target = council.root / "templates" / "reference.docx"
    target.parent.mkdir(exist_ok=True)
    bare.save(str(target))
    document, _data = word(council.load(), "attendance")
    section = document.sections[0]
    assert section.page_width > section.page_height and abs(section.page_width - Cm(29.7)) < Cm(0.01)
    target.write_text("not a Word document", encoding="utf-8")
    with pytest.raises(LpscError, match=r"reference\.docx: not a Word document"):
        word(council.load())


def test_a_revealed_document_left_in_the_repository_is_an_error_of_check(council: Any) -> None:
    """Whatever its format and name, a document written with --reveal inside the tree is found."""
    from lpsc_cli.checks import CheckOptions, check_root

    repo = council.load()
    sealed = {"identity": {"name": "Mira Test"}, "narrative": "Met at school."}
    for fmt, name in (("md", "notes/referral.md"), ("html", "out/referral.html"), ("docx", "x/refer.docx"),
                      ("pdf", "drafts/referral.pdf")):  # fmt: skip
        content = render(repo, "referral", "case-2025-001", lang="en", fmt=fmt, as_of=AS_OF, sealed=sealed)
        council.write(name, content if isinstance(content, bytes) else content.encode("utf-8"))
    plain = render(repo, "referral", "case-2025-001", lang="en", fmt="docx", as_of=AS_OF)
    assert isinstance(plain, bytes)
    council.write("x/plain.docx", plain)
    found = check_root(council.root, CheckOptions(as_of=AS_OF)).issues
    assert sorted(i.file or "" for i in found if i.code == "revealed-document") == [
        "drafts/referral.pdf", "notes/referral.md", "out/referral.html", "x/refer.docx",
    ]  # fmt: skip
