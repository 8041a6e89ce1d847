"""Who may read a case's sealed block, and sealing, revealing and resealing a case's content.

Readers of a case are its case manager, the members with the role technical-secretariat, and
any member added with `--reader` (remembered inside the sealed content), each only while a
member of the council and within their term. Sealing encrypts to the public keys of those
readers; a reader without a public key cannot be sealed to and is reported, not listed.
(SPEC §7; A §3.6.5: case data only for those who handle the case.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lpsc_cli.errors import UsageError
from lpsc_cli.i18n import N_, Translator, translator
from lpsc_cli.i18n import gettext as _
from lpsc_cli.model import Record, as_date, is_current
from lpsc_cli.sealing.envelope import (
    ADDED_READERS,
    IDENTITY_FIELDS,
    PART_KEYS,
    PART_OF_KEY,
    NotAReader,
    canonical,
    decrypt,
    parse_plaintext,
    parts_present,
    seal,
)
from lpsc_cli.sealing.keys import default_identity_path, load_identities

if TYPE_CHECKING:
    from lpsc_cli.repository import Repository

SECRETARIAT_ROLE = "technical-secretariat"


@dataclass(frozen=True, kw_only=True)
class Sealing:
    """The outcome of sealing a case: the new `sealed` block and who is (not) in it, and why."""

    block: dict[str, Any]
    readers: tuple[str, ...]
    previous_readers: tuple[str, ...] = ()
    without_key: tuple[str, ...] = ()
    content_parts: tuple[str, ...] = ()

    @property
    def dropped(self) -> tuple[str, ...]:
        return tuple(r for r in self.previous_readers if r not in self.readers)

    @property
    def added(self) -> tuple[str, ...]:
        return tuple(r for r in self.readers if r not in self.previous_readers)


# -- members ------------------------------------------------------------------------------


def serving(member: Record, as_of: date | None) -> bool:
    """Whether a member serves on `as_of` (always, when `as_of` is None: no day to judge by)."""
    return as_of is None or is_current(member, as_of)


def current_member(repo: Repository, member_id: Any, as_of: date | None) -> Record | None:
    """The member record of `member_id` if that member serves on `as_of`."""
    member = repo.get("member", member_id) if isinstance(member_id, str) else None
    return member if member is not None and serving(member, as_of) else None


def public_key(member: Record | None) -> str | None:
    value = member.get("public_key") if member is not None else None
    return value if isinstance(value, str) and value.startswith("age1") else None


def member_for_keys(repo: Repository, keys: Sequence[str]) -> Record | None:
    """The member whose recorded public key is one of `keys` (your identity's keys)."""
    wanted = set(keys)
    return next((m for m in repo.of("member") if public_key(m) in wanted), None)


def case_manager(case_data: Mapping[str, Any]) -> str | None:
    manager = case_data.get("case_manager")
    member = manager.get("member") if isinstance(manager, Mapping) else None
    return member if isinstance(member, str) else None


def describe(repo: Repository, member_ids: Sequence[str]) -> str:
    """`member-a (Name A), member-b (Name B)` for messages."""
    parts = []
    for member_id in member_ids:
        member = repo.get("member", member_id)
        name = member.get("name") if member is not None else None
        parts.append(f"{member_id} ({name})" if isinstance(name, str) else member_id)
    return ", ".join(parts) or _("nobody")


# -- readers ------------------------------------------------------------------------------


def default_readers(repo: Repository, case_data: Mapping[str, Any], *, as_of: date | None = None) -> list[str]:
    """The case manager and the technical secretariat, as they serve on `as_of`."""
    readers: list[str] = []
    manager = case_manager(case_data)
    if current_member(repo, manager, as_of) is not None:
        readers.append(str(manager))
    readers.extend(m.id for m in repo.of("member") if SECRETARIAT_ROLE in (m.get("roles") or ()) and serving(m, as_of))
    return list(dict.fromkeys(readers))


def readers_for(
    repo: Repository, case_data: Mapping[str, Any], extra: Sequence[str] = (), *, as_of: date | None = None
) -> list[str]:
    """Who may read a case: the default readers, then `extra` members still serving on `as_of`."""
    readers = default_readers(repo, case_data, as_of=as_of)
    readers.extend(r for r in extra if current_member(repo, r, as_of) is not None)
    return list(dict.fromkeys(readers))


def check_reader_ids(repo: Repository, member_ids: Sequence[str], *, as_of: date | None, option: str) -> None:
    """Refuse a `--reader` that is not a member serving on `as_of` (usage error)."""
    for member_id in member_ids:
        if repo.get("member", member_id) is None:
            raise UsageError(_("{option} {member}: no such member").format(option=option, member=member_id))
        if current_member(repo, member_id, as_of) is None:
            raise UsageError(
                _("{option} {member}: the member's term does not cover {day}").format(
                    option=option, member=member_id, day=as_of
                )
            )


# -- sealing ------------------------------------------------------------------------------


def sealed_content(repo: Repository, case_data: Mapping[str, Any], identity: Path | None) -> dict[str, Any]:
    """The decrypted content of a case's `sealed` block ({} when there is none)."""
    block = case_data.get("sealed")
    armour = block.get("age") if isinstance(block, Mapping) else None
    if not armour:
        return {}
    readers = [str(r) for r in block.get("readers") or ()] if isinstance(block, Mapping) else []
    identities = load_identities(identity or default_identity_path())
    try:
        return parse_plaintext(decrypt(armour, identities, readers=readers))
    except NotAReader:
        case_id = case_data.get("id") or _("this case")
        raise NotAReader(
            _("you are not a reader of {case}: it can be read by {readers}").format(
                case=case_id, readers=describe(repo, readers)
            ),
            readers,
        ) from None


def merge_content(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """`new` parts over `old`: identity merged field by field, notes appended, others replaced."""
    merged = dict(old)
    for key, value in new.items():
        if key == "identity" and isinstance(value, Mapping) and isinstance(old.get(key), Mapping):
            merged[key] = {**old[key], **value}
        elif key == "notes" and isinstance(value, list):
            merged[key] = [*(old.get("notes") or ()), *value]
        else:
            merged[key] = value
    return canonical(merged)


def seal_case(
    repo: Repository,
    case_data: Mapping[str, Any],
    parts: Mapping[str, Any],
    *,
    extra_readers: Sequence[str] = (),
    drop_readers: Sequence[str] = (),
    identity: Path | None = None,
    as_of: date | None = None,
) -> Sealing:
    """Seal `parts` into a case: merged with the existing sealed content, encrypted to its readers.

    An existing block is decrypted first with `identity` (default: your identity file), so
    updating a case needs a reader's key. `extra_readers` are added (and remembered);
    `drop_readers` removes added readers. The result's `block` replaces `case_data["sealed"]`.
    """
    unknown = [key for key in parts if key not in PART_OF_KEY]
    if unknown:
        raise UsageError(
            _("unknown sealed part(s): {unknown} (parts: {parts})").format(
                unknown=", ".join(unknown), parts=", ".join(PART_KEYS.values())
            )
        )
    check_reader_ids(repo, extra_readers, as_of=as_of, option="--reader")
    content = merge_content(sealed_content(repo, case_data, identity), parts)
    if not parts_present(content):
        raise UsageError(_("nothing to seal: give identity, narrative or notes"))
    added = [r for r in dict.fromkeys([*(content.get(ADDED_READERS) or ()), *extra_readers]) if r not in drop_readers]
    if added:
        content[ADDED_READERS] = added
    else:
        content.pop(ADDED_READERS, None)
    wanted = readers_for(repo, case_data, added, as_of=as_of)
    readers = [r for r in wanted if public_key(repo.get("member", r)) is not None]
    without_key = tuple(r for r in wanted if r not in readers)
    armour = seal(content, [str(public_key(repo.get("member", r))) for r in readers])
    old_block = case_data.get("sealed")
    previous = tuple(str(r) for r in old_block.get("readers") or ()) if isinstance(old_block, Mapping) else ()
    present = parts_present(content)
    block = {"readers": readers, "parts": present, "age": armour}
    return Sealing(
        block=block,
        readers=tuple(readers),
        previous_readers=previous,
        without_key=without_key,
        content_parts=tuple(present),
    )


def sealed_block(
    repo: Repository,
    case_data: Mapping[str, Any],
    parts: Mapping[str, Any],
    *,
    extra_readers: Sequence[str] = (),
    identity: Path | None = None,
    as_of: date | None = None,
) -> dict[str, Any]:
    """The new or updated `sealed` block of a case (see `seal_case`, which also says who was left out)."""
    return seal_case(repo, case_data, parts, extra_readers=extra_readers, identity=identity, as_of=as_of).block


def collect_parts(
    *,
    name: str | None = None,
    birth_date: str | None = None,
    address: str | None = None,
    phone: str | None = None,
    guardians: Sequence[str] = (),
    narrative: str | None = None,
    risk_rationale: str | None = None,
    isp_goals: str | None = None,
    contact_notes: str | None = None,
) -> dict[str, Any]:
    """The sealed parts given as command options (absent ones left out); checks the birth date."""
    if birth_date is not None and as_date(birth_date) is None:
        raise UsageError(_("--birth-date: '{value}' is not a date (use YYYY-MM-DD)").format(value=birth_date))
    identity_values = dict(zip(IDENTITY_FIELDS, (name, birth_date, address, phone, list(guardians)), strict=True))
    identity = {key: value for key, value in identity_values.items() if value not in (None, "", [])}
    parts: dict[str, Any] = {"identity": identity} if identity else {}
    texts = {
        "narrative": narrative,
        "risk_rationale": risk_rationale,
        "isp_goals": isp_goals,
        "contact_notes": contact_notes,
    }
    parts.update({key: value for key, value in texts.items() if value})
    return parts


def note(day: date, by: str, text: str) -> dict[str, Any]:
    """The `notes` part holding one new note (merging appends it)."""
    if not text.strip():
        raise UsageError(_("--text: a note cannot be empty"))
    return {"notes": [{"date": day.isoformat(), "by": by, "text": text}]}


# -- revealing ----------------------------------------------------------------------------


def reveal_lines(repo: Repository, record: Record, identity: Path | None = None) -> dict[str, Any]:
    """The decrypted sealed content of a case for `case show --reveal` ({} when nothing is sealed).

    Raises `NotAReader` (message: who can read it) when your key is not a recipient.
    """
    return canonical(sealed_content(repo, record.data, identity))


#: The label a person reads for each part and identity field of the revealed content.
_LABELS: dict[str, str] = {
    "identity": N_("Identity"),
    "name": N_("Name"),
    "birth_date": N_("Birth date"),
    "address": N_("Address"),
    "phone": N_("Phone"),
    "guardians": N_("Guardians"),
    "narrative": N_("Narrative"),
    "risk_rationale": N_("Risk rationale"),
    "isp_goals": N_("ISP goals"),
    "contact_notes": N_("Contact notes"),
    "notes": N_("Notes"),
    "added_readers": N_("Added readers"),
}


def revealed_text(content: Mapping[str, Any], lang: str | None = None) -> str:
    """The revealed content as indented text lines, labels in `lang` (default: the active language)."""
    words: Translator = translator(lang)

    def label(key: str) -> str:
        return words.gettext(_LABELS[key]) if key in _LABELS else key

    lines: list[str] = []
    for key, value in canonical(content).items():
        if isinstance(value, Mapping):
            lines.append(f"{label(key)}:")
            lines.extend(f"  {label(k)}: {_flat(v)}" for k, v in value.items())
        elif key == "notes" and isinstance(value, list):
            lines.append(f"{label(key)}:")
            lines.extend(
                f"  {n.get('date', '')} {n.get('by', '')}: {n.get('text', '')}" if isinstance(n, Mapping) else f"  {n}"
                for n in value
            )
        else:
            lines.append(f"{label(key)}: {_flat(value)}")
    return "\n".join(lines) + ("\n" if lines else "")


def _flat(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(_flat(v) for v in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {_flat(v)}" for k, v in value.items())
    return str(value).strip()


# -- who can read what --------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CaseAccess:
    """Who reads one case's sealed block, and what is wrong with that list."""

    case: str
    file: str
    readers: tuple[str, ...]
    parts: tuple[str, ...]
    manager: str | None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class MemberAccess:
    member: str
    name: str
    has_key: bool
    entitled: bool
    cases: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class AccessReport:
    as_of: date
    cases: tuple[CaseAccess, ...] = ()
    members: tuple[MemberAccess, ...] = field(default_factory=tuple)

    def as_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "cases": [
                {
                    "case": c.case,
                    "file": c.file,
                    "readers": list(c.readers),
                    "parts": list(c.parts),
                    "case_manager": c.manager,
                    "flags": list(c.flags),
                }
                for c in self.cases
            ],
            "members": [
                {
                    "member": m.member,
                    "name": m.name,
                    "public_key": m.has_key,
                    "entitled": m.entitled,
                    "cases": list(m.cases),
                    "flags": list(m.flags),
                }
                for m in self.members
            ],
        }


def case_flags(repo: Repository, record: Record, as_of: date) -> list[str]:
    """What is wrong with the reader list of one sealed case, as short phrases."""
    block = record.get("sealed")
    readers = [str(r) for r in block.get("readers") or ()] if isinstance(block, Mapping) else []
    flags: list[str] = []
    for reader in readers:
        member = repo.get("member", reader)
        if member is None:
            flags.append(_("{reader} is not a member").format(reader=reader))
        elif not is_current(member, as_of):
            flags.append(_("{reader}'s term has ended: reseal").format(reader=reader))
        elif public_key(member) is None:
            flags.append(_("{reader} has no public key").format(reader=reader))
    manager = case_manager(record.data)
    if manager is not None and manager not in readers:
        flags.append(_("the case manager {manager} is not a reader").format(manager=manager))
    for member_id in default_readers(repo, record.data, as_of=as_of):
        if member_id not in readers and member_id != manager:
            if public_key(repo.get("member", member_id)):
                flags.append(_("{member} should read it: reseal").format(member=member_id))
            else:
                flags.append(_("{member} should read it (no public key): reseal").format(member=member_id))
    return flags


def access_report(repo: Repository, *, as_of: date, case_id: str | None = None) -> AccessReport:
    """Who can read which sealed case on `as_of`, with readers and entitled members flagged."""
    cases: list[CaseAccess] = []
    reading: dict[str, list[str]] = {}
    for record in repo.of("case"):
        block = record.get("sealed")
        if not isinstance(block, Mapping) or (case_id is not None and record.id != case_id):
            continue
        readers = tuple(str(r) for r in block.get("readers") or ())
        for reader in readers:
            reading.setdefault(reader, []).append(record.id)
        cases.append(
            CaseAccess(
                case=record.id,
                file=record.path,
                readers=readers,
                parts=tuple(str(p) for p in block.get("parts") or ()),
                manager=case_manager(record.data),
                flags=tuple(case_flags(repo, record, as_of)),
            )
        )
    managers = {case_manager(r.data) for r in repo.of("case") if isinstance(r.get("sealed"), Mapping)}
    members: list[MemberAccess] = []
    for member in repo.of("member"):
        entitled = is_current(member, as_of) and (
            SECRETARIAT_ROLE in (member.get("roles") or ()) or member.id in managers
        )
        has_key = public_key(member) is not None
        flags = []
        if entitled and not has_key:
            flags.append(_("no public key: cannot read sealed cases (lpsc member set-key)"))
        if not is_current(member, as_of) and member.id in reading:
            flags.append(_("term ended but still a reader: reseal"))
        if entitled or member.id in reading:
            members.append(
                MemberAccess(
                    member=member.id,
                    name=str(member.get("name", default="")),
                    has_key=has_key,
                    entitled=entitled,
                    cases=tuple(reading.get(member.id, ())),
                    flags=tuple(flags),
                )
            )
    for reader in sorted(set(reading) - {m.id for m in repo.of("member")}):
        members.append(
            MemberAccess(
                member=reader,
                name="",
                has_key=False,
                entitled=False,
                cases=tuple(reading[reader]),
                flags=(_("not a member"),),
            )
        )
    return AccessReport(as_of=as_of, cases=tuple(cases), members=tuple(members))
