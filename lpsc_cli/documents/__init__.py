"""Documents and reports rendered from the records, in Albanian and English (SPEC §6).

`DOCUMENTS` names every document, the record kind it takes (or `period` for the reports) and
whether it is public. `render(repo, "invitation", "lpsc-2025-03-12", lang="sq", fmt="html",
as_of=day)` returns the document as text (Markdown, HTML) or bytes (Word, PDF).

Public documents (the press release, the published action plan) are made from a copy of the
repository that holds only the fields whose schema class is `public`: what a template cannot
see, it cannot leak — whatever a council's own template asks for. Record text is escaped for
the output (see `lpsc_cli.documents.templating`): HTML in HTML and Word, entities in Markdown,
and in public documents no Markdown link or image can be made from a record value.

Every citation of a legal act comes from the basis the council works under (`lpsc.yaml`
`basis`, `citation_basis`): the Normative Act (DCM 678/2024) or a council regulation modelled on
the Elbasan model regulation (R), or both; a council that names no basis is under both, as for
its rules. A council under the Normative Act alone is never cited "the Regulation".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from lpsc_cli.documents import builders, reports
from lpsc_cli.documents.builders import Request
from lpsc_cli.documents.formats import FORMATS, html_page, markdown_to_html_body, printable, revealed_marker
from lpsc_cli.documents.pdf import html_to_pdf
from lpsc_cli.documents.pictures import charts_for
from lpsc_cli.documents.templating import record_values, templates_for
from lpsc_cli.documents.views import Names, council_view, public_repository
from lpsc_cli.documents.word import WordRequest, html_to_docx, reference_document
from lpsc_cli.errors import UsageError
from lpsc_cli.i18n import gettext as _
from lpsc_cli.model import LANGUAGES
from lpsc_cli.repository import Repository
from lpsc_cli.rules import NORMATIVE_ACT, REGULATION, council_bases

Builder = Callable[[Repository, str, Request], dict[str, Any]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """One kind of document: what it is made from and how it is titled in each language."""

    name: str
    kind: str  # the record kind it takes, or "period"
    public: bool
    title: Mapping[str, str]
    build: Builder
    example: str = ""  # an example of the record or period it takes, for help texts

    @property
    def template(self) -> str:
        return f"{self.name}.md.j2"


def _documents(*documents: Document) -> dict[str, Document]:
    return {document.name: document for document in documents}


DOCUMENTS: dict[str, Document] = _documents(
    Document(name="invitation", kind="meeting", public=False, build=builders.meeting_document,
             title={"sq": "Ftesë për mbledhje", "en": "Meeting invitation"}),
    Document(name="minutes", kind="meeting", public=False, build=builders.meeting_document,
             title={"sq": "Procesverbal i mbledhjes", "en": "Minutes of the meeting"}),
    Document(name="attendance", kind="meeting", public=False, build=builders.meeting_document,
             title={"sq": "Listë prezence", "en": "Attendance list"}),
    Document(name="press-release", kind="meeting", public=True, build=builders.meeting_document,
             title={"sq": "Njoftim për shtyp", "en": "Press release"}),
    Document(name="action-plan", kind="plan", public=True, build=builders.plan_document,
             title={"sq": "Plani vendor i veprimit shumë-aktorësh", "en": "Multi-agency local action plan"}),
    Document(name="monitoring", kind="period", public=False, build=reports.monitoring_report, example="2025-H1",
             title={"sq": "Raport monitorimi i zbatimit të planit", "en": "Plan monitoring report"}),
    Document(name="annual", kind="period", public=False, build=reports.annual_report, example="2025",
             title={"sq": "Raport vjetor i veprimtarisë", "en": "Annual activity report"}),
    Document(name="prefect", kind="period", public=False, build=reports.prefect_report, example="2025-03",
             title={"sq": "Raport mbi rastet për prefektin", "en": "Case report to the Prefect"}),
    Document(name="referral", kind="case", public=False, build=builders.case_document,
             title={"sq": "Formular referimi", "en": "Referral form"}),
    Document(name="risk-assessment", kind="case", public=False, build=builders.case_document,
             title={"sq": "Vlerësim i riskut", "en": "Risk assessment"}),
    Document(name="isp", kind="case", public=False, build=builders.case_document,
             title={"sq": "Plan Individual Mbështetjeje", "en": "Individual Support Plan"}),
    Document(name="consent", kind="case", public=False, build=builders.case_document,
             title={"sq": "Pëlqim i informuar", "en": "Informed consent"}),
    Document(name="closure", kind="case", public=False, build=builders.case_document,
             title={"sq": "Raport i mbylljes së rastit", "en": "Case closure report"}),
    Document(name="exit-notification", kind="case", public=False, build=builders.case_document,
             title={"sq": "Njoftim për daljen", "en": "Exit notification"}),
    Document(name="transfer", kind="case", public=False, build=builders.case_document,
             title={"sq": "Shkresë për transferimin e rastit", "en": "Case transfer note"}),
    Document(name="confidentiality", kind="member", public=False, build=builders.member_document,
             title={"sq": "Deklaratë konfidencialiteti", "en": "Confidentiality declaration"}),
    Document(name="delegation", kind="member", public=False, build=builders.delegation_document,
             title={"sq": "Shkresë delegimi", "en": "Delegation note"}),
)  # fmt: skip

#: The documents `lpsc report` makes, by the name it takes on the command line.
REPORTS: tuple[str, ...] = ("annual", "monitoring", "prefect")


def citation_basis(config: Mapping[str, Any]) -> str:
    """The legal basis documents cite: `normative-act`, `council-regulation`, or
    `normative-act+council-regulation` (both named, or none: every rule applies then)."""
    bases = council_bases(config) or frozenset({NORMATIVE_ACT, REGULATION})
    return "+".join(basis for basis in (NORMATIVE_ACT, REGULATION) if basis in bases)


def render(
    repo: Repository,
    document: str,
    target: str,
    *,
    lang: str | None = None,
    fmt: str = "md",
    as_of: date,
    sealed: Mapping[str, Any] | None = None,
) -> str | bytes:
    """Render `document` for `target` (a record id, or a period for the reports).

    `lang` defaults to the council's language; `fmt` is md, html, docx or pdf (bytes). `sealed` is
    the decrypted sealed content of a case, shown by case documents only when given; public
    documents never see it.
    """
    spec = document_named(document)
    lang = lang or repo.language
    if lang not in LANGUAGES:
        raise UsageError(
            _("unknown language '{lang}' (choose one of {choices})").format(lang=lang, choices=", ".join(LANGUAGES))
        )
    if fmt not in FORMATS:
        raise UsageError(
            _("unknown format '{fmt}' (choose one of {choices})").format(fmt=fmt, choices=", ".join(FORMATS))
        )
    source = public_repository(repo) if spec.public else repo
    request = Request(lang=lang, as_of=as_of, sealed=None if spec.public else sealed)
    names = Names(source, lang)
    secretaries = names.members_with("technical-secretariat")
    basis = citation_basis(repo.config)
    context: dict[str, Any] = {
        "council": council_view(source, lang),
        "basis": basis.split("+"),
        "document": {"name": spec.name, "title": spec.title[lang], "public": spec.public},
        "lang": lang,
        "as_of": as_of.isoformat(),
        "chair": names.chair(),
        "secretary": secretaries[0] if secretaries else None,
        "sealed": None,
    }
    context.update(spec.build(source, target, request))
    if fmt == "md" or spec.public:
        # record text stays text: entities for Markdown (Jinja escapes HTML), no links in public
        context = record_values(context, entities=fmt == "md", links=spec.public)
    templates = templates_for(repo_root=repo.root, lang=lang, escape=fmt != "md")
    context["t"] = templates.words_for(basis)
    placed = charts_for(spec.name, context, templates.catalogue.get("charts") or {}, drawn=fmt != "md")
    context["chart"] = placed.place
    text = printable(templates.render(spec.template, context))
    revealed = request.sealed is not None
    if fmt == "md":
        return revealed_marker("md") + text if revealed else text
    body = markdown_to_html_body(text)
    title = f"{spec.title[lang]} — {context['council']['name']}"
    author = str(context["council"]["name"])
    if fmt == "docx":
        reference = reference_document(repo.root)
        word = WordRequest(lang=lang, title=title, author=author, day=as_of, reference=reference, revealed=revealed)
        body = placed.word(body)
        return html_to_docx(body, replace(word, pictures=placed.pictures(body)))
    stylesheet = templates.read("print.css")
    page = html_page(
        placed.html(body), lang=lang, title=title, stylesheet=stylesheet, author=author, day=as_of, revealed=revealed
    )
    if fmt == "html":
        return page
    return html_to_pdf(page, revealed=revealed)


def document_named(name: str) -> Document:
    try:
        return DOCUMENTS[name]
    except KeyError:
        raise UsageError(_("unknown document '{name}' (see `lpsc render --list`)").format(name=name)) from None


__all__ = ["DOCUMENTS", "FORMATS", "REPORTS", "Document", "citation_basis", "render"]
