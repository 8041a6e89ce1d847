"""What each record document shows: the template variables built from one record.

A builder takes the repository (already reduced to public fields for public documents), the
id of the record and the request, and returns the variables of its template. Builders never
format: dates stay ISO strings and enums stay codes, so that a council's own template can
write them as it likes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from lpsc_cli.calendar import WorkingCalendar
from lpsc_cli.documents.views import (
    Names,
    View,
    case_view,
    meeting_view,
    member_view,
    plan_view,
    sealed_view,
)
from lpsc_cli.errors import LpscError
from lpsc_cli.i18n import gettext as _
from lpsc_cli.model import Record, as_date, is_current
from lpsc_cli.repository import Repository, config_value

#: R art. 7.4: the invitation reaches members at least this many working days before.
NOTICE_WORKING_DAYS = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class Request:
    """What a document is asked for: language, the day it is judged on, and sealed content."""

    lang: str
    as_of: date
    sealed: Mapping[str, Any] | None = None


def find(repo: Repository, kind: str, record_id: str) -> Record:
    """The record of `kind` with `record_id`, or an error that says why there is none."""
    record = repo.get(kind, record_id)
    if record is not None:
        return record
    if repo.exists(kind, record_id):
        raise LpscError(
            _("the {kind} '{id}' has errors and cannot be rendered: run `lpsc check` to see them").format(
                kind=kind, id=record_id
            )
        )
    known = ", ".join(r.id for r in repo.of(kind)[:5])
    if not known:
        raise LpscError(_("no {kind} with id '{id}'").format(kind=kind, id=record_id))
    known += ", ..." if len(repo.of(kind)) > 5 else ""
    raise LpscError(_("no {kind} with id '{id}' (known: {known})").format(kind=kind, id=record_id, known=known))


def meeting_document(repo: Repository, meeting_id: str, request: Request) -> View:
    """Invitation, minutes, attendance list and press release of one meeting."""
    record = find(repo, "meeting", meeting_id)
    names = Names(repo, request.lang)
    held = as_date(record.get("date"))
    members = [names.member(member.id) for member in repo.of("member") if held is None or is_current(member, held)]
    return {"meeting": meeting_view(record, names), "notice": notice(repo, record), "members": members}


def notice(repo: Repository, record: Record) -> View | None:
    """How many working days before the meeting the invitation went out (R art. 7.4).

    Counted as the calendar counts every deadline: the working days after the day it was sent,
    up to and including the day of the meeting.
    """
    sent, held = as_date(record.get("invitation", "sent")), as_date(record.get("date"))
    if sent is None or held is None:
        return None
    required = config_value(repo.config, "rules", "invitation-notice", "working_days", default=NOTICE_WORKING_DAYS)
    days = WorkingCalendar.from_config(repo.config).working_days_between(sent, held)
    return {
        "sent": record.get("invitation", "sent"),
        "working_days": days,
        "required": required,
        "met": days >= required,
    }


def plan_document(repo: Repository, plan_id: str, request: Request) -> View:
    """The action plan in the layout of R Table 1."""
    return {"plan": plan_view(find(repo, "plan", plan_id), Names(repo, request.lang))}


def case_document(repo: Repository, case_id: str, request: Request) -> View:
    """The forms of one case: structured fields, and sealed content only when given."""
    record = find(repo, "case", case_id)
    return {"case": case_view(record, Names(repo, request.lang)), "sealed": sealed_view(request.sealed, request.lang)}


def member_document(repo: Repository, member_id: str, request: Request) -> View:
    """The confidentiality declaration of a member."""
    return {"member": member_view(find(repo, "member", member_id), Names(repo, request.lang))}


def delegation_document(repo: Repository, member_id: str, request: Request) -> View:
    """The delegation notes of a member: one note per delegate (A §3.2.1)."""
    context = member_document(repo, member_id, request)
    if not context["member"]["delegations"]:
        raise LpscError(_("the member '{id}' has no delegation (add one under `delegates`)").format(id=member_id))
    return context
