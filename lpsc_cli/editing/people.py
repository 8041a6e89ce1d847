"""Institutions and members: adding them, declarations, delegations, terms, and `lpsc member list` rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from lpsc_cli.editing.core import (
    WriteOptions,
    WriteResult,
    change_record,
    create_record,
    free_id,
    order,
    present,
)
from lpsc_cli.editing.values import slug
from lpsc_cli.errors import UsageError
from lpsc_cli.i18n import N_
from lpsc_cli.i18n import gettext as _
from lpsc_cli.model import is_current, text
from lpsc_cli.repository import Repository
from lpsc_cli.roundtrip import append_item, merge_map, set_key
from lpsc_cli.signatures import parse_signing_key

Text = str | dict[str, str]


@dataclass(frozen=True, kw_only=True)
class InstitutionFields:
    """An institution represented in the council (docs/records.md, `institutions/`)."""

    id: str
    name: Text
    sector: str
    short_name: Text | None = None
    prosecution: bool | None = None
    website: str | None = None


def add_institution(repo: Repository, fields: InstitutionFields, *, options: WriteOptions) -> WriteResult:
    data = present(
        id=fields.id,
        name=fields.name,
        short_name=fields.short_name,
        sector=fields.sector,
        prosecution=fields.prosecution,
        website=fields.website,
    )
    return create_record(repo, "institution", data, options=options, verb="add")


@dataclass(frozen=True, kw_only=True)
class Delegation:
    """A member who may act for another, with the date of the written internal note (A §3.2.1)."""

    member: str
    note_date: str | None = None
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True, kw_only=True)
class MemberFields:
    """A council member (docs/records.md, `members/`); `id` defaults to `member-<name>`."""

    name: str
    institution: str
    id: str | None = None
    position: Text | None = None
    seat: str | None = None
    roles: tuple[str, ...] = ()
    term_from: str | None = None
    term_to: str | None = None
    email: str | None = None
    declaration_signed: str | None = None
    delegates: tuple[Delegation, ...] = ()


def add_member(repo: Repository, fields: MemberFields, *, options: WriteOptions) -> WriteResult:
    term = present(**{"from": fields.term_from, "to": fields.term_to}) if fields.term_from or fields.term_to else None
    delegates = [
        present(member=d.member, note_date=d.note_date, **{"from": d.start, "to": d.end}) for d in fields.delegates
    ]
    data = present(
        name=fields.name,
        institution=fields.institution,
        position=fields.position,
        seat=fields.seat,
        roles=list(fields.roles) or None,
        term=term,
        email=fields.email,
        confidentiality_declaration={"signed": fields.declaration_signed} if fields.declaration_signed else None,
        delegates=delegates or None,
    )
    given = fields.id

    def allocate() -> str:
        return given or free_id(repo, "member", f"member-{slug(fields.name)}")

    return create_record(repo, "member", data, options=options, allocate=allocate, verb="add")


def declare(repo: Repository, member: str, signed: str, *, options: WriteOptions) -> WriteResult:
    """Record the date a member signed the confidentiality declaration (A §3.6.5, Annex 3 VII)."""

    def change(doc: Any) -> None:
        set_key(doc, "confidentiality_declaration", {"signed": signed}, order("member"))

    return change_record(repo, "member", member, change, options=options, verb="declare")


def delegate(repo: Repository, member: str, delegation: Delegation, *, options: WriteOptions) -> WriteResult:
    """Record that another member may act for `member`, with the date of the written note (A §3.2.1)."""
    fields = present(
        member=delegation.member, note_date=delegation.note_date, **{"from": delegation.start, "to": delegation.end}
    )

    def change(doc: Any) -> None:
        for existing in doc.get("delegates") or []:
            if existing.get("member") == delegation.member:
                for key, value in fields.items():
                    set_key(existing, key, value, order("member", "delegates"))
                return
        append_item(doc, "delegates", fields, order("member"))

    return change_record(repo, "member", member, change, options=options, verb="delegate", detail=delegation.member)


def set_term(
    repo: Repository, member: str, start: str | None, end: str | None, *, options: WriteOptions
) -> WriteResult:
    """Set the start or the end of a member's term (a member who leaves keeps the record)."""

    def change(doc: Any) -> None:
        merge_map(doc, "term", present(**{"from": start, "to": end}), order("member"), ("from", "to"))

    return change_record(repo, "member", member, change, options=options, verb="term")


#: What a member's key field is called in messages (translated where shown).
KEY_NAMES = {"signing_key": N_("signing key"), "public_key": N_("public key")}


def own_member_value(repo: Repository, member: str, field: str, value: str, *, what: str) -> None:
    """Refuse (`UsageError`) a `value` for `member`'s `field` when there is no such member, or
    when another member already holds it: every member has a key of their own. `what` names the
    value in the message (in the active language when it is one of `KEY_NAMES`)."""
    if repo.get("member", member) is None and not repo.exists("member", member):
        raise UsageError(_("no member with id '{member}'").format(member=member))
    other = next((m.id for m in repo.of("member") if m.id != member and m.get(field) == value), None)
    if other is not None:
        raise UsageError(
            _("that {what} is already {other}'s; every member has a key of their own").format(
                what=_(KEY_NAMES.get(field, what)), other=other
            )
        )


def set_signing_key(repo: Repository, member: str, key: str, *, options: WriteOptions) -> WriteResult:
    """Record a member's SSH signing key (checked to be an SSH public key, and nobody else's):
    `lpsc check --signatures` then accepts the commits it signs during the member's term."""
    signing = parse_signing_key(key)
    own_member_value(repo, member, "signing_key", signing, what="signing key")

    def change(doc: Any) -> None:
        set_key(doc, "signing_key", signing, order("member"))

    return change_record(repo, "member", member, change, options=options, verb="set-key", detail="signing")


def member_rows(
    repo: Repository, *, role: str | None = None, institution: str | None = None, on: date | None = None
) -> list[dict[str, Any]]:
    """One row per member: id, name, institution, roles, term and declaration; filtered."""
    rows = []
    for member in repo.of("member"):
        roles = list(member.get("roles", default=[]))
        if role and role not in roles:
            continue
        if institution and member.get("institution") != institution:
            continue
        if on is not None and not is_current(member, on):
            continue
        rows.append(
            {
                "id": member.id,
                "name": member.get("name", default=""),
                "institution": member.get("institution", default=""),
                "position": text(member.get("position"), repo.language),
                "roles": roles,
                "term_from": member.get("term", "from", default=""),
                "term_to": member.get("term", "to", default=""),
                "declaration": member.get("confidentiality_declaration", "signed", default=""),
            }
        )
    return rows


def institution_rows(repo: Repository, *, sector: str | None = None) -> list[dict[str, Any]]:
    """One row per institution: id, name, sector, and how many members it has; filtered by sector."""
    members: dict[str, int] = {}
    for member in repo.of("member"):
        key = str(member.get("institution", default=""))
        members[key] = members.get(key, 0) + 1
    return [
        {
            "id": institution.id,
            "name": text(institution.get("name"), repo.language),
            "sector": institution.get("sector", default=""),
            "members": members.get(institution.id, 0),
        }
        for institution in repo.of("institution")
        if sector is None or institution.get("sector") == sector
    ]
