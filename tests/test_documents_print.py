"""Documents as a municipality sends them: every document of `render --list`, both languages,
converted to PDF, read back page by page.

The Word documents go through LibreOffice in one `soffice --convert-to pdf` call (its start-up
is most of the time); the PDFs of `--format pdf` come from WeasyPrint. On each PDF, poppler's
`pdftotext` and `pdfinfo` show that every page carries "Faqe N nga M" / "Page N of M", that no
page holds a signature block alone, and that the wide documents (tables of six columns or
more: action plan, attendance, reports) are on landscape pages and the others on portrait;
`pdffonts` that every font is embedded.
"""

from __future__ import annotations

import re
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest

from lpsc_cli.documents import DOCUMENTS, render
from lpsc_cli.documents.formats import PAGE_WORDS, markdown_to_html_body, print_layout
from lpsc_cli.repository import load_repository
from tests.support.documents import AS_OF, LANGUAGES, target
from tests.support.repos import EXAMPLE
from tests.support.tools import require

SIGNATURE_LINE = re.compile(r"_{5,}")


def _expected(repo: Any, document: str, lang: str) -> dict[str, Any]:
    """What the pages of a document must show: wide or not, and the signature block's words."""
    text = render(repo, document, target("elbasan", document), lang=lang, fmt="md", as_of=AS_OF)
    assert isinstance(text, str)
    layout = print_layout(markdown_to_html_body(text))
    from lpsc_cli.documents.formats import table_texts

    words: set[str] = set()
    for rows, shape in zip(table_texts(markdown_to_html_body(text)), layout.tables, strict=True):
        if shape.signatures:
            words |= {word for row in rows for cell in row for word in cell.split()}
    return {"wide": layout.wide, "signature_words": words}


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every document in both languages: Word converted by LibreOffice, PDF by WeasyPrint."""
    soffice = require("soffice", "libreoffice")
    require("pdftotext")
    folder = tmp_path_factory.mktemp("print")
    word, pdf, converted = folder / "word", folder / "pdf", folder / "converted"
    for path in (word, pdf, converted):
        path.mkdir()
    repo = load_repository(EXAMPLE)
    names = [(document, lang) for document in DOCUMENTS for lang in LANGUAGES]
    for document, lang in names:
        data = render(repo, document, target("elbasan", document), lang=lang, fmt="docx", as_of=AS_OF)
        assert isinstance(data, bytes)
        (word / f"{document}.{lang}.docx").write_bytes(data)
    # LibreOffice converts while WeasyPrint renders: one process each, two cores
    profile = (folder / "profile").as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
               str(converted), *sorted(str(path) for path in word.iterdir())]  # fmt: skip
    outcome: dict[str, Any] = {}
    thread = threading.Thread(
        target=lambda: outcome.update(
            run=subprocess.run(command, capture_output=True, text=True, timeout=240, stdin=subprocess.DEVNULL)
        )
    )
    thread.start()
    for document, lang in names:
        data = render(repo, document, target("elbasan", document), lang=lang, fmt="pdf", as_of=AS_OF)
        assert isinstance(data, bytes)
        (pdf / f"{document}.{lang}.pdf").write_bytes(data)
    thread.join()
    assert outcome["run"].returncode == 0, outcome["run"].stderr
    expected = {(document, lang): _expected(repo, document, lang) for document, lang in names}
    return {"names": names, "word": converted, "pdf": pdf, "expected": expected}


def poppler(*command: str) -> str:
    """The standard output of one of poppler's tools (`pdftotext`, `pdfinfo`, ...)."""
    done = subprocess.run(
        list(command), capture_output=True, text=True, check=True, timeout=240, stdin=subprocess.DEVNULL
    )
    return done.stdout


def pages(path: Path) -> list[str]:
    """The text of each page of a PDF (pdftotext separates pages with a form feed)."""
    text = poppler("pdftotext", "-layout", str(path), "-")
    return text.split("\f")[:-1]


def page_sizes(path: Path) -> list[tuple[float, float]]:
    info = poppler("pdfinfo", "-f", "1", "-l", "9999", str(path))
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


def assert_print_ready(path: Path, lang: str, expected: dict[str, Any]) -> None:
    texts = pages(path)
    assert texts, f"{path.name}: no pages"
    page, of = PAGE_WORDS[lang]
    for number, text in enumerate(texts, start=1):
        footer = f"{page} {number} {of} {len(texts)}"
        assert footer in " ".join(text.split()), f"{path.name} p. {number}: no '{footer}'"
        if number > 1 and SIGNATURE_LINE.search(text):
            words = {word for word in text.split() if not SIGNATURE_LINE.fullmatch(word)}
            words -= {page, of, str(number), str(len(texts))}
            assert words - expected["signature_words"], f"{path.name} p. {number} holds only a signature block"
    sizes = page_sizes(path)
    assert len(sizes) == len(texts)
    for number, (width, height) in enumerate(sizes, start=1):
        assert (width > height) == expected["wide"], f"{path.name} p. {number}: {width} x {height}"


def test_word_documents_print_with_page_numbers_kept_signatures_and_landscape_wide_pages(printed: Any) -> None:
    for document, lang in printed["names"]:
        converted = printed["word"] / f"{document}.{lang}.pdf"
        assert_print_ready(converted, lang, printed["expected"][document, lang])


def test_pdf_documents_print_the_same_are_pdfa_and_embed_their_fonts(printed: Any) -> None:
    require("pdffonts")
    for document, lang in printed["names"]:
        path = printed["pdf"] / f"{document}.{lang}.pdf"
        assert_print_ready(path, lang, printed["expected"][document, lang])
        meta = poppler("pdfinfo", "-meta", str(path))
        assert 'pdfaid:part="2"' in meta and 'pdfaid:conformance="B"' in meta, f"{path.name}: not PDF/A-2b"
        fonts = poppler("pdffonts", str(path))
        rows = fonts.splitlines()[2:]
        assert rows, f"{path.name}: no fonts"
        for row in rows:
            # columns: name, type (one or two words), encoding, emb, sub, uni, object id
            assert re.search(r"\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", row), f"{path.name}: {row}"


def test_wide_documents_are_the_ones_with_wide_tables(printed: Any) -> None:
    wide = {document for (document, lang), expected in printed["expected"].items() if expected["wide"]}
    assert {"action-plan", "attendance", "annual", "monitoring"} <= wide
    assert not wide & {"invitation", "referral", "confidentiality", "press-release"}


def test_the_reports_charts_are_pictures_on_the_page_of_their_section(printed: Any) -> None:
    """The annual and monitoring reports converted by LibreOffice show their chart (a PNG picture
    in Word) within the section it belongs to; no other document has a picture."""
    require("pdfimages")
    sections = {"annual": ("5. ", "6. "), "monitoring": ("2. ", "3. ")}  # the chart's section, the next
    for document, lang in printed["names"]:
        path = printed["word"] / f"{document}.{lang}.pdf"
        listing = poppler("pdfimages", "-list", str(path))
        images = [line.split() for line in listing.splitlines()[2:] if line.split()[2:3] == ["image"]]
        if document not in sections:
            assert not images, f"{path.name} has a picture"
            continue
        assert len(images) == 1, f"{path.name}: {listing}"
        texts = pages(path)
        start, end = (_first_page(texts, heading, path.name) for heading in sections[document])
        assert start <= int(images[0][0]) <= end, f"{path.name}: picture on page {images[0][0]}, section {start}-{end}"


def _first_page(texts: list[str], heading: str, name: str) -> int:
    """The number of the first page with a line that starts with `heading`."""
    found = [n for n, text in enumerate(texts, 1) if any(row.strip().startswith(heading) for row in text.splitlines())]
    assert found, f"{name}: no heading {heading!r}"
    return found[0]
