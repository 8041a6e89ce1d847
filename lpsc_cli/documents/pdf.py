"""PDF from the print HTML of a document, through WeasyPrint (no browser, no office suite).

The PDF has the pages of the HTML print stylesheet: A4, the footer "Faqe N nga M" /
"Page N of M", landscape pages for wide documents, signature blocks kept with what precedes
them. Fonts are embedded (WeasyPrint embeds every font it uses, as subsets) and the file is
PDF/A-2b, the archival form that an administration keeps. Nothing is fetched: the page is
self-contained, and any URL it names (a link) stays a link, never a download.

WeasyPrint draws text with Pango, a system library. Where it is missing, WeasyPrint's import
fails with an `OSError`; that becomes a `MissingLibrary` error naming the packages to install
(exit 2), not a traceback.
"""

from __future__ import annotations

from typing import Any

from lpsc_cli.errors import UsageError
from lpsc_cli.i18n import N_
from lpsc_cli.i18n import gettext as _

#: The PDF variant written: archival, with every font embedded.
PDF_VARIANT = "pdf/a-2b"
#: What to install where WeasyPrint's system libraries are missing.
INSTALL_HINT = N_(
    "install Pango and a font: `apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core` "
    "(Debian, Ubuntu), `dnf install pango dejavu-sans-fonts` (Fedora), `brew install pango` (macOS); "
    "see https://doc.courtbouillon.org/weasyprint/stable/first_steps.html"
)


class MissingLibrary(UsageError):
    """WeasyPrint or the system libraries it needs are not installed."""


def html_to_pdf(page: str, *, revealed: bool = False) -> bytes:
    """The PDF of a self-contained HTML page (`lpsc_cli.documents.formats.html_page`).

    A `revealed` document (decrypted case data) is written uncompressed, so that its mark,
    the Keywords `lpsc:revealed` of its metadata, can be found in its bytes as in a text file.
    """
    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=page, base_url=None, url_fetcher=_refuse)
    result: bytes = document.write_pdf(pdf_variant=PDF_VARIANT, uncompressed_pdf=revealed)
    return result


def _weasyprint() -> Any:
    """WeasyPrint, imported on first use: it loads Pango, which may be missing."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise MissingLibrary(
            _("PDF needs WeasyPrint and its system libraries ({error}): {hint}").format(error=exc, hint=_(INSTALL_HINT))
        ) from None
    return weasyprint


def _refuse(url: str, *args: Any, **kwargs: Any) -> Any:
    """The URL fetcher: a document is self-contained, so nothing is ever fetched."""
    raise ValueError(_("lpsc documents fetch nothing ({url})").format(url=url))
