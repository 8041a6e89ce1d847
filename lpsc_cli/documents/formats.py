"""Output formats: Markdown as the templates write it, HTML for print, Word for editing, PDF.

HTML is made by the `markdown` package (tables, lists, line breaks) and then passed through
an allow-list: only the elements a document uses survive, links only to `http`, `https` and
`mailto` addresses, and no attributes besides those. Record text was HTML-escaped while the
template ran, so this is a second wall, not the only one. The page is one self-contained file
with the print stylesheet (A4) embedded.

The print layout is decided here, once, for HTML, Word (`lpsc_cli.documents.word`) and PDF
(`lpsc_cli.documents.pdf`): a document with a table of six columns or more is *wide* and prints
on landscape pages; each table's column widths come from its text (room for its longest word,
more for columns with more text, and a column left blank, such as the one to sign in, wide
enough to write in); a table whose last row is signature lines is a *signature block*, kept on
one page with what comes before it. The page footer reads "Faqe N nga M" / "Page N of M".
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser

from lpsc_cli.model import REVEALED

FORMATS: tuple[str, ...] = ("md", "html", "docx", "pdf")
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
BLOCKS = frozenset(["h1", "h2", "h3", "h4", "p", "ul", "ol", "li", "table", "tr", "td", "th", "blockquote", "hr"])
WHITESPACE = re.compile(r"\s+")
#: Characters XML (hence Word and HTML) cannot hold: C0 controls but tab and line breaks, DEL,
#: lone surrogates and the two non-characters. ESC is one: it would also drive a terminal.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
#: A table with this many columns or more makes its document wide: landscape pages.
WIDE_COLUMNS = 6
#: The page (A4) and the margins of the built-in layout, in centimetres: top, right, bottom, left.
PAGE = (21.0, 29.7)
MARGINS = (2.0, 2.0, 2.0, 2.5)
#: The footer of every page: "Faqe 2 nga 5" / "Page 2 of 5".
PAGE_WORDS: dict[str, tuple[str, str]] = {"sq": ("Faqe", "nga"), "en": ("Page", "of")}
#: The mark of a document holding decrypted sealed case data (`render --reveal`): the first
#: line of Markdown, a `keywords` meta of HTML (the Keywords of its PDF), the keywords and
#: status of a Word document's core properties. A check finds revealed documents by it.
_SIGNATURE_LINE = re.compile(r"_{5,}")
_TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)
_FIRST_ROW = re.compile(r"<tr>.*?</tr>", re.DOTALL)
_CELL = re.compile(r"<(th|td)>")


def markdown_to_html_body(text: str) -> str:
    """The Markdown of a document as sanitised HTML (the body only)."""
    import markdown

    return sanitize(markdown.markdown(text, extensions=list(MARKDOWN_EXTENSIONS), output_format="html"))


def printable(text: str) -> str:
    """`text` without the characters that XML cannot hold (ESC and the other controls)."""
    return _UNPRINTABLE.sub("", text)


def revealed_marker(fmt: str) -> str:
    """The mark that starts a revealed document of a text format (`md`)."""
    return f"<!-- {REVEALED}: sealed case data in clear; keep it private, out of any repository -->\n\n"


def page_footer_css(lang: str) -> str:
    """The footer of every printed page, in the document's language: "Faqe N nga M"."""
    page, of = PAGE_WORDS.get(lang, PAGE_WORDS["en"])
    return f'@page {{ @bottom-center {{ content: "{page} " counter(page) " {of} " counter(pages); font-size: 9pt; }} }}'


def html_page(
    body: str,
    *,
    lang: str,
    title: str,
    stylesheet: str,
    author: str = "",
    day: date | None = None,
    revealed: bool = False,
) -> str:
    """One self-contained HTML page: language, title, author and date, the page footer in the
    document's language, the embedded print stylesheet, and the body laid out for print.

    The footer comes before the stylesheet, so that a council's `print.css` can replace it.
    """
    layout = print_layout(body)
    meta = f'<meta name="author" content="{html.escape(author)}">\n' if author else ""
    if day is not None:
        meta += f'<meta name="dcterms.created" content="{day.isoformat()}">\n'
    if revealed:
        meta += f'<meta name="keywords" content="{REVEALED}">\n'
    wide = ' class="wide"' if layout.wide else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(printable(title))}</title>\n{printable(meta)}"
        f"<style>\n{page_footer_css(lang)}\n{stylesheet.strip()}\n</style>\n</head>\n"
        f"<body{wide}>\n{layout.body.strip()}\n</body>\n</html>\n"
    )


# -- print layout -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TableShape:
    """How one table prints: its columns' share of the line, and whether it is a signature block."""

    widths: tuple[float, ...]  # fractions of the line, summing to 1
    signatures: bool

    @property
    def columns(self) -> int:
        return len(self.widths)


@dataclass(frozen=True, slots=True)
class Layout:
    """The print layout of a document: its body marked for print, wide or not, its tables."""

    body: str
    wide: bool
    tables: tuple[TableShape, ...]


def line_width(wide: bool) -> float:
    """The width of a line of text on the built-in page, in centimetres."""
    width = PAGE[1] if wide else PAGE[0]
    return width - MARGINS[1] - MARGINS[3]


def table_shape(rows: list[list[str]], line: float) -> TableShape:
    """The columns of a table sized for a line of `line` cm, from the text of its cells.

    Each column gets at least the room of its longest word (in 10 pt type, with the cells'
    padding), so that no word breaks; a column with a heading and nothing under it is for
    writing by hand (a signature, a status) and gets at least 3.5 cm. What is left of the line
    goes to the columns in proportion to the square root of their mean text length, so that
    long texts get the room and short ones are not squeezed to a word per line.
    """
    columns = max((len(row) for row in rows), default=0)
    minimum, weight = [], []
    for c in range(columns):
        texts = [row[c] if c < len(row) else "" for row in rows]
        longest = max((len(word) for text in texts for word in text.split()), default=1)
        blank = all(not text.strip() for text in texts[1:]) and len(texts) > 1
        minimum.append(max(0.21 * longest + 0.5, 3.5 if blank else 1.0))
        weight.append((sum(len(text) for text in texts) / max(len(texts), 1)) ** 0.5 + 0.1)
    spare = max(line - sum(minimum), 0.0)
    widths = [low + spare * w / sum(weight) for low, w in zip(minimum, weight, strict=True)]
    total = sum(widths) or 1.0
    last = rows[-1] if rows else []
    signatures = bool(last) and all(_SIGNATURE_LINE.fullmatch(text.strip()) for text in last if text.strip())
    signatures = signatures and any(text.strip() for text in last)
    return TableShape(widths=tuple(width / total for width in widths), signatures=signatures)


class _TableText(HTMLParser):
    """The text of each cell of each table of an HTML body, row by row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables and self.tables[-1]:
            self.cell = []
            self.tables[-1][-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1][-1] = WHITESPACE.sub(" ", "".join(self.cell)).strip()
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def table_texts(body: str) -> list[list[list[str]]]:
    """The cell texts of every table of a sanitised HTML body."""
    parser = _TableText()
    parser.feed(body)
    parser.close()
    return parser.tables


def print_layout(body: str) -> Layout:
    """Lay a sanitised HTML body out for print: each table gets its column widths (on the cells
    of its first row) and
    the signature blocks a class (`signatures`) that the stylesheet keeps on one page."""
    texts = table_texts(body)
    wide = any(max((len(row) for row in rows), default=0) >= WIDE_COLUMNS for rows in texts)
    shapes = tuple(table_shape(rows, line_width(wide)) for rows in texts)
    found = iter(shapes)

    def mark(match: re.Match[str]) -> str:
        shape = next(found, None)
        if shape is None:
            return match.group(0)
        kind = ' class="signatures"' if shape.signatures else ""
        widths = iter(shape.widths)

        def width(cell: re.Match[str]) -> str:
            share = next(widths, None)
            return cell.group(0) if share is None else f'<{cell.group(1)} style="width: {100 * share:.1f}%">'

        first_row = _FIRST_ROW.search(match.group(1))
        inner = match.group(1)
        if first_row is not None:
            row = _CELL.sub(width, first_row.group(0))
            inner = inner[: first_row.start()] + row + inner[first_row.end() :]
        return f"<table{kind}>{inner}</table>"

    return Layout(body=_TABLE.sub(mark, body), wide=wide, tables=shapes)


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
