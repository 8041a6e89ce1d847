"""Records turned into what templates show: plain data in one language, ids resolved to names.

A view is a dict of plain values (text, numbers, ISO dates, lists, dicts) with every key a
template may use present, `None` where the record has nothing — templates run with
`StrictUndefined`, so a missing key is a template bug, while a missing value is a blank. Text
fields are already in the document's language; enum values stay codes (templates label them
through the catalogue); dates stay ISO strings (templates format them with Babel).

View keys never use the names of dict methods (`items`, `values`, `keys`...): Jinja looks up
`x.items` as an attribute first.

`public_repository` gives the view of a repository that public documents are made from: every
record keeps only the fields whose schema class is `public`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from lpsc_cli.model import Record, as_date, text
from lpsc_cli.planning import plan_cycle_meetings
from lpsc_cli.repository import Repository
from lpsc_cli.schemas import SchemaSet

View = dict[str, Any]
PUBLIC = "public"


def public_repository(repo: Repository) -> Repository:
    """A copy of `repo` whose records and configuration hold only public fields."""
    schemas = repo.schemas or SchemaSet()
    classes = {kind: schemas.field_classes(kind) for kind in ("config", *repo.records)}
    records = {
        kind: {
            record_id: replace(record, data=keep_public(record.data, classes[kind]))
            for record_id, record in by_id.items()
        }
        for kind, by_id in repo.records.items()
    }
    config = keep_public(repo.config, classes["config"])
    return Repository(root=repo.root, config=config, records=records, ids=repo.ids, schemas=schemas)


def keep_public(value: Any, classes: Mapping[tuple[str | int, ...], str], path: tuple[str, ...] = ()) -> Any:
    """`value` with every mapping key dropped whose path is not classed public (`*` = list item).

    A key the schema does not class at all is dropped too: public is never the default.
    """
    if isinstance(value, Mapping):
        return {
            key: keep_public(item, classes, (*path, key))
            for key, item in value.items()
            if classes.get((*path, key)) == PUBLIC
        }
    if isinstance(value, list):
        return [keep_public(item, classes, (*path, "*")) for item in value]
    return value


class Names:
    """Names of the records that other records refer to by id, in one language."""

    def __init__(self, repo: Repository, lang: str) -> None:
        self.repo = repo
        self.lang = lang

    def text(self, value: Any) -> str | None:
        return text(value, self.lang) or None

    def institution(self, ref: Any) -> str | None:
        """An institution's name from its id; text given in place of an id is shown as it is."""
        if ref is None:
            return None
        if not isinstance(ref, str):
            return self.text(ref)
        record = self.repo.get("institution", ref)
        return (self.text(record.get("name")) if record is not None else None) or ref

    def institutions(self, refs: Iterable[Any] | None) -> list[str]:
        return [name for name in (self.institution(ref) for ref in refs or ()) if name]

    def member(self, member_id: Any) -> View | None:
        """A member as documents show one: name, position and institution."""
        if not isinstance(member_id, str):
            return None
        record = self.repo.get("member", member_id)
        if record is None:
            return {"id": member_id, "name": member_id, "position": None, "institution": None, "roles": []}
        return {
            "id": member_id,
            "name": record.get("name") or member_id,
            "position": self.text(record.get("position")),
            "institution": self.institution(record.get("institution")),
            "roles": list(record.get("roles", default=[])),
        }

    def members_with(self, role: str) -> list[View]:
        """Members holding `role` (technical-secretariat, case-manager...), by id."""
        found = [self.member(r.id) for r in self.repo.of("member") if role in r.get("roles", default=[])]
        return [member for member in found if member is not None]

    def chair(self) -> View | None:
        chairs = self.members_with("chair")
        return chairs[0] if chairs else None

    def meeting(self, meeting_id: Any) -> View | None:
        """A meeting referred to by another record: its id, type, date and summary."""
        if not isinstance(meeting_id, str):
            return None
        record = self.repo.get("meeting", meeting_id)
        if record is None:
            return {"id": meeting_id, "type": None, "date": None, "summary": None}
        return {
            "id": meeting_id,
            "type": record.get("type"),
            "date": record.get("date"),
            "summary": self.text(record.get("summary")),
        }


def council_view(repo: Repository, lang: str) -> View:
    """The council and its municipality, for the letterhead of every document."""
    config = repo.config
    contact = _mapping(config.get("contact"))
    return {
        "id": repo.council,
        "name": text(config.get("name"), lang) or repo.council,
        "municipality": text(config.get("municipality"), lang) or None,
        "prefecture": config.get("prefecture"),
        "contact": {
            "email": contact.get("email"),
            "phone": contact.get("phone"),
            "address": text(contact.get("address"), lang) or None,
            "website": contact.get("website"),
        },
    }


def meeting_view(record: Record, names: Names) -> View:
    """A meeting with its agenda, invitation, attendance, decisions and minutes."""
    attendance = [
        {
            "member": names.member(entry.get("member")),
            "status": entry.get("status"),
            "explanation_received": entry.get("explanation_received"),
            "delegate": names.member(entry.get("delegate")),
        }
        for entry in record.get("attendance", default=[])
    ]
    invitation = record.get("invitation")
    minutes = record.get("minutes")
    press = record.get("press_release")
    approved, revised = plan_cycle_meetings(names.repo.of("plan"))
    return {
        "id": record.id,
        "type": record.get("type"),
        "date": record.get("date"),
        "start": record.get("start"),
        "end": record.get("end"),
        "location": names.text(record.get("location")),
        "mode": record.get("mode"),
        "chair": names.member(record.get("chair")),
        "agenda": [
            {
                "number": number,
                "title": names.text(entry.get("title")),
                "presenter": names.member(entry.get("presenter")),
                "materials": [names.text(item) for item in entry.get("materials", [])],
            }
            for number, entry in enumerate(record.get("agenda", default=[]), start=1)
        ],
        "invitation": None
        if invitation is None
        else {
            "sent": invitation.get("sent"),
            "to_all": invitation.get("to", "all") == "all",
            "recipients": [names.member(m) for m in invitation.get("to", [])] if invitation.get("to") != "all" else [],
            "guests": [guest_view(g, names) for g in invitation.get("guests", [])],
        },
        "attendance": attendance,
        "participation": participation(attendance),
        "guests": [guest_view(g, names) for g in record.get("guests", default=[])],
        "summary": names.text(record.get("summary")),
        "decisions": [
            {
                "number": number,
                "text": names.text(entry.get("text")),
                "adopted": entry.get("adopted"),
                "signed": entry.get("signed"),
                "distributed": entry.get("distributed"),
            }
            for number, entry in enumerate(record.get("decisions", default=[]), start=1)
        ],
        "minutes": None
        if minutes is None
        else {
            "status": minutes.get("status"),
            "recorded_by": names.member(minutes.get("recorded_by")),
            "sent_to_members": minutes.get("sent_to_members"),
            "submitted_cve": (minutes.get("submitted") or {}).get("cve"),
            "submitted_nccs": (minutes.get("submitted") or {}).get("nccs"),
        },
        "press_release": None if press is None else {"published": press.get("published"), "url": press.get("url")},
        "cases_discussed": list(record.get("cases_discussed", default=[])),
        # the plan cycle is recorded on the plans (approved_at, revisions), never on the meeting
        "plans_approved": approved.get(record.id, []),
        "plans_reviewed": revised.get(record.id, []),
    }


def guest_view(guest: Mapping[str, Any], names: Names) -> View:
    return {"name": guest.get("name"), "institution": names.institution(guest.get("institution"))}


def participation(attendance: list[View]) -> View:
    """Counts of an attendance list; `taking_part` is present in the room or virtually."""
    counts = {status: sum(1 for a in attendance if a["status"] == status) for status in STATUSES}
    taking_part = [a for a in attendance if a["status"] in ("present", "virtual")]
    institutions = sorted({a["member"]["institution"] for a in taking_part if a["member"]["institution"]})
    return {
        **counts,
        "taking_part": len(taking_part),
        "delegated": sum(1 for a in attendance if a["delegate"] is not None),
        "total": len(attendance),
        "institutions": institutions,
    }


STATUSES = ("present", "virtual", "excused", "absent")


def activity_view(activity: Mapping[str, Any], names: Names) -> View:
    timing = activity.get("timing") or {}
    number, said = activity.get("number"), names.text(activity.get("text"))
    return {
        "number": number,
        "text": said,
        "with_number": f"{number} {said}" if number and said else said,
        "responsible": names.institutions(activity.get("responsible")),
        "lead": names.institution(activity.get("lead")),
        "timing": {
            "kind": timing.get("kind"),
            "label": names.text(timing.get("label")),
            "due": timing.get("due"),
            "period": timing.get("period"),
            "every_months": timing.get("every_months"),
        },
        "indicator": names.text(activity.get("indicator")),
        "target": names.text(activity.get("target")),
        "weight": activity.get("weight", 1),
        "added": activity.get("added"),
        "status": activity.get("status"),
        "progress": [
            {
                "date": entry.get("date"),
                "percent": entry.get("percent"),
                "note": names.text(entry.get("note")),
                "meeting": entry.get("meeting"),
            }
            for entry in activity.get("progress", [])
        ],
    }


def plan_view(record: Record, names: Names) -> View:
    """An action plan: its identified issues (the plan's items) with their activities."""
    issues = []
    for item in record.get("items", default=[]):
        activities = [activity_view(a, names) for a in item.get("activities", [])]
        issues.append(
            {
                "number": item.get("number"),
                "issue": names.text(item.get("issue")),
                "evidence": names.text(item.get("evidence")),
                "priority": item.get("priority"),
                "activities": activities,
                "responsible": unique(name for a in activities for name in a["responsible"]),
                "timings": [a["timing"] for a in activities],
            }
        )
    return {
        "id": record.id,
        "title": names.text(record.get("title")),
        "period_from": record.get("period", "from"),
        "period_to": record.get("period", "to"),
        "status": record.get("status"),
        "consultation": names.meeting(record.get("consultation")),
        "approved_at": names.meeting(record.get("approved_at")),
        "published": [
            {"institution": names.institution(p.get("institution")), "date": p.get("date"), "url": p.get("url")}
            for p in record.get("published", default=[])
        ],
        "issues": issues,
        "revisions": [
            {"date": r.get("date"), "meeting": names.meeting(r.get("meeting")), "summary": names.text(r.get("summary"))}
            for r in record.get("revisions", default=[])
        ],
        "monitoring": [
            {
                "period": m.get("period"),
                "consultation": names.meeting(m.get("consultation")),
                "report_date": m.get("report_date"),
                "approved_by_chair": m.get("approved_by_chair"),
            }
            for m in record.get("monitoring", default=[])
        ],
    }


def member_view(record: Record, names: Names) -> View:
    """A member with the declaration and delegations that their documents need."""
    member = names.member(record.id) or {}
    return {
        **member,
        "term_from": record.get("term", "from"),
        "term_to": record.get("term", "to"),
        "declaration_signed": record.get("confidentiality_declaration", "signed"),
        "delegations": [
            {
                "delegate": names.member(d.get("member")),
                "note_date": d.get("note_date"),
                "from": d.get("from"),
                "to": d.get("to"),
            }
            for d in record.get("delegates", default=[])
        ],
    }


def case_view(record: Record, names: Names) -> View:
    """A pseudonymous case file: structured fields only, names of institutions and members."""
    get = record.get
    referred_by = get("referral", "referred_by")
    return {
        "id": record.id,
        "code": get("subject", "code"),
        "status": get("status"),
        "age_band": get("subject", "age_band"),
        "sex": get("subject", "sex"),
        "groups": list(get("subject", "groups", default=[])),
        "concerns": list(get("concerns", default=[])),
        "red_flag": get("red_flag"),
        "reported_regional": get("reported", "regional_cve"),
        "reported_national": get("reported", "national_cve"),
        "referral": {
            "received": get("referral", "received"),
            "referred_by": None if referred_by in (None, "community") else names.institution(referred_by),
            "community": referred_by == "community",
            "channel": get("referral", "channel"),
            "form_complete": get("referral", "form_complete"),
            "missing": list(get("referral", "missing", default=[])),
            "emergency": get("referral", "emergency"),
            "escalated_at": get("referral", "escalated_at"),
            "addressed_at": get("referral", "addressed_at"),
        },
        "shared_lpsc": get("shared_with", "lpsc"),
        "shared_cve": get("shared_with", "cve"),
        "shared_police": get("shared_with", "police"),
        "received_from": _optional(
            get("received_from"),
            ("council", "date", "documents_complete"),
            council_place=council_place(get("received_from", "council")),
        ),
        "registered": get("registered"),
        "screening": _optional(get("screening"), ("date", "outcome")),
        "assessment": _optional(
            get("assessment"),
            (
                "date",
                "annex2_complete",
                "data_collection_complete",
                "risk_level",
                "rationale_recorded",
                "contextual_factors",
            ),
            sectors=list(get("assessment", "sectors", default=[])),
        ),
        "isp": _optional(
            get("isp"),
            ("prepared", "approved", "signed", "review_due"),
            goals=[
                {
                    "area": g.get("area"),
                    "responsible": names.institutions(g.get("responsible")),
                    "status": g.get("status"),
                }
                for g in get("isp", "goals", default=[])
            ],
        ),
        "consent": _optional(get("isp", "consent"), ("given", "by", "withdrawn")),
        "case_manager": names.member(get("case_manager", "member")),
        "manager_assigned": get("case_manager", "assigned"),
        "contacts": [
            {
                "date": c.get("date"),
                "kind": c.get("kind"),
                "by": names.member(c.get("by")),
                "sectors": c.get("sectors", []),
            }
            for c in get("contacts", default=[])
        ],
        "progress_reports": [
            {"period": p.get("period"), "due": p.get("due"), "submitted": p.get("submitted")}
            for p in get("progress_reports", default=[])
        ],
        "reviews": [
            {
                "date": r.get("date"),
                "kind": r.get("kind"),
                "isp_adjusted": r.get("isp_adjusted"),
                "services_adjusted": r.get("services_adjusted"),
            }
            for r in get("reviews", default=[])
        ],
        "expert_consultations": [
            {"date": e.get("date"), "sector": e.get("sector"), "required": e.get("required"), "held": e.get("held")}
            for e in get("expert_consultations", default=[])
        ],
        "transfer": _optional(
            get("transfer"),
            ("to", "date", "documents_complete", "acknowledged"),
            to_place=council_place(get("transfer", "to")),
        ),
        "closure": _optional(
            get("closure"),
            ("date", "reason", "goals_achieved", "report_completed", "mainstream_services_continue"),
            notification_sent=get("closure", "exit_notification", "sent"),
            notification_to=get("closure", "exit_notification", "to"),
        ),
        "reopened": [{"date": r.get("date"), "reason": r.get("reason")} for r in get("reopened", default=[])],
        "sealed_parts": list(get("sealed", "parts", default=[])),
    }


def sealed_view(sealed: Mapping[str, Any] | None, lang: str) -> View | None:
    """The decrypted `sealed` content of a case in a fixed shape, or None when not given.

    The plaintext is a mapping of parts: `identity` {name, birth_date, address, phone,
    guardians}, `narrative`, `risk_rationale`, `isp_goals`, `contact_notes` and `notes`
    (a list of {date, by, text}). Parts that are absent are `None`.
    """
    if not sealed:
        return None
    identity = _mapping(sealed.get("identity"))
    return {
        "identity": {
            "name": _plain(identity.get("name"), lang),
            "birth_date": identity.get("birth_date"),
            "address": _plain(identity.get("address"), lang),
            "phone": _plain(identity.get("phone"), lang),
            "guardians": [_plain(g, lang) for g in _as_list(identity.get("guardians"))],
        },
        "narrative": _plain(sealed.get("narrative"), lang),
        "risk_rationale": _plain(sealed.get("risk_rationale"), lang),
        "isp_goals": _plain(sealed.get("isp_goals"), lang),
        "contact_notes": _plain(sealed.get("contact_notes"), lang),
        "notes": [
            {"date": n.get("date"), "by": n.get("by"), "text": _plain(n.get("text"), lang)}
            for n in _as_list(sealed.get("notes"))
            if isinstance(n, Mapping)
        ],
    }


def unique(values: Iterable[str]) -> list[str]:
    """`values` without repeats, in first-seen order."""
    return list(dict.fromkeys(values))


def on_or_before(value: Any, day: date) -> bool:
    """Whether a record date (ISO string) is known and falls on or before `day`."""
    found = as_date(value)
    return found is not None and found <= day


def council_place(council: Any) -> str | None:
    """Another council's place as a letter names it, from its id: `librazhd` → `Librazhd`.

    A letter addresses "the Local Public Safety Council Librazhd": the name of a council is
    its municipality's, which its id spells in lower case with hyphens between words.
    """
    if not council:
        return None
    return " ".join(word.capitalize() for word in str(council).split("-"))


def _optional(section: Any, keys: tuple[str, ...], **extra: Any) -> View | None:
    """A section of a record with every key present (None when absent), or None without it."""
    if not isinstance(section, Mapping):
        return None
    return {**{key: section.get(key) for key in keys}, **extra}


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _plain(value: Any, lang: str) -> str | None:
    """Sealed text as one string: plain, `{sq, en}`, a list of lines, or a mapping of parts."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return "; ".join(part for part in (_plain(v, lang) for v in value) if part) or None
    if isinstance(value, Mapping) and not set(value) <= {"sq", "en"}:
        return ", ".join(f"{part}" for part in (_plain(v, lang) for v in value.values()) if part) or None
    return text(value, lang) or None
