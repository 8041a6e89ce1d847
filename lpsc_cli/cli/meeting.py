"""`lpsc meeting new|invite|attend|cases|declare|decide|minutes|publish|list|show`: a meeting from invitation to press release."""

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from lpsc_cli.cli.common import AsOfOption, RepoOption, handle_errors, load, parse_day
from lpsc_cli.cli.exposure import guarded
from lpsc_cli.cli.helpview import one_of
from lpsc_cli.cli.writing import (
    CommitOption,
    DryRunOption,
    ListFormat,
    ListFormatOption,
    OutputOption,
    YearOption,
    day,
    id_argument,
    maybe_pick,
    moment,
    overdue_records,
    pick,
    print_rows,
    required,
    required_day,
    run_write,
    scanning,
    text_option,
    write_options,
)
from lpsc_cli.errors import UsageError
from lpsc_cli.i18n import N_
from lpsc_cli.i18n import gettext as _
from lpsc_cli.vocabulary import ADOPTION, ATTENDANCE, MEETING_MODES, MEETING_TYPES, MINUTES_STATUS

# The library is imported inside each command, not here: `lpsc --help` and every other command's
# start-up must not load YAML, schemas, git or the checks (docs/architecture.md).

MeetingArgument = Annotated[
    str, typer.Argument(help="The meeting's id, e.g. lpsc-2025-03-12.", show_default=False, callback=id_argument)
]
TEXT_HELP = "Plain text, or one 'sq:...' and one 'en:...' (repeat the option)."
#: How far a meeting has come, for `meeting list --stage`.
STAGES = ("planned", "invited", "held", "minutes", "published")


def meeting_new(
    meeting_type: Annotated[str | None, typer.Option("--type", help=one_of(MEETING_TYPES))] = None,
    meeting_date: Annotated[str | None, typer.Option("--date", help="The day (YYYY-MM-DD or 'today').")] = None,
    time: Annotated[str | None, typer.Option("--time", help="Start time, HH:MM.")] = None,
    end: Annotated[str | None, typer.Option("--end", help="End time, HH:MM.")] = None,
    location: Annotated[list[str] | None, typer.Option("--location", help=f"Where. {TEXT_HELP}")] = None,
    mode: Annotated[str | None, typer.Option("--mode", help=one_of(MEETING_MODES))] = None,
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
        kind = pick(meeting_type, MEETING_TYPES, option="--type", prompt=_("Meeting type"))
        fields = meetings.MeetingFields(
            type=kind,
            date=required_day(meeting_date, option="--date", prompt=_("Date")),
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
            sent=moment(required(sent, option="--sent", prompt=_("Sent at (YYYY-MM-DDTHH:MM)")), option="--sent") or "",
            to=recipients,
            guests=guests,
        )
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: meetings.invite(r, meeting, invitation, options=options))


def _guest(value: str) -> tuple[str, str | None]:
    name, _at, institution = value.partition("@")
    return name.strip(), institution.strip() or None


def meeting_attend(
    meeting: MeetingArgument,
    member: Annotated[
        str | None, typer.Argument(help="One member's id (or use --present etc. for several).", show_default=False)
    ] = None,
    status: Annotated[str | None, typer.Option("--status", help=one_of(ATTENDANCE))] = None,
    explanation: Annotated[
        str | None,
        typer.Option("--explanation-received", help="Date a written explanation of the absence arrived."),
    ] = None,
    delegate: Annotated[
        str | None, typer.Option("--delegate", help="The member who came in this member's place.")
    ] = None,
    present: Annotated[list[str] | None, typer.Option("--present", help="Members present (repeat).")] = None,
    virtual: Annotated[
        list[str] | None, typer.Option("--virtual", help="Members who took part online (repeat).")
    ] = None,
    excused: Annotated[
        list[str] | None,
        typer.Option(
            "--excused",
            help="Members excused (repeat), each as MEMBER or MEMBER:YYYY-MM-DD, the day the written explanation arrived.",
        ),
    ] = None,
    absent: Annotated[
        list[str] | None,
        typer.Option("--absent", help="Members absent (repeat), each as MEMBER or MEMBER:YYYY-MM-DD (explanation)."),
    ] = None,
    guest: Annotated[
        list[str] | None,
        typer.Option("--guest", help="A non-member who attended, as 'Name@Institution' (repeat; R art. 10.2 f)."),
    ] = None,
    from_csv: Annotated[
        Path | None,
        typer.Option(
            "--from-csv",
            help="A CSV with columns member,status[,explanation_received,delegate] (one row per member).",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record how members attended: one member, or the whole list in one commit.

    `lpsc meeting attend M MEMBER --status present` records (or corrects) one entry;
    `--present A --present B --excused C:2025-03-11 --guest 'Name@Institution'` or `--from-csv FILE`
    records everyone at once; an excused or absent member may carry the date their written
    explanation arrived (`MEMBER:YYYY-MM-DD`, as the CSV's `explanation_received` column).
    """
    from lpsc_cli.editing import meetings
    from lpsc_cli.editing.values import record_id

    with handle_errors():
        grouped = {"present": present, "virtual": virtual, "excused": excused, "absent": absent}
        many = [
            meetings.Attendance(member=member_id, status=kind, explanation_received=received)
            for kind, given in grouped.items()
            for member_id, received in _listed_members(given or (), status=kind)
        ]
        if from_csv is not None:
            many.extend(_attendance_rows(from_csv))
        guests = tuple(_guest(g) for g in guest or ())
        options = write_options(dry_run=dry_run, commit=commit)
        if member is None:
            if not many and not guests:
                raise UsageError(_("give a MEMBER with --status, or --present/--virtual/--excused/--absent/--guest"))
            seen = [a.member for a in many]
            twice = sorted({m for m in seen if seen.count(m) > 1})
            if twice:
                raise UsageError(_("given more than once: {members}").format(members=", ".join(twice)))
            everyone = tuple(many)
            run_write(repo, lambda r: meetings.attend_many(r, meeting, everyone, guests=guests, options=options))
            return
        if many or guests:
            raise UsageError(_("give one MEMBER with --status, or the lists (--present ...), not both"))
        attendance = meetings.Attendance(
            member=record_id(member, option="MEMBER"),
            status=pick(status, ATTENDANCE, option="--status", prompt=_("Attendance")),
            explanation_received=day(explanation, option="--explanation-received"),
            delegate=record_id(delegate, option="--delegate") if delegate else None,
        )
    run_write(repo, lambda r: meetings.attend(r, meeting, attendance, options=options))


#: The statuses whose members may send a written explanation (A §3.2.1), dated after a colon.
EXPLAINED = ("excused", "absent")


def _listed_members(values: Sequence[str], *, status: str) -> list[tuple[str, str | None]]:
    """(member, explanation date) of `--STATUS A --STATUS B:2025-03-11` (or `A,B:2025-03-11`), duplicates dropped."""
    from lpsc_cli.editing.values import record_id

    option = f"--{status}"
    found: dict[str, str | None] = {}
    for value in values:
        for part in (p.strip() for p in value.split(",")):
            if not part:
                continue
            member, colon, received = part.partition(":")
            if colon and status not in EXPLAINED:
                raise UsageError(
                    _("{option} {value}: only --excused and --absent take the date of an explanation").format(
                        option=option, value=part
                    )
                )
            member_id = record_id(member, option=option)
            found[member_id] = day(received.strip(), option=f"{option} {member_id}") if colon else found.get(member_id)
    return list(found.items())


def _attendance_rows(path: Path) -> list[Any]:
    """Attendance entries from a CSV file (a header row naming member and status)."""
    import csv

    from lpsc_cli.editing import meetings
    from lpsc_cli.editing.values import choice, record_id

    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UsageError(_("{path}: cannot read the CSV ({error})").format(path=path, error=exc)) from None
    entries = []
    for number, row in enumerate(rows, start=2):
        where = f"{path}:{number}"
        if not row.get("member") or not row.get("status"):
            raise UsageError(_("{where}: a row needs a member and a status").format(where=where))
        entries.append(
            meetings.Attendance(
                member=record_id(row["member"], option=f"{where} member"),
                status=choice(row["status"], ATTENDANCE, option=f"{where} status"),
                explanation_received=day(row.get("explanation_received") or None, option=f"{where} explanation"),
                delegate=record_id(row["delegate"], option=f"{where} delegate") if row.get("delegate") else None,
            )
        )
    return entries


def meeting_cases(
    meeting: MeetingArgument,
    cases: Annotated[list[str], typer.Argument(help="Ids of the cases discussed.", show_default=False)],
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record which cases the meeting discussed: case ids only, never a name (A §3.6.5)."""
    from lpsc_cli.editing import meetings
    from lpsc_cli.editing.values import ids

    with handle_errors():
        discussed = tuple(ids(cases, option="CASE"))
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: meetings.discussed(r, meeting, discussed, options=options))


def meeting_declare(
    meeting: MeetingArgument,
    declared: Annotated[str | None, typer.Option("--date", help="The day the declarations were signed.")] = None,
    all_present: Annotated[
        bool, typer.Option("--all-present", help="Everyone recorded present: members (or their delegates) and guests.")
    ] = False,
    member: Annotated[list[str] | None, typer.Option("--member", help="A member who declared (repeat).")] = None,
    guest: Annotated[
        list[str] | None, typer.Option("--guest", help="A guest who declared, by name as recorded (repeat).")
    ] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record the confidentiality declarations of those present when cases are discussed.

    Everyone who hears case information declares confidentiality at every such meeting,
    guests included (A Annex 3 VII, A §3.6.5): `--all-present`, or `--member`/`--guest`.
    """
    from lpsc_cli.editing import meetings
    from lpsc_cli.editing.values import ids

    with handle_errors():
        if not all_present and not member and not guest:
            raise UsageError(_("give --all-present, or --member and/or --guest"))
        declarations = meetings.Declarations(
            date=required_day(declared, option="--date", prompt=_("Declared on")),
            members=tuple(ids(member or (), option="--member")),
            guests=tuple(name.strip() for name in guest or () if name.strip()),
            all_present=all_present,
        )
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: meetings.declare(r, meeting, declarations, options=options))


def meeting_recording(
    meeting: MeetingArgument,
    archived: Annotated[str | None, typer.Option("--archived", help="Date the audio recording was archived.")] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record that the meeting's full audio recording was archived (R art. 10.2 c)."""
    from lpsc_cli.editing import meetings

    with handle_errors():
        when = required_day(archived, option="--archived", prompt=_("Archived on"))
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: meetings.recording(r, meeting, when, options=options))


def meeting_citizens(
    meeting: MeetingArgument,
    count: Annotated[int | None, typer.Option("--count", help="How many citizens took part.", min=0)] = None,
    group: Annotated[list[str] | None, typer.Option("--group", help="A group represented (repeat).")] = None,
    concern: Annotated[
        list[str] | None, typer.Option("--concern", help="A concern raised, as the minutes put it (repeat).")
    ] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record the citizens at an open consultation and the concerns they raised (R art. 8.1)."""
    from lpsc_cli.editing import meetings

    with handle_errors():
        if count is None:
            answer = required(None, option="--count", prompt=_("How many citizens took part")).strip()
            if not answer.isdigit():
                raise UsageError(_("--count: '{answer}' is not a number of people").format(answer=answer))
            count = int(answer)
        details = meetings.Citizens(
            count=count,
            groups=tuple(filter(None, (text_option([g], option="--group") for g in group or ()))),
            concerns=tuple(filter(None, (text_option([c], option="--concern") for c in concern or ()))),
        )
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: meetings.citizens(r, meeting, details, options=options))


def meeting_decide(
    meeting: MeetingArgument,
    decision_text: Annotated[list[str] | None, typer.Option("--text", help=f"The decision. {TEXT_HELP}")] = None,
    adopted: Annotated[str | None, typer.Option("--adopted", help=one_of(ADOPTION))] = None,
    signed: Annotated[str | None, typer.Option("--signed", help="Date the chair signed it (R art. 7.8).")] = None,
    distributed: Annotated[str | None, typer.Option("--distributed", help="Date a copy went to each member.")] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Add a decision of the meeting."""
    from lpsc_cli.editing import meetings

    with handle_errors():
        given = decision_text or [required(None, option="--text", prompt=_("Decision"))]
        decision = meetings.Decision(
            text=text_option(given, option="--text") or "",
            adopted=maybe_pick(adopted, ADOPTION, option="--adopted"),
            signed=day(signed, option="--signed"),
            distributed=day(distributed, option="--distributed"),
        )
        options = write_options(dry_run=dry_run, commit=commit)
    texts = {"--text": decision.text}
    run_write(
        repo, guarded(texts, lambda r: meetings.decide(r, meeting, decision, options=options)), whole=scanning(texts)
    )


def meeting_minutes(
    meeting: MeetingArgument,
    status: Annotated[str | None, typer.Option("--status", help=one_of(MINUTES_STATUS))] = None,
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
            status=pick(status, MINUTES_STATUS, option="--status", prompt=_("Minutes status")),
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
                required(press_release, option="--press-release", prompt=_("Published at (YYYY-MM-DDTHH:MM)")),
                option="--press-release",
            )
            or "",
            url=url,
            summary=text_option(summary, option="--summary"),
        )
        options = write_options(dry_run=dry_run, commit=commit)
    texts = {"--summary": release.summary}
    run_write(
        repo, guarded(texts, lambda r: meetings.publish(r, meeting, release, options=options)), whole=scanning(texts)
    )


def meeting_list(
    meeting_type: Annotated[str | None, typer.Option("--type", help="Only meetings of this type.")] = None,
    year: YearOption = None,
    stage: Annotated[
        str | None,
        typer.Option("--stage", help=one_of(STAGES, N_("Only meetings at this stage: {values}."))),
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
        picked = choice(stage, STAGES, option="--stage") if stage else None
        repository = load(repo)
        rows = meetings.meeting_rows(repository, type=kind, year=year, stage=picked)
        if overdue:
            late = overdue_records(repository, parse_day(as_of))
            rows = [row for row in rows if row["id"] in late]
    print_rows(rows, output_format, empty=_("no meetings"), output=output)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    group = groups["meeting"]
    group.command("new")(meeting_new)
    group.command("invite")(meeting_invite)
    group.command("attend")(meeting_attend)
    group.command("cases")(meeting_cases)
    group.command("declare")(meeting_declare)
    group.command("recording")(meeting_recording)
    group.command("citizens")(meeting_citizens)
    group.command("decide")(meeting_decide)
    group.command("minutes")(meeting_minutes)
    group.command("publish")(meeting_publish)
    group.command("list")(meeting_list)
