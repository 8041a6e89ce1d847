"""Confidentiality declared at every meeting where cases are discussed (A Annex 3 VII; A §3.6.5).

The Normative Act asks everyone who hears case information to declare confidentiality, in
every meeting where cases are discussed, guests included (A §3.6.5: "the signing of
confidentiality declarations in every meeting"; A Annex 3 VII: confidentiality declarations).
A meeting's `declarations` list one entry per person, `{member: id, date}` or
`{guest: name, date}`; `lpsc meeting declare` writes them.

`meeting-declaration` (error): a meeting with `cases_discussed` where someone present — a
member present or virtual (the delegate, when one came in the member's place), or a guest —
has no declaration.

`meeting-declaration-late` (error): a declaration dated after the meeting it is for; the
person heard the case information before declaring.

`lpsc check` judges the meetings on or after `declarations: {from: DATE}` of lpsc.yaml
(`check`, in the registry); `lpsc init` sets it for a new repository. A repository
without the setting is not judged, so that records kept before the rule existed do not turn
red; `start_of` tells the check command to say so.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lpsc_cli.errors import Issue, JsonPath, error
from lpsc_cli.i18n import gettext as _
from lpsc_cli.model import FOLDERS, Record, as_date

if TYPE_CHECKING:
    from lpsc_cli.checks import CheckOptions
    from lpsc_cli.repository import Repository

CODE = "meeting-declaration"
LATE = "meeting-declaration-late"
TAKING_PART = frozenset({"present", "virtual"})


def guest_key(name: str) -> str:
    """A guest's name as declarations are matched: case and spacing aside."""
    return " ".join(name.split()).casefold()


def present_people(meeting: Mapping[str, Any]) -> Iterator[tuple[str, str, JsonPath]]:
    """(`member` or `guest`, member id or guest name, where in the record) for everyone present."""
    for index, entry in enumerate(meeting.get("attendance") or ()):
        if not isinstance(entry, Mapping) or entry.get("status") not in TAKING_PART:
            continue
        delegate = entry.get("delegate")
        if isinstance(delegate, str):
            yield "member", delegate, ("attendance", index, "delegate")
        elif isinstance(entry.get("member"), str):
            yield "member", entry["member"], ("attendance", index, "member")
    for index, guest in enumerate(meeting.get("guests") or ()):
        name = guest.get("name") if isinstance(guest, Mapping) else None
        if isinstance(name, str) and name.strip():
            yield "guest", name, ("guests", index, "name")


def declared(meeting: Mapping[str, Any]) -> tuple[set[str], set[str]]:
    """The members (ids) and guests (matching keys) with a declaration at the meeting."""
    members: set[str] = set()
    guests: set[str] = set()
    for entry in meeting.get("declarations") or ():
        if not isinstance(entry, Mapping):
            continue
        if isinstance(entry.get("member"), str):
            members.add(entry["member"])
        if isinstance(entry.get("guest"), str):
            guests.add(guest_key(entry["guest"]))
    return members, guests


def missing_declarations(meeting: Mapping[str, Any]) -> list[tuple[str, str, JsonPath]]:
    """Everyone present at a meeting that discussed cases who has not declared (empty otherwise)."""
    if not meeting.get("cases_discussed"):
        return []
    members, guests = declared(meeting)
    return [
        (kind, who, path)
        for kind, who, path in present_people(meeting)
        if (who not in members if kind == "member" else guest_key(who) not in guests)
    ]


def late_declarations(meeting: Mapping[str, Any]) -> Iterator[tuple[str, str, JsonPath]]:
    """(person, declaration date, where) for every declaration dated after the meeting."""
    held = as_date(meeting.get("date"))
    if not meeting.get("cases_discussed"):
        return
    for index, entry in enumerate(meeting.get("declarations") or ()):
        if not isinstance(entry, Mapping) or held is None:
            continue
        signed = as_date(entry.get("date"))
        who = entry.get("member") or (_("the guest {name}").format(name=entry["guest"]) if entry.get("guest") else None)
        if signed is not None and signed > held and who:
            yield str(who), signed.isoformat(), ("declarations", index, "date")


def meeting_issues(record: Record) -> Iterator[Issue]:
    day = record.get("date", default="D")
    for who, signed, path in late_declarations(record.data):
        yield error(
            LATE,
            _(
                "{who} declared confidentiality on {signed}, after the meeting of {day} that discussed cases "
                "(A Annex 3 VII: the declaration is signed at the meeting, before case information is heard)"
            ).format(who=who, signed=signed, day=day),
            file=record.path,
            path=path,
            record=record.id,
        )
    for kind, who, path in missing_declarations(record.data):
        option = f"--member {who}" if kind == "member" else f"--guest '{who}'"
        person = who if kind == "member" else _("the guest {name}").format(name=who)
        yield error(
            CODE,
            _(
                "{person} took part in a meeting that discussed cases and has no confidentiality declaration "
                "for it (A Annex 3 VII): `{command}` (or --all-present)"
            ).format(person=person, command=f"lpsc meeting declare {record.id} {option} --date {day}"),
            file=record.path,
            path=path,
            record=record.id,
        )


def start_of(config: Mapping[str, Any]) -> date | None:
    """The first meeting day judged (`declarations: {from: DATE}` of lpsc.yaml); None: not judged."""
    section = config.get("declarations")
    return as_date(section.get("from")) if isinstance(section, Mapping) else None


def unjudged(root: Path, config: Mapping[str, Any]) -> bool:
    """Whether lpsc.yaml sets no start date while a meeting file lists cases discussed: then
    `lpsc check` says that declarations are not checked (read as bytes, nothing parsed)."""
    if start_of(config) is not None:
        return False
    for path in sorted((root / FOLDERS["meeting"]).glob("*/*.yaml")):
        try:
            if b"cases_discussed:" in path.read_bytes():
                return True
        except OSError:
            continue
    return False


def check(repo: Repository, options: CheckOptions) -> Iterator[Issue]:
    """The findings of the meetings on or after the start date of lpsc.yaml; none without one."""
    start = start_of(repo.config)
    if start is None:
        return
    for record in repo.of("meeting"):
        held = as_date(record.get("date"))
        if held is not None and held >= start:
            yield from meeting_issues(record)
