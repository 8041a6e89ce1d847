"""Meetings from invitation to press release: new, invite, attend, decide, minutes, publish.

A meeting's id is `<type prefix>-YYYY-MM-DD` (`lpsc-2025-03-12`, `consult-...`, `secr-...`,
`adhoc-...`, `task-...`), with `-2`, `-3` added when a council meets twice that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lpsc_cli.checks.declarations import guest_key, present_people
from lpsc_cli.editing.core import (
    Change,
    WriteOptions,
    WriteResult,
    change_record,
    create_record,
    free_id,
    order,
    present,
)
from lpsc_cli.errors import RecordError
from lpsc_cli.i18n import gettext as _
from lpsc_cli.model import Record, text
from lpsc_cli.repository import Repository
from lpsc_cli.roundtrip import append_item, delete_key, merge_map, set_key

Text = str | dict[str, str]

ID_PREFIX = {
    "lpsc": "lpsc",
    "open-consultation": "consult",
    "coordination-secretariat": "secr",
    "ad-hoc": "adhoc",
    "task-force": "task",
}


@dataclass(frozen=True, kw_only=True)
class MeetingFields:
    """A meeting to hold; `chair` defaults to the member with the chair role for LPSC meetings."""

    type: str
    date: str
    id: str | None = None
    start: str | None = None
    end: str | None = None
    location: Text | None = None
    mode: str | None = None
    chair: str | None = None
    agenda: tuple[Text, ...] = ()


def new_meeting(repo: Repository, fields: MeetingFields, *, options: WriteOptions) -> WriteResult:
    chair = fields.chair or (default_chair(repo) if fields.type == "lpsc" else None)
    data = present(
        type=fields.type,
        date=fields.date,
        start=fields.start,
        end=fields.end,
        location=fields.location,
        mode=fields.mode,
        chair=chair,
        agenda=[{"title": title} for title in fields.agenda] or None,
    )
    given = fields.id

    def allocate() -> str:
        return given or free_id(repo, "meeting", f"{ID_PREFIX[fields.type]}-{fields.date}")

    return create_record(repo, "meeting", data, options=options, allocate=allocate)


def default_chair(repo: Repository) -> str | None:
    """The one member with the chair role, if there is exactly one."""
    chairs = [m.id for m in repo.of("member") if "chair" in m.get("roles", default=[])]
    return chairs[0] if len(chairs) == 1 else None


@dataclass(frozen=True, kw_only=True)
class Invitation:
    """The invitation: when it was sent, to whom (`all` or member ids), and guests by name."""

    sent: str
    to: tuple[str, ...] = ()
    guests: tuple[tuple[str, Text | None], ...] = ()


def invite(repo: Repository, meeting: str, invitation: Invitation, *, options: WriteOptions) -> WriteResult:
    to: str | list[str] = list(invitation.to) if invitation.to and invitation.to != ("all",) else "all"
    guests = [present(name=name, institution=institution) for name, institution in invitation.guests]

    def change(doc: Any) -> None:
        section = merge_map(
            doc, "invitation", {"sent": invitation.sent, "to": to}, order("meeting"), order("meeting", "invitation")
        )
        for guest in guests:
            if guest not in section.get("guests", []):
                append_item(section, "guests", guest, order("meeting", "invitation"))

    return change_record(repo, "meeting", meeting, change, options=options, verb="invite")


@dataclass(frozen=True, kw_only=True)
class Attendance:
    """How one member attended; an excused or absent member's written explanation has a date."""

    member: str
    status: str
    explanation_received: str | None = None
    delegate: str | None = None


def attend(repo: Repository, meeting: str, attendance: Attendance, *, options: WriteOptions) -> WriteResult:
    """Record (or correct) one member's attendance: one entry per member, in place if present."""
    change = _attendance_change(attendance)
    return change_record(repo, "meeting", meeting, change, options=options, verb="attend", detail=attendance.member)


def _attendance_change(attendance: Attendance) -> Change:
    """The change that sets one member's entry: added, or corrected in place."""
    fields = present(
        member=attendance.member,
        status=attendance.status,
        explanation_received=attendance.explanation_received,
        delegate=attendance.delegate,
    )

    def change(doc: Any) -> None:
        entries = doc.get("attendance")
        entry = next((e for e in entries or [] if e.get("member") == attendance.member), None)
        if entry is None:
            append_item(doc, "attendance", fields, order("meeting"))
            return
        for key in ("explanation_received", "delegate"):
            if key not in fields and entry.get("status") != attendance.status:
                delete_key(entry, key)  # a detail of the old status no longer applies
        for key, value in fields.items():
            set_key(entry, key, value, order("meeting", "attendance"))

    return change


def attend_many(
    repo: Repository,
    meeting: str,
    attendances: tuple[Attendance, ...],
    *,
    guests: tuple[tuple[str, Text | None], ...] = (),
    options: WriteOptions,
) -> WriteResult:
    """Record the attendance of several members, and the guests present, in one change and one commit.

    Guests are people who attended and are not members, with their institution (R art. 10.2 f).
    """
    changes = [_attendance_change(a) for a in attendances]
    entries = [present(name=name, institution=institution) for name, institution in guests]

    def change(doc: Any) -> None:
        for apply in changes:
            apply(doc)
        for guest in entries:
            if guest not in doc.get("guests", []):
                append_item(doc, "guests", guest, order("meeting"))

    detail = f"{len(attendances)} member{'s' * (len(attendances) != 1)}" + (
        f", {len(guests)} guest(s)" if guests else ""
    )
    return change_record(repo, "meeting", meeting, change, options=options, verb="attend", detail=detail)


def discussed(repo: Repository, meeting: str, cases: tuple[str, ...], *, options: WriteOptions) -> WriteResult:
    """Record which cases the meeting discussed: case ids only, never an identity (A §3.6.5)."""

    def change(doc: Any) -> None:
        for case in cases:
            if case not in doc.get("cases_discussed", []):
                append_item(doc, "cases_discussed", case, order("meeting"))

    return change_record(repo, "meeting", meeting, change, options=options, verb="cases", detail=" ".join(cases))


@dataclass(frozen=True, kw_only=True)
class Declarations:
    """Confidentiality declarations signed at a meeting on `date`: members, guests, or all present."""

    date: str
    members: tuple[str, ...] = ()
    guests: tuple[str, ...] = ()
    all_present: bool = False


def declare(repo: Repository, meeting: str, declarations: Declarations, *, options: WriteOptions) -> WriteResult:
    """Record confidentiality declarations at a meeting (A Annex 3 VII, A §3.6.5).

    `all_present` declares everyone the record shows present: members present or virtual (the
    delegate, when one came in a member's place) and the guests. One entry per person: a person
    who declared already keeps their entry, with the date given now.
    """
    unknown = [m for m in declarations.members if repo.get("member", m) is None]
    if unknown:
        raise RecordError(_("no such member: {members}").format(members=", ".join(unknown)))

    def change(doc: Any) -> None:
        guests = [str(g.get("name")) for g in doc.get("guests") or () if g.get("name")]
        strangers = [g for g in declarations.guests if guest_key(g) not in {guest_key(n) for n in guests}]
        if strangers:
            raise RecordError(
                _(
                    "not a guest of {meeting}: {guests}; record them first with "
                    "`lpsc meeting attend {meeting} --guest 'Name@Institution'`"
                ).format(meeting=meeting, guests=", ".join(strangers))
            )
        people = [("member", m) for m in declarations.members] + [("guest", g) for g in declarations.guests]
        if declarations.all_present:
            people.extend((kind, who) for kind, who, _how in present_people(doc))
            if not people:
                raise RecordError(
                    _("nobody is recorded present at {meeting}: record the attendance first").format(meeting=meeting)
                )
        for kind, who in dict.fromkeys(people):
            entry = next((e for e in doc.get("declarations") or () if kind in e and _same(kind, e[kind], who)), None)
            if entry is None:
                append_item(doc, "declarations", {kind: who, "date": declarations.date}, order("meeting"))
            else:
                set_key(entry, "date", declarations.date, order("meeting", "declarations"))

    detail = "all present" if declarations.all_present else " ".join([*declarations.members, *declarations.guests])
    return change_record(repo, "meeting", meeting, change, options=options, verb="declare", detail=detail)


def _same(kind: str, recorded: Any, who: str) -> bool:
    return recorded == who if kind == "member" else guest_key(str(recorded)) == guest_key(who)


def recording(repo: Repository, meeting: str, archived: str, *, options: WriteOptions) -> WriteResult:
    """Record the day the full audio recording was archived (R art. 10.2 c)."""

    def change(doc: Any) -> None:
        merge_map(doc, "recording", {"archived": archived}, order("meeting"), order("meeting", "recording"))

    return change_record(repo, "meeting", meeting, change, options=options, verb="recording")


@dataclass(frozen=True, kw_only=True)
class Citizens:
    """Citizens at an open consultation: how many, which groups, the concerns raised (R art. 8.1)."""

    count: int
    groups: tuple[Text, ...] = ()
    concerns: tuple[Text, ...] = ()


def citizens(repo: Repository, meeting: str, details: Citizens, *, options: WriteOptions) -> WriteResult:
    record = repo.get("meeting", meeting)
    if record is not None and record.get("type") != "open-consultation":
        raise RecordError(
            _("{meeting} is not an open consultation; citizens take part in open consultations").format(meeting=meeting)
        )
    fields = present(count=details.count, groups=list(details.groups), concerns=list(details.concerns))

    def change(doc: Any) -> None:
        merge_map(doc, "citizens", fields, order("meeting"), order("meeting", "citizens"))

    return change_record(repo, "meeting", meeting, change, options=options, verb="citizens")


@dataclass(frozen=True, kw_only=True)
class Decision:
    """A decision, adopted by consensus or majority, signed by the chair on a date (R art. 7.7-7.8)."""

    text: Text
    adopted: str | None = None
    signed: str | None = None
    distributed: str | None = None


def decide(repo: Repository, meeting: str, decision: Decision, *, options: WriteOptions) -> WriteResult:
    fields = present(
        text=decision.text, adopted=decision.adopted, signed=decision.signed, distributed=decision.distributed
    )

    def change(doc: Any) -> None:
        append_item(doc, "decisions", fields, order("meeting"))

    return change_record(repo, "meeting", meeting, change, options=options, verb="decide")


@dataclass(frozen=True, kw_only=True)
class Minutes:
    """The minutes' status, who recorded them, and their submission to the CVE centre and NCCS."""

    status: str
    recorded_by: str | None = None
    sent_to_members: str | None = None
    submitted_cve: str | None = None
    submitted_nccs: str | None = None


def minutes(repo: Repository, meeting: str, details: Minutes, *, options: WriteOptions) -> WriteResult:
    fields = present(status=details.status, recorded_by=details.recorded_by, sent_to_members=details.sent_to_members)
    submitted = present(cve=details.submitted_cve, nccs=details.submitted_nccs)

    def change(doc: Any) -> None:
        section = merge_map(doc, "minutes", fields, order("meeting"), order("meeting", "minutes"))
        if submitted:
            merge_map(
                section, "submitted", submitted, order("meeting", "minutes"), order("meeting", "minutes", "submitted")
            )

    return change_record(repo, "meeting", meeting, change, options=options, verb="minutes")


@dataclass(frozen=True, kw_only=True)
class PressRelease:
    """The press release (R art. 11): when it was published, where, and the public summary."""

    published: str
    url: str | None = None
    summary: Text | None = None


def publish(repo: Repository, meeting: str, release: PressRelease, *, options: WriteOptions) -> WriteResult:
    fields = present(published=release.published, url=release.url)

    def change(doc: Any) -> None:
        merge_map(doc, "press_release", fields, order("meeting"), order("meeting", "press_release"))
        if release.summary is not None:
            set_key(doc, "summary", release.summary, order("meeting"))

    return change_record(repo, "meeting", meeting, change, options=options, verb="publish")


def meeting_stage(meeting: Record) -> str:
    """How far a meeting has come: planned, invited, held, minuted, published."""
    if meeting.get("press_release", "published"):
        return "published"
    if meeting.get("minutes", "status"):
        return f"minutes-{meeting.get('minutes', 'status')}"
    if meeting.get("attendance") or meeting.get("decisions"):
        return "held"
    if meeting.get("invitation", "sent"):
        return "invited"
    return "planned"


def meeting_rows(
    repo: Repository, *, type: str | None = None, year: int | None = None, stage: str | None = None
) -> list[dict[str, Any]]:
    """One row per meeting, in date order: id, type, date, time, chair, attendance, stage."""
    rows = []
    for meeting in sorted(repo.of("meeting"), key=lambda m: (str(m.get("date", default="")), m.id)):
        if type and meeting.get("type") != type:
            continue
        if year and not str(meeting.get("date", default="")).startswith(str(year)):
            continue
        current = meeting_stage(meeting)
        if stage and current != stage and not current.startswith(f"{stage}-"):
            continue
        attendance = meeting.get("attendance", default=[])
        rows.append(
            {
                "id": meeting.id,
                "type": meeting.get("type", default=""),
                "date": meeting.get("date", default=""),
                "start": meeting.get("start", default=""),
                "location": text(meeting.get("location"), repo.language),
                "present": sum(1 for a in attendance if a.get("status") in ("present", "virtual")),
                "invited": len(attendance),
                "decisions": len(meeting.get("decisions", default=[])),
                "stage": current,
            }
        )
    return rows
