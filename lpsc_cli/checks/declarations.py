"""Confidentiality declared at every meeting where cases are discussed (A Annex 3 VII; A §3.6.5).

The Normative Act asks everyone who hears case information to declare confidentiality, in
every meeting where cases are discussed, guests included (A §3.6.5: "the signing of
confidentiality declarations in every meeting"; A Annex 3 VII: confidentiality declarations).
A meeting's `declarations` list one entry per person, `{member: id, date}` or
`{guest: name, date}`; `lpsc meeting declare` writes them.

`meeting-declaration` (error): a meeting with `cases_discussed` where someone present — a
member present or virtual (the delegate, when one came in the member's place), or a guest —
has no declaration.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from lpsc_cli.errors import Issue, JsonPath, error
from lpsc_cli.model import Record

if TYPE_CHECKING:
    from lpsc_cli.checks import CheckOptions
    from lpsc_cli.repository import Repository

CODE = "meeting-declaration"
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


def meeting_issues(record: Record) -> Iterator[Issue]:
    date = record.get("date", default="D")
    for kind, who, path in missing_declarations(record.data):
        option = f"--member {who}" if kind == "member" else f"--guest '{who}'"
        person = who if kind == "member" else f"the guest {who}"
        yield error(
            CODE,
            f"{person} took part in a meeting that discussed cases and has no confidentiality declaration "
            f"for it (A Annex 3 VII): `lpsc meeting declare {record.id} {option} --date {date}` "
            "(or --all-present)",
            file=record.path,
            path=path,
            record=record.id,
        )


def check(repo: Repository, options: CheckOptions) -> Iterator[Issue]:
    """Every `meeting-declaration` finding (see the module docstring)."""
    for record in repo.of("meeting"):
        yield from meeting_issues(record)
