"""Output formats: Markdown as the templates write it, HTML for print, Word for editing.

HTML is made by the `markdown` package (tables, lists, line breaks) and then passed through
an allow-list: only the elements a document uses survive, links only to `http`, `https` and
`mailto` addresses, and no attributes besides those. Record text was HTML-escaped while the
template ran, so this is a second wall, not the only one. The page is one self-contained file
with the print stylesheet (A4) embedded.

Word documents are built from that same HTML, walked with the standard library's
`html.parser`: `h1`–`h3` become Heading 1–3, tables real tables (the first row repeated on
each page), `ul`/`ol` real bulleted and numbered lists (each numbered list starting at 1),
`strong`/`em` bold and italic, `br` line breaks and `hr` a page break (it separates notes).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from html.parser import HTMLParser
from io import BytesIO
from typing import Any

FORMATS: tuple[str, ...] = ("md", "html", "docx")
MARKDOWN_EXTENSIONS = ("tables", "sane_lists", "nl2br")
_ALLOWED = frozenset(
    [
        "h1",
        "h2",
        "h3",
        "h4",
        "p",
        "br",
        "hr",
        "ul",
        "ol",
        "li",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "strong",
        "em",
        "b",
        "i",
        "code",
        "pre",
        "blockquote",
        "a",
    ]
)
_VOID = frozenset({"br", "hr"})
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_BLOCKS = frozenset(["h1", "h2", "h3", "h4", "p", "ul", "ol", "li", "table", "tr", "td", "th", "blockquote", "hr"])
_WHITESPACE = re.compile(r"\s+")


def markdown_to_html_body(text: str) -> str:
    """The Markdown of a document as sanitised HTML (the body only)."""
    import markdown

    return sanitize(markdown.markdown(text, extensions=list(MARKDOWN_EXTENSIONS), output_format="html"))


def html_page(body: str, *, lang: str, title: str, stylesheet: str) -> str:
    """One self-contained HTML page: language, title, embedded print stylesheet, body."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{stylesheet.strip()}\n</style>\n</head>\n"
        f"<body>\n{body.strip()}\n</body>\n</html>\n"
    )


class _Sanitizer(HTMLParser):
    """Re-writes HTML keeping only allowed elements and safe link targets; text is escaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skipping += 1
            return
        if tag not in _ALLOWED:
            return
        kept = ""
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.lower().startswith(_SAFE_SCHEMES):
                kept = f' href="{html.escape(href, quote=True)}"'
        elif tag == "ol":
            start = dict(attrs).get("start") or ""
            kept = f' start="{start}"' if start.isdigit() else ""
        self.out.append(f"<{tag}{kept}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self.out.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skipping = max(0, self.skipping - 1)
        elif tag in _ALLOWED and tag not in _VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(html.escape(data, quote=False))


def sanitize(fragment: str) -> str:
    parser = _Sanitizer()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out)


# -- Word ---------------------------------------------------------------------------------------


@dataclass
class _Cell:
    runs: list[tuple[str, bool, bool]] = field(default_factory=list)
    header: bool = False


class _WordBuilder(HTMLParser):
    """Walks the sanitised HTML of a document and writes it into a python-docx Document."""

    def __init__(self, document: Any) -> None:
        super().__init__(convert_charrefs=True)
        self.doc = document
        self.paragraph: Any = None
        self.bold = 0
        self.italic = 0
        self.lists: list[tuple[str, int | None]] = []  # (ul|ol, numbering id)
        self.table_rows: list[list[_Cell]] | None = None
        self.cell: _Cell | None = None
        self.pending_break = False
        self.line_start = True  # at the start of a paragraph, cell or line: white space is dropped
        self.tables: list[tuple[Any, list[float]]] = []  # each table with its columns' weights

    # blocks
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.line_start = True
        if tag in ("h1", "h2", "h3", "h4"):
            self.paragraph = self.doc.add_heading("", level=min(int(tag[1]), 3))
        elif tag == "p" and self.cell is None:
            self.paragraph = self._new_paragraph(self._blockquote_style())
        elif tag in ("ul", "ol"):
            self.lists.append((tag, self._restart_numbering() if tag == "ol" else None))
        elif tag == "li":
            kind, num_id = self.lists[-1] if self.lists else ("ul", None)
            style = "List Bullet" if kind == "ul" else "List Number"
            depth = min(len(self.lists), 3)
            self.paragraph = self._new_paragraph(style if depth == 1 else f"{style} {depth}")
            if num_id is not None:
                _set_numbering(self.paragraph, num_id, depth - 1)
        elif tag == "table":
            self.table_rows = []
        elif tag == "tr" and self.table_rows is not None:
            self.table_rows.append([])
        elif tag in ("td", "th") and self.table_rows is not None:
            self.cell = _Cell(header=tag == "th")
            if self.table_rows:
                self.table_rows[-1].append(self.cell)
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "br":
            self._add("\n")
            self.line_start = True
        elif tag == "hr":
            self._page_break()
        elif tag == "blockquote":
            self.lists.append(("quote", None))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.line_start = True
        if tag in ("h1", "h2", "h3", "h4", "p", "li"):
            self.paragraph = None
        elif tag in ("ul", "ol", "blockquote") and self.lists:
            self.lists.pop()
        elif tag in ("td", "th"):
            self.cell = None
        elif tag == "table" and self.table_rows is not None:
            self._write_table(self.table_rows)
            self.table_rows = None
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)

    def handle_data(self, data: str) -> None:
        text = _WHITESPACE.sub(" ", data)
        if self.line_start:
            text = text.lstrip()
        if not text:
            return
        if self.cell is None and self.paragraph is None:
            self.paragraph = self._new_paragraph(self._blockquote_style())
        self._add(text)
        self.line_start = text.endswith(" ")

    # writing
    def _add(self, text: str) -> None:
        """Add text (or a line break, `\\n`) to the open cell or paragraph."""
        if self.cell is not None:
            self.cell.runs.append((text, bool(self.bold), bool(self.italic)))
            return
        if self.paragraph is None:
            self.paragraph = self._new_paragraph(None)
        run = self.paragraph.add_run()
        if text == "\n":
            run.add_break()
            return
        run.text = text
        run.bold = bool(self.bold) or None
        run.italic = bool(self.italic) or None

    def _new_paragraph(self, style: str | None) -> Any:
        paragraph = self.doc.add_paragraph(style=style)
        if self.pending_break:
            paragraph.paragraph_format.page_break_before = True
            self.pending_break = False
        return paragraph

    def _page_break(self) -> None:
        self.pending_break = True
        self.paragraph = None

    def _blockquote_style(self) -> str | None:
        return "Quote" if any(kind == "quote" for kind, _ in self.lists) else None

    def _write_table(self, rows: list[list[_Cell]]) -> None:
        rows = [row for row in rows if row]
        if not rows:
            return
        from docx.table import _Cell

        columns = max(len(row) for row in rows)
        table = self.doc.add_table(rows=len(rows), cols=columns)
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            # table.cell(r, c) walks the whole table each time: read the row's cells directly
            cells = [_Cell(tc, table) for tc in table.rows[r]._tr.tc_lst]
            for c, source in enumerate(row):
                paragraph = cells[c].paragraphs[0]
                for content, bold, italic in _trim(source.runs):
                    run = paragraph.add_run()
                    if content == "\n":
                        run.add_break()
                        continue
                    run.text = content
                    run.bold = (bold or source.header) or None
                    run.italic = italic or None
            if all(cell.header for cell in row):
                _repeat_header(table.rows[r])
        self.tables.append((table, _column_weights(rows, columns)))
        self.paragraph = None

    def _restart_numbering(self) -> int:
        """A new numbering instance of the List Number style, so that each list starts at 1."""
        return _new_numbering(self.doc)


def _column_weights(rows: list[list[_Cell]], columns: int) -> list[float]:
    """How wide each column should be, from its text: room for its longest word, and more for
    columns with more text.

    Word and LibreOffice would otherwise give every column the same width, so that a short
    "No." column takes as much room as the activities of an action plan.
    """
    weights = []
    for c in range(columns):
        texts = ["".join(part for part, _, _ in row[c].runs) if c < len(row) else "" for row in rows]
        longest_word = max((len(word) for text in texts for word in text.split()), default=1)
        average = sum(len(text) for text in texts) / max(len(texts), 1)
        # the square root keeps long-text columns from squeezing the short ones to one word
        weights.append(max(longest_word + 2.0, 6.0 * average**0.5, 4.0))
    return weights


def _layout_tables(document: Any, tables: list[tuple[Any, list[float]]]) -> None:
    """Landscape pages for a document with a wide table; columns sized by their content."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    section = document.sections[0]
    if any(len(weights) >= 6 for _, weights in tables):
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    available = section.page_width - section.left_margin - section.right_margin
    for table, weights in tables:
        table.autofit = False
        total = sum(weights)
        widths = [int(available * weight / total) for weight in weights]
        minimum = int(Cm(1.5))
        widths = [max(width, minimum) for width in widths]
        scale = available / sum(widths)
        widths = [int(width * scale) for width in widths]
        for column, width in zip(table.columns, widths, strict=False):
            column.width = width  # the grid, which LibreOffice follows
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=False):
                cell.width = width  # each cell, which Word follows


def _trim(runs: list[tuple[str, bool, bool]]) -> list[tuple[str, bool, bool]]:
    """Cell runs without the white space that HTML layout put around them."""
    if runs and runs[0][0] != "\n":
        runs[0] = (runs[0][0].lstrip(), *runs[0][1:])
    if runs and runs[-1][0] != "\n":
        runs[-1] = (runs[-1][0].rstrip(), *runs[-1][1:])
    return [run for run in runs if run[0]]


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    # elements of w:trPr have a fixed order in the schema: put it before those that follow it
    properties.insert_element_before(header, "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")


def _list_number_abstract(document: Any) -> int | None:
    """The abstract numbering that the List Number style uses, if the template defines it."""
    from docx.oxml.ns import qn

    style = document.styles["List Number"].element
    num_pr = style.find(qn("w:pPr") + "/" + qn("w:numPr"))
    if num_pr is None:
        return None
    num_id = num_pr.find(qn("w:numId")).get(qn("w:val"))
    numbering = document.part.numbering_part.element
    for num in numbering.findall(qn("w:num")):
        if num.get(qn("w:numId")) == num_id:
            return int(num.find(qn("w:abstractNumId")).get(qn("w:val")))
    return None


def _new_numbering(document: Any) -> int:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    numbering = document.part.numbering_part.element
    abstract = _list_number_abstract(document)
    if abstract is None:
        return 0
    ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    num_id = max(ids, default=0) + 1
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    abstract_ref = OxmlElement("w:abstractNumId")
    abstract_ref.set(qn("w:val"), str(abstract))
    num.append(abstract_ref)
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start = OxmlElement("w:startOverride")
    start.set(qn("w:val"), "1")
    override.append(start)
    num.append(override)
    numbering.append(num)
    return num_id


def _set_numbering(paragraph: Any, num_id: int, level: int) -> None:
    if not num_id:
        return
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()  # python-docx keeps the schema order
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def html_to_docx(body: str, *, lang: str, title: str, author: str, day: date) -> bytes:
    """A Word document from the sanitised HTML body of a document."""
    import docx
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    _set_language(normal, "sq-AL" if lang == "sq" else "en-GB")
    properties = document.core_properties
    properties.title = title
    properties.author = author
    properties.language = lang
    moment = datetime.combine(day, time(0, 0))
    properties.created = properties.modified = moment
    properties.last_modified_by = author
    properties.revision = 1
    builder = _WordBuilder(document)
    builder.feed(body)
    builder.close()
    _layout_tables(document, builder.tables)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_language(style: Any, tag: str) -> None:
    """Mark the style's text as `tag` so that Word checks the spelling in the right language."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run_properties = style.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), tag)
    run_properties.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
