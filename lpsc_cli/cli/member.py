"""`lpsc institution add`, `lpsc member add|declare|delegate|term|list|show`."""

from typing import Annotated

import typer

from lpsc_cli.cli.common import AsOfOption, RepoOption, handle_errors, load, parse_day
from lpsc_cli.cli.helpview import one_of
from lpsc_cli.cli.writing import (
    CommitOption,
    DryRunOption,
    ListFormat,
    ListFormatOption,
    OutputOption,
    day,
    id_argument,
    maybe_pick,
    overdue_records,
    pick,
    print_rows,
    required,
    run_write,
    text_option,
    write_options,
)
from lpsc_cli.i18n import N_
from lpsc_cli.i18n import gettext as _
from lpsc_cli.vocabulary import ROLES, SEATS, SECTORS

# The library is imported inside each command, not here: `lpsc --help` and every other command's
# start-up must not load YAML, schemas, git or the checks (docs/architecture.md).

TextOption = "Plain text, or one 'sq:...' and one 'en:...' (repeat the option)."
MemberArgument = Annotated[str, typer.Argument(help="The member's id.", show_default=False, callback=id_argument)]


def institution_add(
    institution_id: Annotated[str | None, typer.Argument(help="Id, e.g. police-elbasan.", show_default=False)] = None,
    name: Annotated[list[str] | None, typer.Option("--name", help=f"Name. {TextOption}")] = None,
    sector: Annotated[str | None, typer.Option("--sector", help=one_of(SECTORS))] = None,
    short_name: Annotated[list[str] | None, typer.Option("--short-name", help="Short name for tables.")] = None,
    prosecution: Annotated[
        bool | None, typer.Option("--prosecution/--not-prosecution", help="The prosecutor's office.")
    ] = None,
    website: Annotated[str | None, typer.Option("--website", help="https://...")] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Add an institution represented in the council."""
    from lpsc_cli.editing import people
    from lpsc_cli.editing.values import record_id

    with handle_errors():
        fields = people.InstitutionFields(
            id=record_id(required(institution_id, option="ID", prompt=_("Institution id")), option="ID"),
            name=text_option(name or [required(None, option="--name", prompt=_("Name"))], option="--name") or "",
            sector=pick(sector, SECTORS, option="--sector", prompt=_("Sector")),
            short_name=text_option(short_name, option="--short-name"),
            prosecution=prosecution,
            website=website,
        )
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: people.add_institution(r, fields, options=options))


def member_add(
    name: Annotated[str | None, typer.Option("--name", help="Full name (invented in examples).")] = None,
    institution: Annotated[str | None, typer.Option("--institution", help="Institution id.")] = None,
    member_id: Annotated[str | None, typer.Option("--id", help="Id (default: member-<name>).")] = None,
    position: Annotated[list[str] | None, typer.Option("--position", help=f"Position. {TextOption}")] = None,
    seat: Annotated[str | None, typer.Option("--seat", help="Seat of the composition profile.")] = None,
    role: Annotated[
        list[str] | None, typer.Option("--role", help=one_of(ROLES, N_("Role (repeat): {values}.")))
    ] = None,
    term_from: Annotated[str | None, typer.Option("--term-from", help="Start of the term (date).")] = None,
    term_to: Annotated[str | None, typer.Option("--term-to", help="End of the term (date).")] = None,
    email: Annotated[str | None, typer.Option("--email", help="Work email (internal).")] = None,
    declaration: Annotated[
        str | None, typer.Option("--declaration-signed", help="Date the confidentiality declaration was signed.")
    ] = None,
    delegate: Annotated[str | None, typer.Option("--delegate", help="A member who may act for this one.")] = None,
    note_date: Annotated[
        str | None, typer.Option("--note-date", help="Date of the written internal note of the delegation.")
    ] = None,
    delegate_from: Annotated[str | None, typer.Option("--delegate-from", help="Delegation starts (date).")] = None,
    delegate_to: Annotated[str | None, typer.Option("--delegate-to", help="Delegation ends (date).")] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Add a council member: institution, roles, term, confidentiality declaration, delegation."""
    from lpsc_cli.editing import people
    from lpsc_cli.editing.values import choices, record_id

    with handle_errors():
        delegates: tuple[people.Delegation, ...] = ()
        if delegate:
            delegates = (
                people.Delegation(
                    member=record_id(delegate, option="--delegate"),
                    note_date=day(note_date, option="--note-date"),
                    start=day(delegate_from, option="--delegate-from"),
                    end=day(delegate_to, option="--delegate-to"),
                ),
            )
        elif note_date or delegate_from or delegate_to:
            from lpsc_cli.errors import UsageError

            raise UsageError(_("--note-date, --delegate-from and --delegate-to describe a --delegate; give it too"))
        fields = people.MemberFields(
            name=required(name, option="--name", prompt=_("Full name")).strip(),
            institution=record_id(
                required(institution, option="--institution", prompt=_("Institution id")), option="--institution"
            ),
            id=record_id(member_id, option="--id") if member_id else None,
            position=text_option(position, option="--position"),
            seat=maybe_pick(seat, SEATS, option="--seat"),
            roles=tuple(choices(role or (), ROLES, option="--role")),
            term_from=day(term_from, option="--term-from"),
            term_to=day(term_to, option="--term-to"),
            email=email,
            declaration_signed=day(declaration, option="--declaration-signed"),
            delegates=delegates,
        )
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: people.add_member(r, fields, options=options))


def member_declare(
    member_id: MemberArgument,
    signed: Annotated[
        str | None, typer.Option("--signed", help="Date the confidentiality declaration was signed.")
    ] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record a member's signed confidentiality declaration (A Annex 3 VII)."""
    from lpsc_cli.editing import people

    with handle_errors():
        when = day(required(signed, option="--signed", prompt=_("Signed on (YYYY-MM-DD or today)")), option="--signed")
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: people.declare(r, member_id, when or "", options=options))


def member_delegate(
    member_id: Annotated[
        str, typer.Argument(help="The member who delegates.", show_default=False, callback=id_argument)
    ],
    delegate: Annotated[str | None, typer.Option("--delegate", help="The member who may act for them.")] = None,
    note_date: Annotated[str | None, typer.Option("--note-date", help="Date of the written internal note.")] = None,
    start: Annotated[str | None, typer.Option("--from", help="Delegation starts (date).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Delegation ends (date).")] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record that another member may act for this one, with the date of the written note (A §3.2.1)."""
    from lpsc_cli.editing import people
    from lpsc_cli.editing.values import record_id

    with handle_errors():
        delegation = people.Delegation(
            member=record_id(
                required(delegate, option="--delegate", prompt=_("Delegate (member id)")), option="--delegate"
            ),
            note_date=day(note_date, option="--note-date"),
            start=day(start, option="--from"),
            end=day(end, option="--to"),
        )
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: people.delegate(r, member_id, delegation, options=options))


def member_term(
    member_id: MemberArgument,
    start: Annotated[str | None, typer.Option("--from", help="Start of the term (date).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="End of the term (date): the member leaves.")] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Set the start or end of a member's term."""
    from lpsc_cli.editing import people
    from lpsc_cli.errors import UsageError

    with handle_errors():
        if not start and not end:
            raise UsageError(_("give --from, --to or both"))
        first, last = day(start, option="--from"), day(end, option="--to")
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: people.set_term(r, member_id, first, last, options=options))


def member_list(
    role: Annotated[
        str | None, typer.Option("--role", help=one_of(ROLES, N_("Only members with this role: {values}.")))
    ] = None,
    institution: Annotated[str | None, typer.Option("--institution", help="Only members of this institution.")] = None,
    serving: Annotated[
        bool, typer.Option("--serving", help="Only members whose term covers --as-of (default today).")
    ] = False,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only members with an overdue obligation on --as-of (declaration).")
    ] = False,
    as_of: AsOfOption = None,
    output_format: ListFormatOption = ListFormat.text,
    output: OutputOption = None,
    repo: RepoOption = None,
) -> None:
    """List the council's members."""
    from lpsc_cli.editing import people

    with handle_errors():
        picked = maybe_pick(role, ROLES, option="--role")
        on = parse_day(as_of) if serving else None
        repository = load(repo)
        rows = people.member_rows(repository, role=picked, institution=institution, on=on)
        if overdue:
            late = overdue_records(repository, parse_day(as_of))
            rows = [row for row in rows if row["id"] in late]
    print_rows(rows, output_format, empty=_("no members"), output=output)


def institution_list(
    sector: Annotated[
        str | None, typer.Option("--sector", help=one_of(SECTORS, N_("Only this sector: {values}.")))
    ] = None,
    output_format: ListFormatOption = ListFormat.text,
    output: OutputOption = None,
    repo: RepoOption = None,
) -> None:
    """List the institutions represented in the council, with their members."""
    from lpsc_cli.editing import people

    with handle_errors():
        picked = maybe_pick(sector, SECTORS, option="--sector")
        rows = people.institution_rows(load(repo), sector=picked)
    print_rows(rows, output_format, empty=_("no institutions"), output=output)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    groups["institution"].command("add")(institution_add)
    groups["institution"].command("list")(institution_list)
    groups["member"].command("add")(member_add)
    groups["member"].command("declare")(member_declare)
    groups["member"].command("delegate")(member_delegate)
    groups["member"].command("term")(member_term)
    groups["member"].command("list")(member_list)
