"""Word documents, built from the sanitised HTML of a document on a reference document.

The HTML is walked with the standard library's `html.parser`: `h1`–`h3` become Heading 1–3,
tables real tables (header rows repeated on each page, rows never split), `ul`/`ol` real
bulleted and numbered lists (each numbered list starting at 1), `strong`/`em` bold and italic,
`br` line breaks and `hr` a page break (it separates notes); a paragraph whose text is the
token of a chart (`lpsc_cli.documents.pictures`) becomes that chart's PNG picture, the width of
a portrait line. Consecutive tables get an empty
paragraph between them, so that no word processor merges them.

The look comes from a reference document, the way pandoc's `--reference-doc` works: a council's
`templates/reference.docx` (its styles, page size, margins, header with the letterhead, and
footer), or else the built-in one made here: A4, the margins and Times type of the HTML print
stylesheet, black headings, and a footer "Faqe N nga M" / "Page N of M" with real PAGE and
NUMPAGES fields (added as well to a council's reference document whose footer is empty).

Keeping together, as a municipality's letter needs: headings stay with what follows; a table
of a few rows, the last two rows of a longer one, and a signature block (with the paragraph
before it) never split over a page break. The layout of the tables (widths, wide documents
on landscape pages) is `lpsc_cli.documents.formats.print_layout`'s, shared with HTML and PDF.

Built in linear time: paragraphs and tables are appended before the section properties
directly (python-docx's `add_paragraph` looks for them among all the body's children each
time), and rows and cells are reached through their XML elements.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.table import CT_Tbl
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import SubElement

from lpsc_cli.documents.formats import (
    BLOCKS,
    MARGINS,
    PAGE,
    PAGE_WORDS,
    WHITESPACE,
    TableShape,
    print_layout,
    printable,
)
from lpsc_cli.errors import LpscError
from lpsc_cli.i18n import gettext as _
from lpsc_cli.model import REVEALED

_R, _RPR, _B, _I, _SZ, _BR, _T, _VAL = (qn(f"w:{tag}") for tag in ("r", "rPr", "b", "i", "sz", "br", "t", "val"))
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: The council's reference document, under `templates/` of its repository.
REFERENCE = "reference.docx"
#: The width of a chart's picture, in centimetres: the line of a portrait page.
PICTURE_WIDTH = 16.0
#: The type of the built-in look, as in the HTML print stylesheet.
FONT = "Times New Roman"
#: The size of table text in the built-in look, in half-points (10 pt).
TABLE_FONT = 20
#: A table of at most this many rows and characters is kept on one page; a larger one keeps
#: its last two rows together (keeping a large one whole would leave a page half empty).
SMALL_TABLE = (6, 600)
#: The styles the builder uses, made (plain) in a council's reference document that lacks them.
_STYLES = ("Heading 1", "Heading 2", "Heading 3", "List Bullet", "List Bullet 2", "List Bullet 3",
           "List Number", "List Number 2", "List Number 3", "Quote")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture to put in a Word document: PNG bytes and what it shows, in words."""

    png: bytes
    description: str


@dataclass(frozen=True, slots=True, kw_only=True)
class WordRequest:
    """What a Word document is made with: its language and properties, and the reference."""

    lang: str
    title: str
    author: str
    day: date
    reference: Path | None = None  # a council's templates/reference.docx
    revealed: bool = False  # holds decrypted sealed case data: marked in its properties
    pictures: Mapping[str, Picture] = field(default_factory=dict)  # charts by the paragraph text they replace


def reference_document(root: Path | None) -> Path | None:
    """The council's reference document, `templates/reference.docx`, if it has one.

    A file that resolves outside the repository (a symbolic link) is refused, as record files are.
    """
    if root is None:
        return None
    path = root / "templates" / REFERENCE
    if not path.exists() and not path.is_symlink():
        return None
    resolved, top = path.resolve(), root.resolve()
    if not resolved.is_relative_to(top) or not resolved.is_file():
        raise LpscError(
            _("templates/{name}: resolves outside the repository or is not a file; refused").format(name=REFERENCE)
        )
    return path


def html_to_docx(body: str, request: WordRequest) -> bytes:
    """A Word document from the sanitised HTML body of a document."""
    layout = print_layout(body)
    document = _reference(request)
    section = document.sections[-1]
    if layout.wide and section.page_width < section.page_height:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    if not _has_footer(section):
        _page_footer(section, request.lang)
    builder = _WordBuilder(
        document, tables=list(layout.tables), builtin=request.reference is None, pictures=request.pictures
    )
    builder.feed(printable(body))
    builder.close()
    _properties(document, request)
    buffer = BytesIO()
    document.save(buffer)
    return _app_properties(buffer.getvalue(), request.day)


# -- the reference document ------------------------------------------------------------------


def _reference(request: WordRequest) -> Any:
    """The council's reference document emptied of its text, or the built-in one."""
    if request.reference is None:
        return _builtin_reference(request.lang)
    try:
        document = docx.Document(str(request.reference))
    except Exception as exc:  # python-docx raises several kinds for a file that is no docx
        raise LpscError(
            _("{path}: not a Word document usable as reference ({error})").format(path=request.reference, error=exc)
        ) from None
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    body.get_or_add_sectPr()  # Word writes one; a hand-made file may have none
    _page_defaults(document.sections[-1])
    for name in _STYLES:
        _ensure_style(document, name)
    _ensure_table_grid(document)
    _set_language(document.styles["Normal"], _language_tag(request.lang))
    return document


def _page_defaults(section: Any) -> None:
    """The built-in page size and margins, where a reference document leaves them unset."""
    if section.page_width is None or section.page_height is None:
        section.page_width, section.page_height = Cm(PAGE[0]), Cm(PAGE[1])
    top, right, bottom, left = MARGINS
    for name, value in (("top_margin", top), ("right_margin", right), ("bottom_margin", bottom), ("left_margin", left)):
        if getattr(section, name) is None:
            setattr(section, name, Cm(value))


def _builtin_reference(lang: str) -> Any:
    """lpsc's own look: sober, black on white, the fonts and margins of the print stylesheet."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(PAGE[0]), Cm(PAGE[1])
    top, right, bottom, left = MARGINS
    section.top_margin, section.right_margin = Cm(top), Cm(right)
    section.bottom_margin, section.left_margin = Cm(bottom), Cm(left)
    section.footer_distance = Cm(1.0)
    styles = document.styles
    normal = styles["Normal"]
    _font(normal, FONT)
    normal.font.size = Pt(11.5)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.15
    _set_language(normal, _language_tag(lang))
    for level, size in ((1, 15), (2, 13), (3, 12)):
        heading = styles[f"Heading {level}"]
        _font(heading, FONT)
        heading.font.size = Pt(size)
        heading.font.bold = True
        heading.font.italic = False
        heading.font.color.rgb = RGBColor(0, 0, 0)
        heading.paragraph_format.keep_with_next = True
        heading.paragraph_format.space_before = Pt(14 if level == 1 else 10)
        heading.paragraph_format.space_after = Pt(8 if level == 1 else 4)
        if level == 1:
            heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    quote = styles["Quote"]
    quote.font.color.rgb = RGBColor(0, 0, 0)
    return document


def _ensure_style(document: Any, name: str) -> None:
    try:
        document.styles[name]
    except KeyError:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]


def _ensure_table_grid(document: Any) -> None:
    """The "Table Grid" style (every cell bordered), made in a reference document that lacks it."""
    try:
        document.styles["Table Grid"]
        return
    except KeyError:
        style = document.styles.add_style("Table Grid", WD_STYLE_TYPE.TABLE)
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    style.element.append(parse_xml(f"<w:tblPr {nsdecls('w')}><w:tblBorders>{borders}</w:tblBorders></w:tblPr>"))


def _has_footer(section: Any) -> bool:
    footer = section.footer
    return not footer.is_linked_to_previous and any(
        p.text.strip() or p._p.xpath(".//w:fldSimple|.//w:fldChar") for p in footer.paragraphs
    )


def _page_footer(section: Any, lang: str) -> None:
    """The footer "Faqe N nga M" / "Page N of M", centred, with PAGE and NUMPAGES fields."""
    page, of = PAGE_WORDS.get(lang, PAGE_WORDS["en"])
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for part in (f"{page} ", "PAGE", f" {of} ", "NUMPAGES"):
        if part in ("PAGE", "NUMPAGES"):
            _field(paragraph, part)
        else:
            paragraph.add_run(part).font.size = Pt(9)


def _field(paragraph: Any, instruction: str) -> None:
    """A field (`PAGE`, `NUMPAGES`) that the word processor fills in, showing `1` until then."""
    w = nsdecls("w")
    size = '<w:rPr><w:sz w:val="18"/></w:rPr>'
    for inner in (
        '<w:fldChar w:fldCharType="begin"/>',
        f'<w:instrText xml:space="preserve"> {instruction} </w:instrText>',
        '<w:fldChar w:fldCharType="separate"/>',
        "<w:t>1</w:t>",
        '<w:fldChar w:fldCharType="end"/>',
    ):
        paragraph._p.append(parse_xml(f"<w:r {w}>{size}{inner}</w:r>"))


def _properties(document: Any, request: WordRequest) -> None:
    """Author (the council), title, language and date; nothing left from python-docx's template."""
    properties = document.core_properties
    properties.title = printable(request.title)
    properties.author = properties.last_modified_by = printable(request.author)
    properties.language = request.lang
    for name in ("subject", "keywords", "comments", "category", "content_status", "identifier", "version"):
        setattr(properties, name, "")
    if request.revealed:
        properties.keywords = properties.content_status = REVEALED
    moment = datetime.combine(request.day, time(0, 0))
    properties.created = properties.modified = moment
    properties.last_printed = moment
    properties.revision = 1


_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>lpsc</Application></Properties>"
)


def _app_properties(package: bytes, day: date) -> bytes:
    """The package with `docProps/app.xml` saying lpsc made it (python-docx keeps its
    template's "Microsoft Macintosh Word" and has no API for these properties), every part
    dated the document's day: the same document gives the same bytes whenever it is made."""
    source = zipfile.ZipFile(BytesIO(package))
    out = BytesIO()
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = _APP_XML.encode("utf-8") if item.filename == "docProps/app.xml" else source.read(item)
            entry = zipfile.ZipInfo(item.filename, date_time=stamp)
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, item.external_attr
            target.writestr(entry, data)
    return out.getvalue()


def _language_tag(lang: str) -> str:
    return "sq-AL" if lang == "sq" else "en-GB"


def _set_language(style: Any, tag: str) -> None:
    """Mark the style's text as `tag` so that Word checks the spelling in the right language."""
    run_properties = style.element.get_or_add_rPr()
    for old in run_properties.findall(qn("w:lang")):
        run_properties.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), tag)
    run_properties.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _font(style: Any, name: str) -> None:
    """The style's font for every script, in place of the template's theme fonts (which win)."""
    style.font.name = name
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)


# -- the builder ------------------------------------------------------------------------------


@dataclass
class _Source:
    runs: list[tuple[str, bool, bool]] = field(default_factory=list)
    header: bool = False


class _WordBuilder(HTMLParser):
    """Walks the sanitised HTML of a document and writes it into a python-docx Document."""

    def __init__(
        self, document: Any, *, tables: list[TableShape], builtin: bool, pictures: Mapping[str, Picture]
    ) -> None:
        super().__init__(convert_charrefs=True)
        self.doc = document
        self.pictures = pictures
        self.end = document.element.body.find(qn("w:sectPr"))  # new blocks go before it
        self.shapes = iter(tables)
        # the built-in look sets tables in 10 pt and centres the letterhead, as the HTML does;
        # a council's reference document keeps its own styles
        self.builtin = builtin
        self.table_font = TABLE_FONT if builtin else None
        self.paragraph: Any = None
        self.bold = 0
        self.italic = 0
        self.lists: list[tuple[str, int | None]] = []  # (ul|ol, numbering id)
        self.table_rows: list[list[_Source]] | None = None
        self.cell: _Source | None = None
        self.pending_break = False
        self.line_start = True  # at the start of a paragraph, cell or line: white space is dropped
        self.last: Any = None  # the last block written: a Paragraph or a Table
        self.first = True  # the first paragraph is the letterhead
        self.numbering = _Numbering(document)
        self.style_ids: dict[str, str] = {}

    # blocks
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self.line_start = True
        if tag in ("h1", "h2", "h3", "h4"):
            self.paragraph = self._new_paragraph(f"Heading {min(int(tag[1]), 3)}")
            self.paragraph.paragraph_format.keep_with_next = True
        elif tag == "p" and self.cell is None:
            self.paragraph = self._new_paragraph(self._blockquote_style())
        elif tag in ("ul", "ol"):
            self.lists.append((tag, self.numbering.new() if tag == "ol" else None))
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
            self.cell = _Source(header=tag == "th")
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
            self.pending_break = True
            self.paragraph = None
        elif tag == "blockquote":
            self.lists.append(("quote", None))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self.line_start = True
        if tag in ("h1", "h2", "h3", "h4", "p", "li"):
            self.paragraph = None
        elif tag in ("ul", "ol", "blockquote") and self.lists:
            self.lists.pop()
        elif tag in ("td", "th"):
            self.cell = None
        elif tag == "table" and self.table_rows is not None:
            self._write_table(self.table_rows, next(self.shapes, None))
            self.table_rows = None
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)

    def handle_data(self, data: str) -> None:
        if self.cell is None and self.paragraph is not None and data.strip() in self.pictures:
            self._picture(self.pictures[data.strip()])
            return
        text = WHITESPACE.sub(" ", data)
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
        _run(self.paragraph._p, text, bold=bool(self.bold), italic=bool(self.italic), size=None)

    def _picture(self, picture: Picture) -> None:
        """A chart as a picture the width of the line, described in words for readers who cannot
        see it, kept with what follows (its table)."""
        shape = self.paragraph.add_run().add_picture(BytesIO(picture.png), width=Cm(PICTURE_WIDTH))
        shape._inline.docPr.set("descr", printable(picture.description))
        self.paragraph.paragraph_format.keep_with_next = True

    def _append(self, element: Any) -> None:
        self.end.addprevious(element)

    def _new_paragraph(self, style: str | None) -> Any:
        element = OxmlElement("w:p")
        self._append(element)
        paragraph = Paragraph(element, self.doc)
        if style is not None:
            element.get_or_add_pPr().style = self._style_id(style)
        if self.pending_break:
            paragraph.paragraph_format.page_break_before = True
            self.pending_break = False
        if self.first and style is None and self.builtin:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER  # the letterhead, as in the HTML
        self.first = False
        self.last = paragraph
        return paragraph

    def _style_id(self, name: str) -> str:
        """The id of a paragraph style, looked up once (python-docx walks every style each time)."""
        if name not in self.style_ids:
            self.style_ids[name] = self.doc.styles[name].style_id
        return self.style_ids[name]

    def _blockquote_style(self) -> str | None:
        return "Quote" if any(kind == "quote" for kind, _ in self.lists) else None

    def _write_table(self, rows: list[list[_Source]], shape: TableShape | None) -> None:
        rows = [row for row in rows if row]
        if not rows:
            return
        previous = self.last
        signatures = shape is not None and shape.signatures
        if isinstance(previous, Table):
            # two tables back to back would be drawn (and, by Word, merged) as one
            if signatures:
                _keep_with_next(previous)
            previous = self._new_paragraph(None)
        self.first = False
        columns = max(len(row) for row in rows)
        section = self.doc.sections[-1]
        line = section.page_width - section.left_margin - section.right_margin
        fractions = shape.widths if shape is not None and shape.columns == columns else (1 / columns,) * columns
        twip = 635  # Word keeps widths in twentieths of a point: whole ones, summing to the line
        widths = [Emu(round(line * fraction / twip) * twip) for fraction in fractions[:-1]]
        widths.append(Emu(line - sum(widths)))
        element = CT_Tbl.new_tbl(len(rows), columns, Emu(line))
        self._append(element)
        table = Table(element, self.doc)
        table.style = "Table Grid"
        table.autofit = False
        if signatures:
            _no_borders(element)
        for column, width in zip(element.tblGrid.gridCol_lst, widths, strict=False):
            column.w = width  # the grid, which LibreOffice follows
        size = sum(len(text) for row in rows for cell in row for text, _, _ in cell.runs)
        small = len(rows) <= SMALL_TABLE[0] and size <= SMALL_TABLE[1]
        keep_from = 0 if small or signatures else len(rows) - 2
        for r, (tr, row) in enumerate(zip(element.tr_lst, rows, strict=True)):
            _row_properties(tr, header=all(cell.header for cell in row))
            for c, tc in enumerate(tr.tc_lst):
                tc.width = widths[c]  # each cell, which Word follows
                paragraph = Paragraph(tc.p_lst[0], table)
                if keep_from <= r < len(rows) - 1:
                    paragraph.paragraph_format.keep_with_next = True
                if signatures and r in (0, len(rows) - 1):
                    paragraph.paragraph_format.space_before = Pt(14 if r == 0 else 20)  # room to sign
                if c < len(row):
                    self._fill(paragraph, row[c])
        if signatures and previous is not None:
            _keep_with_next(previous)
        self.last = table
        self.paragraph = None

    def _fill(self, paragraph: Any, source: _Source) -> None:
        for content, bold, italic in _trim(source.runs):
            _run(paragraph._p, content, bold=bold or source.header, italic=italic, size=self.table_font)


def _run(paragraph: Any, text: str, *, bold: bool, italic: bool, size: int | None) -> None:
    """A run of text (or a line break, `\\n`) at the end of a `w:p` element.

    Made with lxml directly: python-docx's `add_run` and `Run.text` cost a hundred times more,
    which a meeting of thousands of agenda items feels.
    """
    run = SubElement(paragraph, _R)
    if bold or italic or size:
        properties = SubElement(run, _RPR)  # the schema's order: b, i, sz
        if bold:
            SubElement(properties, _B)
        if italic:
            SubElement(properties, _I)
        if size:
            SubElement(properties, _SZ).set(_VAL, str(size))
    if text == "\n":
        SubElement(run, _BR)
        return
    element = SubElement(run, _T)
    element.text = text
    element.set(_SPACE, "preserve")


def _keep_with_next(block: Any) -> None:
    """Keep a paragraph, or the last row of a table, on the page of what follows it."""
    if isinstance(block, Table):
        last = block._tbl.tr_lst[-1]
        for p in last.xpath("./w:tc/w:p"):
            Paragraph(p, block).paragraph_format.keep_with_next = True
    else:
        block.paragraph_format.keep_with_next = True


def _no_borders(table: Any) -> None:
    """A table drawn without lines: a signature block, as in the HTML."""
    sides = "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    borders = parse_xml(f"<w:tblBorders {nsdecls('w')}>{sides}</w:tblBorders>")
    later = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
    table.tblPr.insert_element_before(borders, *later)


def _row_properties(tr: Any, *, header: bool) -> None:
    """A row never split over two pages; a header row repeated at the top of each page."""
    properties = tr.get_or_add_trPr()
    # elements of w:trPr have a fixed order in the schema: put each before those that follow it
    later = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
    cant_split = OxmlElement("w:cantSplit")
    properties.insert_element_before(cant_split, "w:trHeight", "w:tblHeader", *later)
    if header:
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        properties.insert_element_before(repeat, *later)


def _trim(runs: list[tuple[str, bool, bool]]) -> list[tuple[str, bool, bool]]:
    """Cell runs without the white space that HTML layout put around them."""
    if runs and runs[0][0] != "\n":
        runs[0] = (runs[0][0].lstrip(), *runs[0][1:])
    if runs and runs[-1][0] != "\n":
        runs[-1] = (runs[-1][0].rstrip(), *runs[-1][1:])
    return [run for run in runs if run[0]]


class _Numbering:
    """New numbering instances of the List Number style, so that each numbered list starts at 1."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.abstract: int | None = None
        self.next_id = 0

    def new(self) -> int:
        if self.next_id == 0:
            self.abstract = _list_number_abstract(self.document)
            if self.abstract is None:
                return 0
            numbering = self.document.part.numbering_part.element
            self.next_id = max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0) + 1
        if self.abstract is None:
            return 0
        num_id, self.next_id = self.next_id, self.next_id + 1
        num = parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{self.abstract}"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        )
        self.document.part.numbering_part.element.append(num)
        return num_id


def _list_number_abstract(document: Any) -> int | None:
    """The abstract numbering that the List Number style uses, if the reference defines it."""
    style = document.styles["List Number"].element
    num_pr = style.find(qn("w:pPr") + "/" + qn("w:numPr"))
    if num_pr is None or num_pr.find(qn("w:numId")) is None:
        return None
    num_id = num_pr.find(qn("w:numId")).get(qn("w:val"))
    try:
        numbering = document.part.numbering_part.element
    except NotImplementedError:
        return None
    for num in numbering.findall(qn("w:num")):
        if num.get(qn("w:numId")) == num_id:
            return int(num.find(qn("w:abstractNumId")).get(qn("w:val")))
    return None


def _set_numbering(paragraph: Any, num_id: int, level: int) -> None:
    if not num_id:
        return
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()  # python-docx keeps the schema order
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id
