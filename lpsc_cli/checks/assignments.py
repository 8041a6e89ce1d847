"""Who may act for the council: case managers and delegates (A §3.2.1, §3.6; A Annex 3 IV).

Consistency findings about people in roles, on the day they acted:

- `case-manager-role` (error): the member named `case_manager` of a case holds the role
  `case-manager` (SPEC §2.1 roles; A Annex 3 IV, cases are assigned to a case manager);
- `case-manager-term` (error): that member's term (`term.from`..`term.to`) covers the day the
  case was assigned (`case_manager.assigned`, else the referral): a January case cannot be
  handled by a member whose term starts in March;
- `delegate-institution` (error): a delegate at an LPSC meeting comes from the institution of
  the member they stand for (A §3.2.1: directors delegate to "their staff");
- `delegate-note` (warning): a delegation rests on a written internal note — the member's
  `delegates` entry for that delegate, with a `note_date` on or before the meeting day and a
  `from`..`to` that covers it (A §3.2.1: "when responsibilities are delegated, there should be
  an internal written note confirming the assignment").
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from lpsc_cli.checks.kept import KeptFindings, files_of
from lpsc_cli.errors import Issue, Where, error, warning
from lpsc_cli.i18n import gettext as _
from lpsc_cli.lifecycle import received_on
from lpsc_cli.model import Record, as_date, is_current

if TYPE_CHECKING:
    from lpsc_cli.checks import CheckOptions
    from lpsc_cli.repository import Repository


def check(repo: Repository, options: CheckOptions) -> Iterator[Issue]:
    """Every finding of this module (see its docstring)."""
    # a case's findings depend on its file and on the member records (roles, terms)
    kept = KeptFindings(repo, options, "assignments", files_of(repo, "member"))
    for case in repo.of("case"):
        yield from kept.issues(case, lambda record: _case_manager(repo, record))
    kept.save()
    for meeting in repo.of("meeting"):
        yield from _delegates(repo, meeting)


def _case_manager(repo: Repository, case: Record) -> Iterator[Issue]:
    manager = case.get("case_manager", "member")
    member = repo.get("member", str(manager)) if manager else None
    if member is None:
        return  # no manager, or a dangling reference (the references check reports it)
    where = Where(file=case.path, record=case.id)
    path = ("case_manager", "member")
    roles = member.get("roles")
    if not isinstance(roles, list) or "case-manager" not in roles:
        message = _("{member} manages {case} but is not a case manager (roles)").format(member=member.id, case=case.id)
        yield error("case-manager-role", message, path=path, **where)
    day = as_date(case.get("case_manager", "assigned")) or received_on(case.data)
    if day is not None and not is_current(member, day):
        term = member.get("term") or {}
        span = f"{term.get('from', '…')}..{term.get('to', '…')}" if isinstance(term, Mapping) else "?"
        yield error(
            "case-manager-term",
            _("{member} manages {case} from {day} but is not a member then (term {span})").format(
                member=member.id, case=case.id, day=day, span=span
            ),
            path=path,
            **where,
        )


def _delegates(repo: Repository, meeting: Record) -> Iterator[Issue]:
    day = as_date(meeting.get("date"))
    attendance = meeting.get("attendance")
    if day is None or meeting.get("type") != "lpsc" or not isinstance(attendance, list):
        return
    for index, entry in enumerate(attendance):
        if not isinstance(entry, dict) or not entry.get("delegate"):
            continue
        member, delegate = repo.get("member", str(entry.get("member"))), repo.get("member", str(entry["delegate"]))
        if member is None or delegate is None:
            continue  # dangling: the references check reports it
        where = Where(file=meeting.path, record=meeting.id)
        path = ("attendance", index, "delegate")
        if member.get("institution") != delegate.get("institution"):
            yield error(
                "delegate-institution",
                _(
                    "{delegate} ({delegate_institution}) stands for {member} ({institution}) at {meeting}: "
                    "a delegate comes from the member's institution"
                ).format(
                    delegate=delegate.id,
                    delegate_institution=delegate.get("institution"),
                    member=member.id,
                    institution=member.get("institution"),
                    meeting=meeting.id,
                ),
                path=path,
                **where,
            )
        if delegation_note(member.data, delegate.id, day) is None:
            yield warning(
                "delegate-note",
                _(
                    "{delegate} stands for {member} at {meeting} without a written delegation note "
                    "dated by {day} (add it to {member}'s delegates with note_date)"
                ).format(delegate=delegate.id, member=member.id, meeting=meeting.id, day=day),
                path=path,
                **where,
            )


def delegation_note(member: Mapping[str, Any], delegate: str, day: date) -> date | None:
    """The date of `member`'s written note delegating to `delegate` for `day`, if it was written
    by then (None without one)."""
    for entry in member.get("delegates") or ():
        if not isinstance(entry, Mapping) or entry.get("member") != delegate:
            continue
        start, end = as_date(entry.get("from")), as_date(entry.get("to"))
        noted = as_date(entry.get("note_date"))
        if (start is None or start <= day) and (end is None or day <= end) and noted is not None and noted <= day:
            return noted
    return None
