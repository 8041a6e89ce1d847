"""Cases from referral to closure: one function per step of the case-management model.

Steps (A Annex 3; SPEC §2.1) and the status each leaves the case in:

| step | records | status after |
|---|---|---|
| `new_case` | referral, subject code, concerns, red flag | referred (registered with a date) |
| `screen` | screening date and outcome (A Annex 3 I) | assessment; not-eligible; screening if referred elsewhere |
| `assess` | risk assessment: level, sectors consulted (Annex 3 II) | planning |
| `plan_support` | the Individual Support Plan and consent (Annex 3 III) | planning; active once approved and managed |
| `assign` | the case manager (Annex 3 IV) | active if the ISP is approved |
| `contact` | a follow-up contact (Annex 3 IV) | unchanged |
| `review` | a 6-month, 12-month or ad-hoc review (Annex 3 IX) | unchanged |
| `transfer` | a transfer to another council (Annex 3 VIII) | transferred |
| `close` | closure report and exit notification (Annex 3 VI) | closed |
| `reopen` | a re-opening with its reason | active |
| `add_subject` | a further person (family member): code, role; identity sealed | unchanged |

Case ids are `case-YYYY-NNN`, numbered per year of `referral.received`, and never reused: the
next number is one more than the highest ever used in `cases/YYYY/`, on disk or in git history.
Case files are pseudonymous: nothing here takes a name, birth date, address or phone number;
those belong in the sealed block (SPEC §7), which the `finish` hook of each step can add.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from lpsc_cli.editing.core import Change, WriteOptions, WriteResult, change_record, create_record, order, present
from lpsc_cli.editing.numbers import (
    References,
    case_pattern,
    git_references,
    highest_in_history,
    next_number,
    remember,
)
from lpsc_cli.errors import RecordError
from lpsc_cli.i18n import gettext as _
from lpsc_cli.lifecycle import ENDED, REFERRED_ELSEWHERE
from lpsc_cli.model import Record, as_date
from lpsc_cli.repository import Repository
from lpsc_cli.roundtrip import append_item, merge_map, set_key


@dataclass(frozen=True, kw_only=True)
class Referral:
    """What arrives with a referral (A Annex 1); `code` defaults to the case number."""

    received: str
    referred_by: str
    concerns: tuple[str, ...]
    code: str | None = None
    age_band: str | None = None
    sex: str | None = None
    groups: tuple[str, ...] = ()
    channel: str | None = None
    form_complete: bool | None = None
    missing: tuple[str, ...] = ()
    emergency: bool = False
    escalated_at: str | None = None
    addressed_at: str | None = None
    red_flag: bool = False
    registered: str | None = None
    #: An incoming transfer: the council it came from, the day it arrived, whether its file was complete.
    received_from: tuple[str, str, bool | None] | None = None


def new_case(
    repo: Repository, referral: Referral, *, options: WriteOptions, finish: Change | None = None
) -> WriteResult:
    """Open a case file for a referral, with the next free case number of its year."""
    year = referral.received[:4]
    body = {
        "status": "registered" if referral.registered else "referred",
        "subject": None,
        "concerns": list(referral.concerns),
        "red_flag": referral.red_flag,
        "referral": present(
            received=referral.received,
            referred_by=referral.referred_by,
            channel=referral.channel,
            form_complete=referral.form_complete,
            missing=list(referral.missing),
            emergency=referral.emergency,
            escalated_at=referral.escalated_at,
            addressed_at=referral.addressed_at,
        ),
        "registered": referral.registered,
        "received_from": present(
            council=referral.received_from[0],
            date=referral.received_from[1],
            documents_complete=referral.received_from[2],
        )
        if referral.received_from
        else None,
    }
    chosen: list[str] = []
    references: list[References | None] = []

    def allocate() -> str:
        references.append(git_references(repo.root))
        chosen.append(next_case_id(repo, year, references[-1]))
        return chosen[-1]

    def committed() -> None:
        remember(repo.root, year, int(chosen[-1].rsplit("-", 1)[1]), references[-1])

    def with_subject(doc: Any) -> None:
        code = referral.code or chosen[-1].removeprefix("case-")
        subject = present(code=code, age_band=referral.age_band, sex=referral.sex, groups=list(referral.groups))
        set_key(doc, "subject", subject, order("case"))
        if finish is not None:
            finish(doc)

    return create_record(
        repo, "case", present(**body), options=options, allocate=allocate, finish=with_subject, committed=committed
    )


def next_case_id(repo: Repository, year: str, references: References | None = None) -> str:
    """`case-YYYY-NNN` with one more than the highest number ever used that year.

    Looks at the files in `cases/YYYY/`, the case ids (the names of their files), and every file
    name git ever recorded in that folder (deleted cases keep their numbers): the highest of
    those is kept between runs while git's `references` stay as they were (`editing.numbers`).
    Call it under the lock.
    """
    folder = repo.root / "cases" / year
    names = {path.name for path in folder.glob("*.y*ml")} if folder.is_dir() else set()
    names |= {f"{case_id}.yaml" for case_id in repo.ids.get("case", ())}
    number = max(next_number(names, case_pattern(year)), highest_in_history(repo.root, year, references) + 1)
    return f"case-{year}-{number:03d}"


def _step(
    repo: Repository,
    case: str,
    verb: str,
    change: Change,
    *,
    options: WriteOptions,
    finish: Change | None,
    allowed_when_closed: bool = False,
) -> WriteResult:
    if not allowed_when_closed:
        record = repo.get("case", case)
        status = record.get("status") if record is not None else None
        if status in ENDED:
            message = (
                _("{case} is {status}; reopen it first (lpsc case reopen)")
                if status == "closed"
                else _("{case} is {status}; nothing more happens to it here")
            )
            raise RecordError(message.format(case=case, status=status))
    return change_record(repo, "case", case, change, options=options, verb=verb, finish=finish)


def _status(doc: Any, status: str) -> None:
    set_key(doc, "status", status, order("case"))


@dataclass(frozen=True, kw_only=True)
class Sharing:
    """Who the referral was shared with (A Annex 3 I), and a red flag's reporting (A §3.6.4)."""

    lpsc: str | None = None
    cve: str | None = None
    police: str | None = None
    regional_cve: str | None = None
    national_cve: str | None = None


def share(
    repo: Repository, case: str, sharing: Sharing, *, options: WriteOptions, finish: Change | None = None
) -> WriteResult:
    shared = present(lpsc=sharing.lpsc, cve=sharing.cve, police=sharing.police)
    reported = present(regional_cve=sharing.regional_cve, national_cve=sharing.national_cve)

    def change(doc: Any) -> None:
        if shared:
            merge_map(doc, "shared_with", shared, order("case"), order("case", "shared_with"))
        if reported:
            merge_map(doc, "reported", reported, order("case"), order("case", "reported"))

    return _step(repo, case, "share", change, options=options, finish=finish, allowed_when_closed=True)


def escalate(
    repo: Repository,
    case: str,
    escalated_at: str | None,
    addressed_at: str | None,
    *,
    options: WriteOptions,
    finish: Change | None = None,
) -> WriteResult:
    """Record an emergency's escalation and when it was addressed (within 24 hours, A Annex 3 I)."""
    fields = present(emergency=True, escalated_at=escalated_at, addressed_at=addressed_at)

    def change(doc: Any) -> None:
        merge_map(doc, "referral", fields, order("case"), order("case", "referral"))

    return _step(repo, case, "escalate", change, options=options, finish=finish)


def progress_report(
    repo: Repository,
    case: str,
    period: str,
    submitted: str | None,
    due: str | None,
    *,
    options: WriteOptions,
    finish: Change | None = None,
) -> WriteResult:
    """Record a periodic progress report on the case (to the Prefect, A §3.5)."""
    fields = present(period=period, due=due, submitted=submitted)

    def change(doc: Any) -> None:
        for existing in doc.get("progress_reports") or []:
            if str(existing.get("period")) == period:
                for key, value in fields.items():
                    set_key(existing, key, value, ("period", "due", "submitted"))
                return
        append_item(doc, "progress_reports", fields, order("case"))

    return _step(repo, case, "progress", change, options=options, finish=finish, allowed_when_closed=True)


@dataclass(frozen=True, kw_only=True)
class Screening:
    """Screening and triage (within 5 working days, A Annex 3 I); may record registration too."""

    date: str
    outcome: str
    registered: str | None = None


def screen(
    repo: Repository, case: str, screening: Screening, *, options: WriteOptions, finish: Change | None = None
) -> WriteResult:
    def change(doc: Any) -> None:
        if screening.registered:
            set_key(doc, "registered", screening.registered, order("case"))
        merge_map(
            doc,
            "screening",
            {"date": screening.date, "outcome": screening.outcome},
            order("case"),
            order("case", "screening"),
        )
        if screening.outcome == "eligible":
            _status(doc, "assessment")
        elif screening.outcome == "not-eligible":
            _status(doc, "not-eligible")
        else:  # referred elsewhere: the case ends here, with its own closure reason
            _status(doc, "closed")
            merge_map(
                doc,
                "closure",
                {"date": screening.date, "reason": REFERRED_ELSEWHERE},
                order("case"),
                order("case", "closure"),
            )

    return _step(repo, case, "screen", change, options=options, finish=finish)


@dataclass(frozen=True, kw_only=True)
class Assessment:
    """The multi-sector risk assessment (A Annex 3 II); its rationale itself is sealed."""

    date: str
    risk_level: str
    sectors: tuple[str, ...] = ()
    annex2_complete: bool | None = None
    data_collection_complete: bool | None = None
    rationale_recorded: bool | None = None
    contextual_factors: bool | None = None


def assess(
    repo: Repository, case: str, assessment: Assessment, *, options: WriteOptions, finish: Change | None = None
) -> WriteResult:
    fields = present(
        date=assessment.date,
        annex2_complete=assessment.annex2_complete,
        data_collection_complete=assessment.data_collection_complete,
        risk_level=assessment.risk_level,
        rationale_recorded=assessment.rationale_recorded,
        sectors=list(assessment.sectors),
        contextual_factors=assessment.contextual_factors,
    )

    def change(doc: Any) -> None:
        merge_map(doc, "assessment", fields, order("case"), order("case", "assessment"))
        _status(doc, "planning")

    return _step(repo, case, "assess", change, options=options, finish=finish)


@dataclass(frozen=True, kw_only=True)
class Goal:
    """One goal of the support plan: its area (a sector) and the institutions responsible."""

    area: str
    responsible: tuple[str, ...] = ()
    status: str | None = None


@dataclass(frozen=True, kw_only=True)
class SupportPlan:
    """The Individual Support Plan (A Annex 3 III) and the informed consent to it."""

    prepared: str | None = None
    approved: str | None = None
    signed: str | None = None
    review_due: str | None = None
    goals: tuple[Goal, ...] = ()
    consent_given: str | None = None
    consent_by: str | None = None
    consent_withdrawn: str | None = None


def plan_support(
    repo: Repository, case: str, isp: SupportPlan, *, options: WriteOptions, finish: Change | None = None
) -> WriteResult:
    fields = present(prepared=isp.prepared, approved=isp.approved, signed=isp.signed, review_due=isp.review_due)
    consent = present(given=isp.consent_given, by=isp.consent_by, withdrawn=isp.consent_withdrawn)
    goals = [present(area=g.area, responsible=list(g.responsible), status=g.status) for g in isp.goals]

    def change(doc: Any) -> None:
        section = merge_map(doc, "isp", fields, order("case"), order("case", "isp"))
        for goal in goals:
            append_item(section, "goals", goal, order("case", "isp"))
        if consent:
            merge_map(section, "consent", consent, order("case", "isp"), order("case", "isp", "consent"))
        _status(doc, "active" if section.get("approved") and doc.get("case_manager") else "planning")

    return _step(repo, case, "plan", change, options=options, finish=finish)


def assign(
    repo: Repository,
    case: str,
    member: str,
    assigned: str,
    *,
    options: WriteOptions,
    finish: Change | None = None,
) -> WriteResult:
    """Assign the case manager (within 3 days of the ISP's approval, A Annex 3 IV)."""

    def change(doc: Any) -> None:
        set_key(doc, "case_manager", {"member": member, "assigned": assigned}, order("case"))
        if doc.get("status") == "planning" and (doc.get("isp") or {}).get("approved"):
            _status(doc, "active")

    return _step(repo, case, "assign", change, options=options, finish=finish)


@dataclass(frozen=True, kw_only=True)
class Contact:
    """A follow-up contact (monthly for an active case, A Annex 3 IV)."""

    date: str
    kind: str
    by: str | None = None
    sectors: tuple[str, ...] = ()
    #: An outside service provider (an institution id) that delivered the contact.
    provider: str | None = None


def contact(
    repo: Repository, case: str, details: Contact, *, options: WriteOptions, finish: Change | None = None
) -> WriteResult:
    fields = present(
        date=details.date, kind=details.kind, by=details.by, sectors=list(details.sectors), provider=details.provider
    )
    return _append_step(repo, case, "contact", "contacts", fields, options=options, finish=finish)


@dataclass(frozen=True, kw_only=True)
class Consultation:
    """An expert consultation with a sector or an outside provider who is not a member (A Annex 4.f)."""

    sector: str
    date: str | None = None
    provider: str | None = None
    required: bool | None = None
    held: bool | None = None


def consult(
    repo: Repository, case: str, details: Consultation, *, options: WriteOptions, finish: Change | None = None
) -> WriteResult:
    fields = present(
        date=details.date,
        sector=details.sector,
        required=details.required,
        held=details.held,
        provider=details.provider,
    )
    return _append_step(repo, case, "consult", "expert_consultations", fields, options=options, finish=finish)


def goal_outcome(
    repo: Repository, case: str, number: int, status: str, *, options: WriteOptions, finish: Change | None = None
) -> WriteResult:
    """Record how goal `number` (1 for the first) of the Individual Support Plan turned out (A Annex 3 VI)."""
    record = repo.get("case", case)
    goals = record.get("isp", "goals", default=[]) if record is not None else []
    if not 1 <= number <= len(goals):
        message = (
            _("{case}'s support plan has goals 1 to {count}; there is no goal {number}")
            if goals
            else _(
                "{case}'s support plan has no goals (record them with `lpsc case plan --goal`); there is no goal {number}"
            )
        )
        raise RecordError(message.format(case=case, count=len(goals), number=number))

    def change(doc: Any) -> None:
        set_key(doc["isp"]["goals"][number - 1], "status", status, order("case", "isp", "goals"))

    return _step(repo, case, "goal", change, options=options, finish=finish, allowed_when_closed=True)


@dataclass(frozen=True, kw_only=True)
class Review:
    """A case review (at 6 and 12 months, A Annex 3 IX) and what it changed."""

    date: str
    kind: str
    isp_adjusted: bool | None = None
    services_adjusted: bool | None = None
    lessons_captured: bool | None = None


def review(
    repo: Repository, case: str, details: Review, *, options: WriteOptions, finish: Change | None = None
) -> WriteResult:
    fields = present(
        date=details.date,
        kind=details.kind,
        isp_adjusted=details.isp_adjusted,
        services_adjusted=details.services_adjusted,
        lessons_captured=details.lessons_captured,
    )
    return _append_step(repo, case, "review", "reviews", fields, options=options, finish=finish)


def _append_step(
    repo: Repository,
    case: str,
    verb: str,
    field: str,
    fields: dict[str, Any],
    *,
    options: WriteOptions,
    finish: Change | None,
) -> WriteResult:
    def change(doc: Any) -> None:
        append_item(doc, field, fields, order("case"))

    return _step(repo, case, verb, change, options=options, finish=finish)


@dataclass(frozen=True, kw_only=True)
class Transfer:
    """A transfer to another council, with its documentation (A Annex 3 VIII)."""

    to: str
    date: str
    documents_complete: bool | None = None
    acknowledged: str | None = None


def transfer(
    repo: Repository, case: str, details: Transfer, *, options: WriteOptions, finish: Change | None = None
) -> WriteResult:
    fields = present(
        to=details.to,
        date=details.date,
        documents_complete=details.documents_complete,
        acknowledged=details.acknowledged,
    )

    def change(doc: Any) -> None:
        merge_map(doc, "transfer", fields, order("case"), order("case", "transfer"))
        _status(doc, "transferred")

    return _step(repo, case, "transfer", change, options=options, finish=finish)


@dataclass(frozen=True, kw_only=True)
class Closure:
    """Closing a case: the closure report and the exit notification (A Annex 3 VI)."""

    date: str
    reason: str | None = None
    goals_achieved: str | None = None
    report_completed: str | None = None
    mainstream_services_continue: bool | None = None
    exit_sent: str | None = None
    exit_to: str | None = None


def close(
    repo: Repository, case: str, details: Closure, *, options: WriteOptions, finish: Change | None = None
) -> WriteResult:
    fields = present(
        date=details.date,
        reason=details.reason,
        goals_achieved=details.goals_achieved,
        report_completed=details.report_completed,
        mainstream_services_continue=details.mainstream_services_continue,
        exit_notification=present(sent=details.exit_sent, to=details.exit_to) if details.exit_sent else None,
    )

    def change(doc: Any) -> None:
        merge_map(doc, "closure", fields, order("case"), order("case", "closure"))
        _status(doc, "closed")

    return _step(repo, case, "close", change, options=options, finish=finish)


def reopen(
    repo: Repository,
    case: str,
    when: str,
    reason: str | None,
    *,
    options: WriteOptions,
    finish: Change | None = None,
) -> WriteResult:
    """Re-open a closed case (the indicator counts re-openings within 6-12 months)."""
    record = repo.get("case", case)
    if record is not None and record.get("status") != "closed":
        raise RecordError(
            _("{case} is {status}, not closed; only a closed case can be reopened").format(
                case=case, status=record.get("status")
            )
        )

    def change(doc: Any) -> None:
        append_item(doc, "reopened", present(date=when, reason=reason), order("case"))
        _status(doc, "active")

    return _step(repo, case, "reopen", change, options=options, finish=finish, allowed_when_closed=True)


def case_rows(
    repo: Repository,
    *,
    status: str | None = None,
    year: int | None = None,
    concern: str | None = None,
    manager: str | None = None,
    keep: Callable[[Record], bool] | None = None,
) -> list[dict[str, Any]]:
    """One row per case, by id: status, received, concerns, flags, risk, manager, last contact."""
    rows = []
    for case in repo.of("case"):
        received = str(case.get("referral", "received", default=""))
        if status and case.get("status") != status:
            continue
        if year and not received.startswith(str(year)):
            continue
        if concern and concern not in case.get("concerns", default=[]):
            continue
        if manager and case.get("case_manager", "member") != manager:
            continue
        if keep is not None and not keep(case):
            continue
        contacts = [as_date(c.get("date")) for c in case.get("contacts", default=[])]
        last = max((d for d in contacts if d is not None), default=None)
        rows.append(
            {
                "id": case.id,
                "status": case.get("status", default=""),
                "received": received,
                "code": case.get("subject", "code", default=""),
                "concerns": list(case.get("concerns", default=[])),
                "emergency": bool(case.get("referral", "emergency", default=False)),
                "red_flag": bool(case.get("red_flag", default=False)),
                "risk": case.get("assessment", "risk_level", default=""),
                "manager": case.get("case_manager", "member", default=""),
                "last_contact": last.isoformat() if isinstance(last, date) else "",
            }
        )
    return rows


@dataclass(frozen=True, kw_only=True)
class Subject:
    """A further person of a case, e.g. a family member: a pseudonymous code of their own and a role.

    Like the case's own subject, the person is never named in clear: their identity goes only
    into their own sealed block (the `finish` hook, `lpsc_cli.editing.sealing.subject_finish`).
    """

    code: str
    role: str
    age_band: str | None = None
    sex: str | None = None


def case_codes(record: Record) -> list[str]:
    """Every pseudonymous code of a case: its subject's, then each further person's."""
    codes = [record.get("subject", "code")]
    codes.extend(s.get("code") for s in record.get("subjects", default=[]) if isinstance(s, dict))
    return [c for c in codes if isinstance(c, str)]


def add_subject(
    repo: Repository, case: str, subject: Subject, *, options: WriteOptions, finish: Change | None = None
) -> WriteResult:
    """Add a further person to a case (several family members in one case); codes are unique in it."""
    record = repo.get("case", case)
    if record is not None and subject.code in case_codes(record):
        raise RecordError(
            _("{case} already has a person with the code {code}; give each person a code of their own").format(
                case=case, code=subject.code
            )
        )
    fields = present(code=subject.code, role=subject.role, age_band=subject.age_band, sex=subject.sex)
    return _append_step(repo, case, "subject", "subjects", fields, options=options, finish=finish)
