"""`lpsc meeting new|invite|attend|decide|minutes|publish|list|show`: a meeting from invitation to press release."""

from typing import Annotated

import typer

from lpsc_cli.cli.common import AsOfOption, RepoOption, handle_errors, load, parse_day
from lpsc_cli.cli.writing import (
    CommitOption,
    DryRunOption,
    ListFormat,
    ListFormatOption,
    OutputOption,
    ShowFormat,
    ShowFormatOption,
    YearOption,
    day,
    existing,
    id_argument,
    maybe_pick,
    moment,
    overdue_records,
    pick,
    print_rows,
    required,
    required_day,
    run_write,
    show_record,
    text_option,
    write_options,
)
from lpsc_cli.editing.values import ADOPTION, ATTENDANCE, MEETING_MODES, MEETING_TYPES, MINUTES_STATUS

MeetingArgument = Annotated[
    str, typer.Argument(help="The meeting's id, e.g. lpsc-2025-03-12.", show_default=False, callback=id_argument)
]
TEXT_HELP = "Plain text, or one 'sq:...' and one 'en:...' (repeat the option)."


def meeting_new(
    meeting_type: Annotated[str | None, typer.Option("--type", help=f"One of: {', '.join(MEETING_TYPES)}.")] = None,
    meeting_date: Annotated[str | None, typer.Option("--date", help="The day (YYYY-MM-DD or 'today').")] = None,
    time: Annotated[str | None, typer.Option("--time", help="Start time, HH:MM.")] = None,
    end: Annotated[str | None, typer.Option("--end", help="End time, HH:MM.")] = None,
    location: Annotated[list[str] | None, typer.Option("--location", help=f"Where. {TEXT_HELP}")] = None,
    mode: Annotated[str | None, typer.Option("--mode", help=f"One of: {', '.join(MEETING_MODES)}.")] = None,
    chair: Annotated[
        str | None, typer.Option("--chair", help="Chairing member (default for LPSC meetings: the chair).")
    ] = None,
    agenda: Annotated[list[str] | None, typer.Option("--agenda", help="An agenda item's title (repeat).")] = None,
    meeting_id: Annotated[str | None, typer.Option("--id", help="Id (default: <type>-YYYY-MM-DD).")] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Plan a meeting; its id is lpsc-, consult-, secr-, adhoc- or task- and the date."""
    from lpsc_cli.editing import meetings
    from lpsc_cli.editing.values import parse_time, record_id

    with handle_errors():
        kind = pick(meeting_type, MEETING_TYPES, option="--type", prompt="Meeting type")
        fields = meetings.MeetingFields(
            type=kind,
            date=required_day(meeting_date, option="--date", prompt="Date"),
            id=record_id(meeting_id, option="--id") if meeting_id else None,
            start=parse_time(time, option="--time") if time else None,
            end=parse_time(end, option="--end") if end else None,
            location=text_option(location, option="--location"),
            mode=maybe_pick(mode, MEETING_MODES, option="--mode"),
            chair=record_id(chair, option="--chair") if chair else None,
            agenda=tuple(title for title in (text_option([a], option="--agenda") for a in agenda or ()) if title),
        )
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: meetings.new_meeting(r, fields, options=options))


def meeting_invite(
    meeting: MeetingArgument,
    sent: Annotated[
        str | None, typer.Option("--sent", help="When the invitation went out (YYYY-MM-DDTHH:MM, 'now').")
    ] = None,
    to: Annotated[list[str] | None, typer.Option("--to", help="'all' (default) or member ids (repeat).")] = None,
    guest: Annotated[
        list[str] | None, typer.Option("--guest", help="A guest as 'Name' or 'Name@Institution' (repeat).")
    ] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record that the invitation, agenda and materials were sent (R art. 7.4)."""
    from lpsc_cli.editing import meetings
    from lpsc_cli.editing.values import ids

    with handle_errors():
        recipients = ("all",) if not to or [t.strip() for t in to] == ["all"] else tuple(ids(to, option="--to"))
        guests = tuple(_guest(g) for g in guest or ())
        invitation = meetings.Invitation(
            sent=moment(required(sent, option="--sent", prompt="Sent at (YYYY-MM-DDTHH:MM)"), option="--sent") or "",
            to=recipients,
            guests=guests,
        )
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: meetings.invite(r, meeting, invitation, options=options))


def _guest(value: str) -> tuple[str, str | None]:
    name, _, institution = value.partition("@")
    return name.strip(), institution.strip() or None


def meeting_attend(
    meeting: MeetingArgument,
    member: Annotated[str, typer.Argument(help="The member's id.", show_default=False, callback=id_argument)],
    status: Annotated[str | None, typer.Option("--status", help=f"One of: {', '.join(ATTENDANCE)}.")] = None,
    explanation: Annotated[
        str | None,
        typer.Option("--explanation-received", help="Date a written explanation of the absence arrived."),
    ] = None,
    delegate: Annotated[
        str | None, typer.Option("--delegate", help="The member who came in this member's place.")
    ] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record how one member attended (one entry per member; run again to correct it)."""
    from lpsc_cli.editing import meetings
    from lpsc_cli.editing.values import record_id

    with handle_errors():
        attendance = meetings.Attendance(
            member=record_id(member, option="MEMBER"),
            status=pick(status, ATTENDANCE, option="--status", prompt="Attendance"),
            explanation_received=day(explanation, option="--explanation-received"),
            delegate=record_id(delegate, option="--delegate") if delegate else None,
        )
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: meetings.attend(r, meeting, attendance, options=options))


def meeting_decide(
    meeting: MeetingArgument,
    decision_text: Annotated[list[str] | None, typer.Option("--text", help=f"The decision. {TEXT_HELP}")] = None,
    adopted: Annotated[str | None, typer.Option("--adopted", help=f"One of: {', '.join(ADOPTION)}.")] = None,
    signed: Annotated[str | None, typer.Option("--signed", help="Date the chair signed it (R art. 7.8).")] = None,
    distributed: Annotated[str | None, typer.Option("--distributed", help="Date a copy went to each member.")] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Add a decision of the meeting."""
    from lpsc_cli.editing import meetings

    with handle_errors():
        given = decision_text or [required(None, option="--text", prompt="Decision")]
        decision = meetings.Decision(
            text=text_option(given, option="--text") or "",
            adopted=maybe_pick(adopted, ADOPTION, option="--adopted"),
            signed=day(signed, option="--signed"),
            distributed=day(distributed, option="--distributed"),
        )
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: meetings.decide(r, meeting, decision, options=options))


def meeting_minutes(
    meeting: MeetingArgument,
    status: Annotated[str | None, typer.Option("--status", help=f"One of: {', '.join(MINUTES_STATUS)}.")] = None,
    recorded_by: Annotated[str | None, typer.Option("--recorded-by", help="Member who took the minutes.")] = None,
    sent_to_members: Annotated[
        str | None, typer.Option("--sent-to-members", help="Date the minutes went to the members.")
    ] = None,
    submitted_cve: Annotated[
        str | None, typer.Option("--submitted-cve", help="Date submitted to the national CVE centre.")
    ] = None,
    submitted_nccs: Annotated[str | None, typer.Option("--submitted-nccs", help="Date submitted to the NCCS.")] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record the minutes: status, recorder, and submission to the CVE centre and NCCS."""
    from lpsc_cli.editing import meetings
    from lpsc_cli.editing.values import record_id

    with handle_errors():
        details = meetings.Minutes(
            status=pick(status, MINUTES_STATUS, option="--status", prompt="Minutes status"),
            recorded_by=record_id(recorded_by, option="--recorded-by") if recorded_by else None,
            sent_to_members=day(sent_to_members, option="--sent-to-members"),
            submitted_cve=day(submitted_cve, option="--submitted-cve"),
            submitted_nccs=day(submitted_nccs, option="--submitted-nccs"),
        )
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: meetings.minutes(r, meeting, details, options=options))


def meeting_publish(
    meeting: MeetingArgument,
    press_release: Annotated[
        str | None,
        typer.Option("--press-release", help="When the press release was published (YYYY-MM-DDTHH:MM, 'now')."),
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="Where it was published.")] = None,
    summary: Annotated[
        list[str] | None, typer.Option("--summary", help=f"Public summary of the discussion. {TEXT_HELP}")
    ] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record the press release (within 24 hours of an LPSC meeting, R art. 11.3)."""
    from lpsc_cli.editing import meetings

    with handle_errors():
        release = meetings.PressRelease(
            published=moment(
                required(press_release, option="--press-release", prompt="Published at (YYYY-MM-DDTHH:MM)"),
                option="--press-release",
            )
            or "",
            url=url,
            summary=text_option(summary, option="--summary"),
        )
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: meetings.publish(r, meeting, release, options=options))


def meeting_list(
    meeting_type: Annotated[str | None, typer.Option("--type", help="Only meetings of this type.")] = None,
    year: YearOption = None,
    stage: Annotated[
        str | None,
        typer.Option("--stage", help="Only meetings at this stage: planned, invited, held, minutes, published."),
    ] = None,
    overdue: Annotated[
        bool,
        typer.Option("--overdue", help="Only meetings with an overdue obligation on --as-of (notice, minutes...)."),
    ] = False,
    as_of: AsOfOption = None,
    output_format: ListFormatOption = ListFormat.text,
    output: OutputOption = None,
    repo: RepoOption = None,
) -> None:
    """List meetings in date order, with attendance and how far each has come."""
    from lpsc_cli.editing import meetings
    from lpsc_cli.editing.values import choice

    with handle_errors():
        kind = maybe_pick(meeting_type, MEETING_TYPES, option="--type")
        picked = (
            choice(stage, ("planned", "invited", "held", "minutes", "published"), option="--stage") if stage else None
        )
        repository = load(repo)
        rows = meetings.meeting_rows(repository, type=kind, year=year, stage=picked)
        if overdue:
            late = overdue_records(repository, parse_day(as_of))
            rows = [row for row in rows if row["id"] in late]
    print_rows(rows, output_format, empty="no meetings", output=output)


def meeting_show(
    meeting: MeetingArgument, output_format: ShowFormatOption = ShowFormat.yaml, repo: RepoOption = None
) -> None:
    """Show one meeting's record."""
    with handle_errors():
        repository = load(repo)
        record = existing(repository, "meeting", meeting)
    show_record(record, repository, output_format)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    group = groups["meeting"]
    group.command("new")(meeting_new)
    group.command("invite")(meeting_invite)
    group.command("attend")(meeting_attend)
    group.command("decide")(meeting_decide)
    group.command("minutes")(meeting_minutes)
    group.command("publish")(meeting_publish)
    group.command("list")(meeting_list)
    group.command("show")(meeting_show)
