"""`lpsc case new|screen|assess|plan|assign|contact|review|transfer|close|reopen|share|...|list|show`.

One verb per step of the case-management model (A Annex 3), each recording the fields of that
step (see lpsc_cli/editing/cases.py for the status each step leaves). Case files are
pseudonymous: a name, birth date, address, phone number or free text given here is sealed,
never written in clear; give it as `-` to type it at a hidden prompt (or pipe it in), so that
it stays out of the shell's history.
"""

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from lpsc_cli.cli.common import AsOfOption, RepoOption, dump_json, handle_errors, load, parse_day
from lpsc_cli.cli.completion import complete_case_id
from lpsc_cli.cli.helpview import one_of
from lpsc_cli.cli.keys import (
    AddressOption,
    BirthDateOption,
    ContactNotesOption,
    GuardianOption,
    IdentityOption,
    IspGoalsOption,
    NameOption,
    NarrativeOption,
    PhoneOption,
    ReaderOption,
    RiskRationaleOption,
)
from lpsc_cli.cli.writing import (
    CommitOption,
    DryRunOption,
    ListFormat,
    ListFormatOption,
    OutputOption,
    ShowFormat,
    ShowFormatOption,
    YearOption,
    day,
    existing,
    id_argument,
    maybe_pick,
    moment,
    overdue_records,
    pick,
    print_rows,
    required,
    required_day,
    required_many,
    run_write,
    sealed_value,
    sealed_values,
    show_record,
    write_options,
)
from lpsc_cli.errors import UsageError
from lpsc_cli.i18n import N_
from lpsc_cli.i18n import gettext as _
from lpsc_cli.vocabulary import (
    CASE_STATUS,
    CHANNELS,
    CLOSURE_REASONS,
    CONCERNS,
    CONSENT_BY,
    CONTACT_KINDS,
    EXIT_TO,
    GOAL_STATUS,
    GOALS_ACHIEVED,
    REOPEN_REASONS,
    REVIEW_KINDS,
    RISK_LEVELS,
    SCREENING_OUTCOMES,
    SECTORS,
    SEXES,
    SUBJECT_GROUPS,
    choices,
)

SUBJECT_ROLES = choices("case", "subjects", "*", "role")

# The library is imported inside each command, not here: `lpsc --help` and every other command's
# start-up must not load YAML, schemas, git or the checks (docs/architecture.md).

if TYPE_CHECKING:
    from pathlib import Path

    from lpsc_cli.editing.cases import Goal
    from lpsc_cli.editing.core import Change
    from lpsc_cli.repository import Repository

CaseArgument = Annotated[
    str,
    typer.Argument(
        help="The case's id, e.g. case-2025-004.",
        show_default=False,
        callback=id_argument,
        autocompletion=complete_case_id,
    ),
]


def _sealer(
    parts: dict[str, Any], readers: "list[str] | None", identity: "Path | None"
) -> "Callable[[Repository], Change | None]":
    """A factory of the hook that seals `parts` (and added readers) into the case being written.

    Free text and identity never reach the case file in clear: the hook encrypts them into the
    `sealed` block, after the step's own change, so that a newly assigned manager is a reader.
    """

    def hook(repository: "Repository") -> "Change | None":
        if not parts and not readers:
            return None
        from lpsc_cli.editing.sealing import sealing_finish

        return sealing_finish(repository, parts, extra_readers=readers or (), identity=identity, as_of=parse_day(None))

    return hook


def _parts(**given: Any) -> dict[str, Any]:
    from lpsc_cli.sealing.access import collect_parts

    return collect_parts(**given)


def _identity_parts(
    name: str | None,
    birth_date: str | None,
    address: str | None,
    phone: str | None,
    guardian: list[str] | None,
    narrative: str | None = None,
) -> dict[str, Any]:
    """The sealed parts of the identity options (and narrative); one of them may be `-` (standard input)."""
    given = sealed_values(
        {
            "--name": name,
            "--birth-date": birth_date,
            "--address": address,
            "--phone": phone,
            "--guardian": guardian,
            "--narrative": narrative,
        }
    )
    return _parts(
        name=given["--name"],
        birth_date=given["--birth-date"],
        address=given["--address"],
        phone=given["--phone"],
        guardians=given["--guardian"] or (),
        narrative=given["--narrative"],
    )


def case_new(
    received: Annotated[
        str | None, typer.Option("--received", help="When the referral arrived (YYYY-MM-DDTHH:MM, 'now').")
    ] = None,
    referred_by: Annotated[
        str | None, typer.Option("--referred-by", help="Referring institution's id, or 'community'.")
    ] = None,
    concern: Annotated[
        list[str] | None,
        typer.Option("--concern", help=one_of(CONCERNS, N_("What it is about (repeat). One of: {values}."))),
    ] = None,
    emergency: Annotated[bool, typer.Option("--emergency", help="An emergency referral (24-hour rule).")] = False,
    red_flag: Annotated[bool, typer.Option("--red-flag", help="Related to violent extremism (A §3.6.4).")] = False,
    code: Annotated[
        str | None, typer.Option("--code", help="Pseudonymous code such as A.G. (default: the case number).")
    ] = None,
    age_band: Annotated[str | None, typer.Option("--age-band", help="Age band, e.g. 13-17 or 65+.")] = None,
    sex: Annotated[str | None, typer.Option("--sex", help=one_of(SEXES))] = None,
    group: Annotated[
        list[str] | None, typer.Option("--group", help=one_of(SUBJECT_GROUPS, N_("Group (repeat). One of: {values}.")))
    ] = None,
    channel: Annotated[str | None, typer.Option("--channel", help=one_of(CHANNELS))] = None,
    form_complete: Annotated[
        bool | None, typer.Option("--form-complete/--form-incomplete", help="Was the referral form complete?")
    ] = None,
    missing: Annotated[
        list[str] | None, typer.Option("--missing", help="A referral form field left blank (repeat).")
    ] = None,
    escalated_at: Annotated[str | None, typer.Option("--escalated-at", help="Emergency escalated at.")] = None,
    addressed_at: Annotated[str | None, typer.Option("--addressed-at", help="Emergency addressed at.")] = None,
    registered: Annotated[
        str | None, typer.Option("--registered", help="Date the case was registered (YYYY-MM-DD or 'today').")
    ] = None,
    from_council: Annotated[
        str | None, typer.Option("--from-council", help="A case transferred in: the council it came from.")
    ] = None,
    documents_complete: Annotated[
        bool | None,
        typer.Option(
            "--documents-complete/--documents-missing", help="Did a transferred case arrive fully documented?"
        ),
    ] = None,
    name: NameOption = None,
    birth_date: BirthDateOption = None,
    address: AddressOption = None,
    phone: PhoneOption = None,
    guardian: GuardianOption = None,
    narrative: NarrativeOption = None,
    reader: ReaderOption = None,
    identity: IdentityOption = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Open a case for a referral; the id is the next free case-YYYY-NNN of the referral's year.

    A case transferred from another council is opened the same way, with --from-council (or
    with `lpsc case receive`, which asks for it).

    Identity and narrative options are sealed: encrypted to the case's readers, never in clear.
    Give one of them as '-' to type it at a hidden prompt (or pipe it in), out of the shell's history.
    """
    from lpsc_cli.editing import cases
    from lpsc_cli.editing.values import choices, ids, record_id

    with handle_errors():
        when = moment(
            required(received, option="--received", prompt=_("Received at (YYYY-MM-DDTHH:MM)")), option="--received"
        )
        referral = cases.Referral(
            received=when or "",
            referred_by=record_id(
                required(referred_by, option="--referred-by", prompt=_("Referred by (institution id or community)")),
                option="--referred-by",
            ),
            concerns=tuple(
                choices(
                    required_many(concern, option="--concern", prompt=_("Concerns"), choices=CONCERNS),
                    CONCERNS,
                    option="--concern",
                )
            ),
            code=code.strip() if code else None,
            age_band=age_band.strip() if age_band else None,
            sex=maybe_pick(sex, SEXES, option="--sex"),
            groups=tuple(choices(group or (), SUBJECT_GROUPS, option="--group")),
            channel=maybe_pick(channel, CHANNELS, option="--channel"),
            form_complete=form_complete,
            missing=tuple(ids(missing or (), option="--missing")),
            emergency=emergency or bool(escalated_at or addressed_at),
            escalated_at=moment(escalated_at, option="--escalated-at"),
            addressed_at=moment(addressed_at, option="--addressed-at"),
            red_flag=red_flag,
            registered=day(registered, option="--registered"),
            received_from=(record_id(from_council, option="--from-council"), (when or "")[:10], documents_complete)
            if from_council
            else None,
        )
        if documents_complete is not None and not from_council:
            raise UsageError(_("--documents-complete/--documents-missing go with --from-council"))
        parts = _identity_parts(name, birth_date, address, phone, guardian, narrative)
        seal = _sealer(parts, reader, identity)
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: cases.new_case(r, referral, options=options, finish=seal(r)))


def case_screen(
    case: CaseArgument,
    screened: Annotated[str | None, typer.Option("--date", help="Date of screening (YYYY-MM-DD or 'today').")] = None,
    outcome: Annotated[str | None, typer.Option("--outcome", help=one_of(SCREENING_OUTCOMES))] = None,
    registered: Annotated[
        str | None, typer.Option("--registered", help="Date the case was registered (YYYY-MM-DD or 'today').")
    ] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record the screening and triage (within 5 working days of the referral, A Annex 3 I)."""
    from lpsc_cli.editing import cases

    with handle_errors():
        screening = cases.Screening(
            date=required_day(screened, option="--date", prompt=_("Screened on")),
            outcome=pick(outcome, SCREENING_OUTCOMES, option="--outcome", prompt=_("Outcome")),
            registered=day(registered, option="--registered"),
        )
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: cases.screen(r, case, screening, options=options), case=case)


def case_assess(
    case: CaseArgument,
    assessed: Annotated[
        str | None, typer.Option("--date", help="Date of the risk assessment (YYYY-MM-DD or 'today').")
    ] = None,
    risk: Annotated[str | None, typer.Option("--risk", help=one_of(RISK_LEVELS))] = None,
    sector: Annotated[
        list[str] | None, typer.Option("--sector", help="A sector consulted (repeat; three or more is the aim).")
    ] = None,
    annex2: Annotated[
        bool | None, typer.Option("--annex2-complete/--annex2-incomplete", help="Annex 2 tool filled in full?")
    ] = None,
    data_collection: Annotated[
        bool | None,
        typer.Option("--data-collection-complete/--data-collection-incomplete", help="Multi-sector data collected?"),
    ] = None,
    rationale: Annotated[
        bool | None, typer.Option("--rationale-recorded/--no-rationale", help="Rationale recorded (sealed)?")
    ] = None,
    contextual: Annotated[
        bool | None,
        typer.Option("--contextual-factors/--no-contextual-factors", help="Community and context considered?"),
    ] = None,
    risk_rationale: RiskRationaleOption = None,
    identity: IdentityOption = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record the multi-sector risk assessment (A Annex 3 II)."""
    from lpsc_cli.editing import cases
    from lpsc_cli.editing.values import choices

    with handle_errors():
        assessment = cases.Assessment(
            date=required_day(assessed, option="--date", prompt=_("Assessed on")),
            risk_level=pick(risk, RISK_LEVELS, option="--risk", prompt=_("Risk level")),
            sectors=tuple(choices(sector or (), SECTORS, option="--sector")),
            annex2_complete=annex2,
            data_collection_complete=data_collection,
            rationale_recorded=True if risk_rationale and rationale is None else rationale,
            contextual_factors=contextual,
        )
        rationale_text = sealed_value(risk_rationale, option="--risk-rationale")
        seal = _sealer(_parts(risk_rationale=rationale_text), None, identity)
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: cases.assess(r, case, assessment, options=options, finish=seal(r)), case=case)


def case_plan(
    case: CaseArgument,
    prepared: Annotated[
        str | None, typer.Option("--prepared", help="Date the ISP was prepared (YYYY-MM-DD or 'today').")
    ] = None,
    approved: Annotated[
        str | None, typer.Option("--approved", help="Date the ISP was approved (YYYY-MM-DD or 'today').")
    ] = None,
    signed: Annotated[
        str | None, typer.Option("--signed", help="Date the ISP was signed (YYYY-MM-DD or 'today').")
    ] = None,
    review_due: Annotated[
        str | None, typer.Option("--review-due", help="Agreed review date (6-12 months) (YYYY-MM-DD or 'today').")
    ] = None,
    goal: Annotated[
        list[str] | None,
        typer.Option("--goal", help="A goal as SECTOR or SECTOR:INSTITUTION,INSTITUTION (repeat)."),
    ] = None,
    consent_given: Annotated[
        str | None, typer.Option("--consent-given", help="Date informed consent was given (YYYY-MM-DD or 'today').")
    ] = None,
    consent_by: Annotated[str | None, typer.Option("--consent-by", help=one_of(CONSENT_BY))] = None,
    consent_withdrawn: Annotated[
        str | None, typer.Option("--consent-withdrawn", help="Date consent was withdrawn (YYYY-MM-DD or 'today').")
    ] = None,
    isp_goals: IspGoalsOption = None,
    identity: IdentityOption = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record the Individual Support Plan and consent (A Annex 3 III); approved makes the case active."""
    from lpsc_cli.editing import cases

    with handle_errors():
        isp = cases.SupportPlan(
            prepared=day(prepared, option="--prepared"),
            approved=day(approved, option="--approved"),
            signed=day(signed, option="--signed"),
            review_due=day(review_due, option="--review-due"),
            goals=tuple(_goal(g) for g in goal or ()),
            consent_given=day(consent_given, option="--consent-given"),
            consent_by=maybe_pick(consent_by, CONSENT_BY, option="--consent-by"),
            consent_withdrawn=day(consent_withdrawn, option="--consent-withdrawn"),
        )
        if isp == cases.SupportPlan() and not isp_goals:
            raise UsageError(
                _("give at least one of --prepared, --approved, --signed, --goal, --consent-given, --isp-goals")
            )
        if (consent_by or consent_withdrawn) and not consent_given:
            raise UsageError(_("--consent-by and --consent-withdrawn describe a consent; give --consent-given too"))
        seal = _sealer(_parts(isp_goals=sealed_value(isp_goals, option="--isp-goals")), None, identity)
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: cases.plan_support(r, case, isp, options=options, finish=seal(r)), case=case)


def _goal(value: str) -> "Goal":
    from lpsc_cli.editing import cases
    from lpsc_cli.editing.values import choice, ids

    area, _colon, responsible = value.partition(":")
    return cases.Goal(
        area=choice(area, SECTORS, option="--goal"),
        responsible=tuple(ids([responsible], option="--goal")) if responsible.strip() else (),
        status="pending",
    )


def case_assign(
    case: CaseArgument,
    manager: Annotated[str | None, typer.Option("--manager", help="The case manager (a member id).")] = None,
    assigned: Annotated[
        str | None, typer.Option("--assigned", help="Date of assignment (YYYY-MM-DD or 'today').")
    ] = None,
    identity: IdentityOption = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Assign the case manager (within 3 days of the ISP's approval, A Annex 3 IV).

    A sealed case is re-encrypted so that the new manager can read it, when your key can read
    it; otherwise the assignment is written and a reader must run `lpsc reseal --case ID`.
    """
    from lpsc_cli.editing import cases
    from lpsc_cli.editing.values import record_id

    with handle_errors():
        member = record_id(
            required(manager, option="--manager", prompt=_("Case manager (member id)")), option="--manager"
        )
        when = required_day(assigned, option="--assigned", prompt=_("Assigned on"))
        options = write_options(dry_run=dry_run, commit=commit)
    skipped: list[str] = []
    run_write(
        repo,
        lambda r: cases.assign(r, case, member, when, options=options, finish=_reseal(r, case, identity, skipped)),
        case=case,
    )
    if skipped:
        sys.stderr.write(
            _(
                "lpsc: the sealed data of {case} was not re-encrypted for {member}: {reason}\n"
                "A reader of the case must run: lpsc reseal --case {case}\n"
            ).format(case=case, member=member, reason=skipped[0])
        )


def _reseal(repository: "Repository", case_id: str, identity: "Path | None", skipped: list[str]) -> "Change | None":
    """A hook that re-seals an already sealed case to its readers (the new manager among them)."""
    record = repository.get("case", case_id)
    if record is None or not record.get("sealed"):
        return None
    from lpsc_cli.editing.sealing import sealing_finish
    from lpsc_cli.errors import LpscError

    inner = sealing_finish(repository, {}, identity=identity, as_of=parse_day(None))

    def finish(document: Any) -> None:
        try:
            inner(document)
        except LpscError as exc:  # not a reader, or no key here: the assignment still stands
            skipped.append(str(exc).splitlines()[0])

    return finish


def case_contact(
    case: CaseArgument,
    contacted: Annotated[
        str | None, typer.Option("--date", help="Date of the contact (YYYY-MM-DD or 'today').")
    ] = None,
    kind: Annotated[str | None, typer.Option("--kind", help=one_of(CONTACT_KINDS))] = None,
    by: Annotated[str | None, typer.Option("--by", help="The member who made the contact.")] = None,
    sector: Annotated[list[str] | None, typer.Option("--sector", help="A sector involved (repeat).")] = None,
    provider: Annotated[
        str | None, typer.Option("--provider", help="An outside service provider that made it (institution id).")
    ] = None,
    contact_notes: ContactNotesOption = None,
    identity: IdentityOption = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record a follow-up contact (monthly for an active case, A Annex 3 IV); notes are sealed."""
    from lpsc_cli.editing import cases
    from lpsc_cli.editing.values import choices, record_id

    with handle_errors():
        details = cases.Contact(
            date=required_day(contacted, option="--date", prompt=_("Contact on")),
            kind=pick(kind, CONTACT_KINDS, option="--kind", prompt=_("Kind of contact")),
            by=record_id(by, option="--by") if by else None,
            sectors=tuple(choices(sector or (), SECTORS, option="--sector")),
            provider=record_id(provider, option="--provider") if provider else None,
        )
        notes = sealed_value(contact_notes, option="--contact-notes")
        seal = _sealer(_parts(contact_notes=notes), None, identity)
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: cases.contact(r, case, details, options=options, finish=seal(r)), case=case)


def case_review(
    case: CaseArgument,
    reviewed: Annotated[str | None, typer.Option("--date", help="Date of the review (YYYY-MM-DD or 'today').")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help=one_of(REVIEW_KINDS))] = None,
    isp_adjusted: Annotated[
        bool | None, typer.Option("--isp-adjusted/--isp-unchanged", help="Was the ISP adjusted?")
    ] = None,
    services_adjusted: Annotated[
        bool | None, typer.Option("--services-adjusted/--services-unchanged", help="Were services adjusted?")
    ] = None,
    lessons: Annotated[
        bool | None, typer.Option("--lessons-captured/--no-lessons", help="Were lessons learned captured?")
    ] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record a case review (at 6 and 12 months, A Annex 3 IX)."""
    from lpsc_cli.editing import cases

    with handle_errors():
        details = cases.Review(
            date=required_day(reviewed, option="--date", prompt=_("Reviewed on")),
            kind=pick(kind, REVIEW_KINDS, option="--kind", prompt=_("Kind of review")),
            isp_adjusted=isp_adjusted,
            services_adjusted=services_adjusted,
            lessons_captured=lessons,
        )
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: cases.review(r, case, details, options=options), case=case)


def case_transfer(
    case: CaseArgument,
    to: Annotated[str | None, typer.Option("--to", help="The receiving council's id, e.g. librazhd.")] = None,
    transferred: Annotated[
        str | None, typer.Option("--date", help="Date of the transfer (YYYY-MM-DD or 'today').")
    ] = None,
    documents_complete: Annotated[
        bool | None,
        typer.Option("--documents-complete/--documents-incomplete", help="Did complete documentation go with it?"),
    ] = None,
    acknowledged: Annotated[
        str | None,
        typer.Option("--acknowledged", help="Date the receiving council acknowledged it (YYYY-MM-DD or 'today')."),
    ] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Transfer the case to another council (A Annex 3 VIII)."""
    from lpsc_cli.editing import cases
    from lpsc_cli.editing.values import record_id

    with handle_errors():
        details = cases.Transfer(
            to=record_id(required(to, option="--to", prompt=_("Receiving council (id)")), option="--to"),
            date=required_day(transferred, option="--date", prompt=_("Transferred on")),
            documents_complete=documents_complete,
            acknowledged=day(acknowledged, option="--acknowledged"),
        )
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: cases.transfer(r, case, details, options=options), case=case)


def case_close(
    case: CaseArgument,
    closed: Annotated[str | None, typer.Option("--date", help="Date of closure (YYYY-MM-DD or 'today').")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help=one_of(CLOSURE_REASONS))] = None,
    goals: Annotated[str | None, typer.Option("--goals-achieved", help=one_of(GOALS_ACHIEVED))] = None,
    report: Annotated[
        str | None,
        typer.Option("--report-completed", help="Date the closure report was completed (YYYY-MM-DD or 'today')."),
    ] = None,
    services: Annotated[
        bool | None,
        typer.Option("--services-continue/--services-end", help="Do mainstream services continue?"),
    ] = None,
    exit_sent: Annotated[
        str | None, typer.Option("--exit-sent", help="Date the exit notification was sent (YYYY-MM-DD or 'today').")
    ] = None,
    exit_to: Annotated[str | None, typer.Option("--exit-to", help=one_of(EXIT_TO))] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Close the case: closure report and exit notification (A Annex 3 VI)."""
    from lpsc_cli.editing import cases

    with handle_errors():
        if exit_to and not exit_sent:
            raise UsageError(_("--exit-to describes the exit notification; give --exit-sent too"))
        details = cases.Closure(
            date=required_day(closed, option="--date", prompt=_("Closed on")),
            reason=pick(reason, CLOSURE_REASONS, option="--reason", prompt=_("Reason")),
            goals_achieved=maybe_pick(goals, GOALS_ACHIEVED, option="--goals-achieved"),
            report_completed=day(report, option="--report-completed"),
            mainstream_services_continue=services,
            exit_sent=day(exit_sent, option="--exit-sent"),
            exit_to=maybe_pick(exit_to, EXIT_TO, option="--exit-to"),
        )
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: cases.close(r, case, details, options=options), case=case)


def case_reopen(
    case: CaseArgument,
    reopened: Annotated[str | None, typer.Option("--date", help="Date of re-opening (YYYY-MM-DD or 'today').")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help=one_of(REOPEN_REASONS))] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Re-open a closed case; it becomes active again."""
    from lpsc_cli.editing import cases

    with handle_errors():
        when = required_day(reopened, option="--date", prompt=_("Reopened on"))
        why = pick(reason, REOPEN_REASONS, option="--reason", prompt=_("Reason"))
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: cases.reopen(r, case, when, why, options=options), case=case)


def case_share(
    case: CaseArgument,
    lpsc: Annotated[
        str | None, typer.Option("--lpsc", help="Date shared with the LPSC (YYYY-MM-DD or 'today').")
    ] = None,
    cve: Annotated[
        str | None, typer.Option("--cve", help="Date shared with the CVE structures (YYYY-MM-DD or 'today').")
    ] = None,
    police: Annotated[
        str | None, typer.Option("--police", help="Date shared with the police (YYYY-MM-DD or 'today').")
    ] = None,
    regional_cve: Annotated[
        str | None,
        typer.Option(
            "--regional-cve", help="Red flag: date reported to the regional CVE coordinator (YYYY-MM-DD or 'today')."
        ),
    ] = None,
    national_cve: Annotated[
        str | None,
        typer.Option(
            "--national-cve", help="Red flag: date reported to the National CVE Centre (YYYY-MM-DD or 'today')."
        ),
    ] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record who the referral was shared with, and a red flag's reporting (A §3.6.4)."""
    from lpsc_cli.editing import cases

    with handle_errors():
        sharing = cases.Sharing(
            lpsc=day(lpsc, option="--lpsc"),
            cve=day(cve, option="--cve"),
            police=day(police, option="--police"),
            regional_cve=day(regional_cve, option="--regional-cve"),
            national_cve=day(national_cve, option="--national-cve"),
        )
        if sharing == cases.Sharing():
            raise UsageError(_("give at least one of --lpsc, --cve, --police, --regional-cve, --national-cve"))
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: cases.share(r, case, sharing, options=options), case=case)


def case_escalate(
    case: CaseArgument,
    escalated_at: Annotated[str | None, typer.Option("--escalated-at", help="When it was escalated.")] = None,
    addressed_at: Annotated[str | None, typer.Option("--addressed-at", help="When it was addressed.")] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record an emergency's escalation and when it was addressed (24 hours, A Annex 3 I)."""
    from lpsc_cli.editing import cases

    with handle_errors():
        if not escalated_at and not addressed_at:
            raise UsageError(_("give --escalated-at, --addressed-at or both"))
        escalated = moment(escalated_at, option="--escalated-at")
        addressed = moment(addressed_at, option="--addressed-at")
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: cases.escalate(r, case, escalated, addressed, options=options), case=case)


def case_progress(
    case: CaseArgument,
    period: Annotated[str | None, typer.Option("--period", help="The period reported: YYYY-MM or YYYY-Qn.")] = None,
    submitted: Annotated[
        str | None, typer.Option("--submitted", help="Date the report was submitted (YYYY-MM-DD or 'today').")
    ] = None,
    due: Annotated[str | None, typer.Option("--due", help="Date it was due (YYYY-MM-DD or 'today').")] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record a periodic progress report on the case (A §3.5)."""
    from lpsc_cli.editing import cases
    from lpsc_cli.editing.values import parse_period

    with handle_errors():
        which = parse_period(required(period, option="--period", prompt=_("Period (YYYY-MM)")), option="--period")
        sent = day(submitted, option="--submitted")
        due_day = day(due, option="--due")
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: cases.progress_report(r, case, which, sent, due_day, options=options), case=case)


def case_list(
    status: Annotated[str | None, typer.Option("--status", help=one_of(CASE_STATUS))] = None,
    year: YearOption = None,
    concern: Annotated[str | None, typer.Option("--concern", help="Only cases with this concern.")] = None,
    manager: Annotated[str | None, typer.Option("--manager", help="Only cases of this case manager.")] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only cases with an overdue obligation on --as-of (see lpsc deadlines).")
    ] = False,
    as_of: AsOfOption = None,
    output_format: ListFormatOption = ListFormat.text,
    output: OutputOption = None,
    repo: RepoOption = None,
) -> None:
    """List cases: status, referral, concerns, flags, risk, manager and last contact."""
    from lpsc_cli.editing import cases

    with handle_errors():
        picked = maybe_pick(status, CASE_STATUS, option="--status")
        wanted = maybe_pick(concern, CONCERNS, option="--concern")
        repository = load(repo)
        late = overdue_records(repository, parse_day(as_of)) if overdue else None
        rows = cases.case_rows(
            repository,
            status=picked,
            year=year,
            concern=wanted,
            manager=manager,
            keep=None if late is None else (lambda case: case.id in late),
        )
    print_rows(rows, output_format, empty=_("no cases"), output=output)


def case_show(
    case: CaseArgument,
    output_format: ShowFormatOption = ShowFormat.yaml,
    reveal: Annotated[
        bool, typer.Option("--reveal", help="Decrypt the sealed identity and narrative (readers only).")
    ] = False,
    identity: IdentityOption = None,
    repo: RepoOption = None,
) -> None:
    """Show one case's record; with --reveal, also its sealed content, if your key can read it.

    A member who is not a reader is told who can read the case, and nothing else.
    """
    with handle_errors():
        repository = load(repo)
        record = existing(repository, "case", case)
        content = None
        people: dict[str, Any] = {}
        if reveal:
            from lpsc_cli.sealing.access import reveal_lines, sealed_content

            content = reveal_lines(repository, record, identity)
            for person in record.get("subjects", default=[]):
                if isinstance(person.get("sealed"), dict):
                    holder = {"id": record.id, "sealed": person["sealed"]}
                    people[str(person.get("code"))] = sealed_content(repository, holder, identity)
    if content is not None and output_format is ShowFormat.json:
        sys.stdout.write(dump_json({**record.data, "sealed_content": content, "subjects_sealed_content": people}))
        return
    show_record(record, repository, output_format)
    if content is not None:
        from lpsc_cli.sealing.access import revealed_text

        typer.echo(_("# sealed content (do not copy it into files, e-mail or chat)"))
        sys.stdout.write(revealed_text(content) or _("(nothing sealed)") + "\n")
        for code, revealed in people.items():
            typer.echo(_("# sealed identity of {code}").format(code=code))
            sys.stdout.write(revealed_text(revealed))
        from lpsc_cli.signatures import sealed_signer_note

        trusted, note = sealed_signer_note(repository, record)
        typer.echo(f"# {note}" if trusted else _("lpsc: warning: {note}").format(note=note), err=not trusted)


def case_receive(
    from_council: Annotated[
        str | None, typer.Option("--from-council", help="The council the case was transferred from.")
    ] = None,
    received: Annotated[
        str | None, typer.Option("--received", help="When the transferred case arrived (YYYY-MM-DDTHH:MM).")
    ] = None,
    referred_by: Annotated[
        str | None, typer.Option("--referred-by", help="Who referred it here: an institution id, or 'community'.")
    ] = None,
    concern: Annotated[
        list[str] | None,
        typer.Option("--concern", help=one_of(CONCERNS, N_("What it is about (repeat). One of: {values}."))),
    ] = None,
    documents_complete: Annotated[
        bool | None,
        typer.Option("--documents-complete/--documents-missing", help="Did the case arrive fully documented?"),
    ] = None,
    red_flag: Annotated[bool, typer.Option("--red-flag", help="Related to violent extremism (A §3.6.4).")] = False,
    code: Annotated[str | None, typer.Option("--code", help="Pseudonymous code (default: the case number).")] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Open a case transferred in from another council (A Annex 3 VIII): its origin, arrival and documents.

    For identity, narrative and the other referral details, use `lpsc case new --from-council`.
    """
    case_new(
        received=received,
        referred_by=referred_by,
        concern=concern,
        red_flag=red_flag,
        code=code,
        from_council=required(from_council, option="--from-council", prompt=_("Transferred from (council id)")),
        documents_complete=documents_complete,
        repo=repo,
        dry_run=dry_run,
        commit=commit,
        **_NEW_DEFAULTS,
    )


#: The options of `case new` that `case receive` leaves at their defaults.
_NEW_DEFAULTS: dict[str, Any] = {
    "emergency": False, "age_band": None, "sex": None, "group": None, "channel": None, "form_complete": None,
    "missing": None, "escalated_at": None, "addressed_at": None, "registered": None, "name": None,
    "birth_date": None, "address": None, "phone": None, "guardian": None, "narrative": None, "reader": None,
    "identity": None,
}  # fmt: skip


def case_consult(
    case: CaseArgument,
    sector: Annotated[
        str | None, typer.Option("--sector", help=one_of(SECTORS, N_("The expert's sector. One of: {values}.")))
    ] = None,
    consulted: Annotated[
        str | None, typer.Option("--date", help="Date of the consultation (YYYY-MM-DD or 'today').")
    ] = None,
    provider: Annotated[
        str | None, typer.Option("--provider", help="An outside provider or expert's institution (institution id).")
    ] = None,
    required_: Annotated[
        bool | None, typer.Option("--required/--optional", help="Was the consultation required?")
    ] = None,
    held: Annotated[bool | None, typer.Option("--held/--not-held", help="Did it take place?")] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record an expert consultation with a sector or an outside provider (A Annex 4.f)."""
    from lpsc_cli.editing import cases
    from lpsc_cli.editing.values import record_id

    with handle_errors():
        details = cases.Consultation(
            sector=pick(sector, SECTORS, option="--sector", prompt=_("Sector")),
            date=day(consulted, option="--date"),
            provider=record_id(provider, option="--provider") if provider else None,
            required=required_,
            held=held,
        )
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: cases.consult(r, case, details, options=options), case=case)


def case_goal(
    case: CaseArgument,
    number: Annotated[int, typer.Argument(help="The goal's number in the support plan (1 for the first).", min=1)],
    status: Annotated[str | None, typer.Option("--status", help=one_of(GOAL_STATUS))] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record how a goal of the Individual Support Plan turned out (A Annex 3 VI)."""
    from lpsc_cli.editing import cases

    with handle_errors():
        outcome = pick(status, GOAL_STATUS, option="--status", prompt=_("Goal status"))
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: cases.goal_outcome(r, case, number, outcome, options=options), case=case)


def case_subject_add(
    case: CaseArgument,
    code: Annotated[
        str | None, typer.Option("--code", help="The person's pseudonymous code, e.g. B.K. (unique in the case).")
    ] = None,
    role: Annotated[str | None, typer.Option("--role", help=one_of(SUBJECT_ROLES))] = None,
    age_band: Annotated[str | None, typer.Option("--age-band", help="Age band, e.g. 13-17 or 65+.")] = None,
    sex: Annotated[str | None, typer.Option("--sex", help=one_of(SEXES))] = None,
    name: NameOption = None,
    birth_date: BirthDateOption = None,
    address: AddressOption = None,
    phone: PhoneOption = None,
    guardian: GuardianOption = None,
    identity: IdentityOption = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Add a further person to a case, e.g. a family member: a code of their own, a role, a sealed identity.

    The identity options are sealed into the person's own block, encrypted to the case's readers,
    never in clear. Give one of them as '-' to type it at a hidden prompt (or pipe it in).
    """
    from lpsc_cli.editing import cases

    with handle_errors():
        person = cases.Subject(
            code=required(code, option="--code", prompt=_("Code (e.g. B.K.)")).strip(),
            role=pick(role, SUBJECT_ROLES, option="--role", prompt=_("Role")),
            age_band=age_band.strip() if age_band else None,
            sex=maybe_pick(sex, SEXES, option="--sex"),
        )
        parts = _identity_parts(name, birth_date, address, phone, guardian)
        options = write_options(dry_run=dry_run, commit=commit)

    def seal(repository: "Repository") -> "Change | None":
        if not parts:
            return None
        from lpsc_cli.editing.sealing import subject_finish

        return subject_finish(repository, person.code, parts, identity=identity, as_of=parse_day(None))

    run_write(repo, lambda r: cases.add_subject(r, case, person, options=options, finish=seal(r)), case=case)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    group = groups["case"]
    people = typer.Typer(help="Further people of a case (family members): codes, roles, sealed identities.")
    people.command("add")(case_subject_add)
    group.add_typer(people, name="subject", no_args_is_help=True)
    for name, command in (
        ("new", case_new),
        ("receive", case_receive),
        ("screen", case_screen),
        ("assess", case_assess),
        ("plan", case_plan),
        ("assign", case_assign),
        ("contact", case_contact),
        ("consult", case_consult),
        ("goal", case_goal),
        ("review", case_review),
        ("transfer", case_transfer),
        ("close", case_close),
        ("reopen", case_reopen),
        ("share", case_share),
        ("escalate", case_escalate),
        ("progress", case_progress),
        ("list", case_list),
        ("show", case_show),
    ):
        group.command(name)(command)
