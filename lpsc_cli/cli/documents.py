"""`lpsc render` and `lpsc report annual|monitoring|prefect`: documents from the records."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from lpsc_cli import i18n
from lpsc_cli.cli.common import (
    AsOfOption,
    RepoOption,
    StrictOption,
    dump_json,
    fail,
    handle_errors,
    left_out,
    load,
    parse_day,
    write_output,
)
from lpsc_cli.cli.keys import IdentityOption
from lpsc_cli.i18n import gettext as _

# The library is imported inside each command, not here: `lpsc --help` and every other command's
# start-up must not load YAML, schemas, git or the checks (docs/architecture.md).

LangOption = Annotated[
    str | None,
    typer.Option("--lang", "-l", help="Language of the document: sq or en (default: `language` of lpsc.yaml).",
                 metavar="sq|en", show_default=False),
]  # fmt: skip
FormatOption = Annotated[
    str | None,
    typer.Option("--format", "-f", metavar="md|html|docx|pdf|json",
                 help="Output format (default: from the -o file's extension, else md). docx is a Word file, "
                      "pdf a PDF/A file for print and archive; json (reports only) the figures the report shows.",
                 show_default=False),
]  # fmt: skip
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file instead of standard output.", dir_okay=False,
                 show_default=False),
]  # fmt: skip
_SUFFIX_FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add `render` to the app and `annual`, `monitoring`, `prefect` to the report group."""

    @app.command("render")
    def render_command(
        document: Annotated[str | None, typer.Argument(help="The document (see --list).", show_default=False)] = None,
        record: Annotated[
            str | None,
            typer.Argument(help="The id of its record (a period such as 2025-H1 for reports).", show_default=False),
        ] = None,
        lang: LangOption = None,
        fmt: FormatOption = None,
        output: OutputOption = None,
        as_of: AsOfOption = None,
        repo: RepoOption = None,
        listing: Annotated[bool, typer.Option("--list", help="List the documents and what each takes.")] = False,
        reveal: Annotated[
            bool,
            typer.Option("--reveal", help="Case documents: decrypt the sealed identity and narrative with your key."),
        ] = False,
        identity: IdentityOption = None,
        strict: StrictOption = False,
    ) -> None:
        """Render a document from a record: invitation, minutes, press release, case forms...

        `lpsc render invitation lpsc-2025-03-12 --lang en --format html -o invitation.html`.
        """
        with handle_errors():
            if listing:
                _print_listing(fmt)
                return
            if document is None or record is None:
                fail(_("give a DOCUMENT and its RECORD (see `lpsc render --list`)"), code=2)
            _render(document, record, lang=lang, fmt=fmt, output=output, as_of=as_of, repo=repo,
                    reveal=reveal, identity=identity, strict=strict)  # fmt: skip

    report = groups["report"]
    for name, kinds, help_text in (
        ("annual", ("year",), "The annual activity report to the CVE centre and the NCCS (default: last year)."),
        ("monitoring", ("half",), "The six-monthly plan monitoring report (default: the last half-year ended)."),
        ("prefect", ("month", "quarter"), "The monthly or quarterly case report to the Prefect (default: last month)."),
    ):
        report.command(name, help=help_text)(_report_command(name, kinds))


def _report_command(name: str, kinds: tuple[str, ...]) -> Callable[..., None]:
    period_help = {
        "annual": "The year (same as --year).",
        "monitoring": "The half-year: 2025-H1 or 2025-H2.",
        "prefect": "The month (2025-03) or quarter (2025-Q1).",
    }[name]

    # The help differs per report, so the option is a default value (annotations are strings
    # here and would be read in the module's namespace).
    def command(
        period: str | None = typer.Option(None, "--period", "-p", help=period_help, show_default=False),
        year: Annotated[
            int | None, typer.Option("--year", "-y", help="The year of the annual report.", show_default=False)
        ] = None,
        lang: LangOption = None,
        fmt: FormatOption = None,
        output: OutputOption = None,
        as_of: AsOfOption = None,
        repo: RepoOption = None,
        strict: StrictOption = False,
    ) -> None:
        with handle_errors():
            from lpsc_cli.documents.reports import last_period

            day = parse_day(as_of)
            if year is not None:
                if name != "annual":
                    fail(
                        _("--year is for the annual report; give --period for the {name} report").format(name=name),
                        code=2,
                    )
                if period is not None and period != str(year):
                    fail(_("--year {year} and --period {period} disagree").format(year=year, period=period), code=2)
                period = str(year)
            chosen = period or last_period(kinds[0], day)
            if fmt == "json" or (fmt is None and output is not None and output.suffix.lower() == ".json"):
                from lpsc_cli.documents.figures import report_figures

                records = load(repo)
                left_out(records, strict=strict)
                figures = report_figures(records, name, chosen, as_of=day, lang=lang)
                write_output(dump_json(figures), output)
                return
            _render(name, chosen, lang=lang, fmt=fmt, output=output, as_of=as_of, repo=repo, day=day, strict=strict)

    return command


def _render(
    document: str,
    target: str,
    *,
    lang: str | None,
    fmt: str | None,
    output: Path | None,
    as_of: str | None,
    repo: Path | None,
    day: date | None = None,
    reveal: bool = False,
    identity: Path | None = None,
    strict: bool = False,
) -> None:
    from lpsc_cli.documents import document_named, render

    fmt = fmt or (_SUFFIX_FORMATS.get(output.suffix.lower(), "md") if output is not None else "md")
    if fmt in ("docx", "pdf") and output is None and sys.stdout.isatty():
        binary = (
            _("a Word document is binary: give -o FILE.{fmt}, or redirect the output")
            if fmt == "docx"
            else _("a PDF document is binary: give -o FILE.{fmt}, or redirect the output")
        )
        fail(binary.format(fmt=fmt), code=2)
    records = load(repo)
    left_out(records, strict=strict)
    sealed = None
    if reveal:
        if document_named(document).kind != "case":
            fail(
                _("--reveal is for case documents; '{document}' holds no sealed data").format(document=document), code=2
            )
        _refuse_inside(output, records.root)
        from lpsc_cli.sealing.access import sealed_content

        case = records.get("case", target)
        sealed = sealed_content(records, case.data, identity) if case is not None else None
    result = render(records, document, target, lang=lang, fmt=fmt, as_of=day or parse_day(as_of), sealed=sealed)
    if document_named(document).public:
        _guard_public(
            records,
            document,
            result,
            identity,
            lambda: render(
                records, document, target, lang=lang, fmt="md", as_of=day or parse_day(as_of), sealed=sealed
            ),
        )
    if reveal and output is not None and str(output) != "-":
        _write_revealed(result, output)
        return
    write_output(result, output)


def _guard_public(
    records: Any, document: str, result: str | bytes, identity: Path | None, as_text: Callable[[], str | bytes]
) -> None:
    """A public document is refused when it holds an identity your key reads (Word and PDF: its text)."""
    from lpsc_cli.cli.exposure import guard_texts

    text = result if isinstance(result, str) else as_text()
    guard_texts(records, {_("the {document} document").format(document=document): text}, identity)


def _refuse_inside(output: Path | None, root: Path) -> None:
    """Decrypted case data never goes into the repository (where a commit would publish it)."""
    if output is None or str(output) == "-":
        return
    target = output.resolve()
    if target.is_relative_to(root.resolve()):
        fail(
            _(
                "--reveal writes sealed case data in clear: {output} is inside the repository {root}; "
                "write it outside (e.g. -o ~/private/referral.md)"
            ).format(output=output, root=root),
            code=2,
        )


def _write_revealed(content: str | bytes, output: Path) -> None:
    """Write a document holding decrypted case data, readable by its owner only where the
    system allows it; the note says truthfully how it is protected."""
    from lpsc_cli.cli.common import privacy_note, write_file

    with handle_errors():
        written = write_file(output, content if isinstance(content, bytes) else content.encode("utf-8"), private=True)
    note = privacy_note(written.owner_only, through=written.through)
    sys.stderr.write(
        _("lpsc: {path} holds sealed case data in clear ({note}): keep it private and delete it when done").format(
            path=written.path, note=note
        )
        + "\n"
    )


def _print_listing(fmt: str | None) -> None:
    from lpsc_cli.documents import DOCUMENTS

    if fmt not in (None, "text", "json"):
        fail(_("--list prints text or json (--format json)"), code=2)
    rows: list[dict[str, Any]] = [
        {"document": d.name, "takes": d.kind, "public": d.public, "example": d.example or None, "title": dict(d.title)}
        for d in DOCUMENTS.values()
    ]
    if fmt == "json":
        typer.echo(dump_json(rows), nl=False)
        return
    # the record kind a document takes is an id; its titles come first in the run's language
    first = i18n.active()
    other = next(language for language in i18n.LANGUAGES if language != first)
    table = [
        (
            row["document"],
            _("period ({example})").format(example=row["example"]) if row["takes"] == "period" else row["takes"],
            _("yes") if row["public"] else _("no"),
            f"{row['title'][first]} / {row['title'][other]}",
        )
        for row in rows
    ]
    header = (_("DOCUMENT"), _("TAKES"), _("PUBLIC"), _("TITLE"))
    widths = [max(len(line[column]) for line in (header, *table)) for column in range(3)]
    for document, takes, public, title in (header, *table):
        typer.echo(f"{document:<{widths[0]}}  {takes:<{widths[1]}}  {public:<{widths[2]}}  {title}")
