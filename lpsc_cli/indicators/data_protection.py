"""Annex 3, section VII: data protection and documentation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lpsc_cli.i18n import N_
from lpsc_cli.i18n import gettext as _
from lpsc_cli.indicators.registry import Measure, Tally, indicator, not_computable
from lpsc_cli.model import as_date

if TYPE_CHECKING:
    from lpsc_cli.indicators.scope import Scope


@indicator(
    id="confidentiality-declarations",
    set="checklist",
    source="A Annex 3 VII.1",
    unit="percent",
    title=N_("Members with a signed confidentiality declaration"),
    definition=N_("""Share of LPSC members who signed the confidentiality declaration (A Annex 3 VII; Annex 6).

    Denominator: members whose `term` overlaps the period (a member without a term counts).
    Numerator: those with `confidentiality_declaration.signed` on or before the last day that
    counts (the period's end, or the as-of day if earlier). Against: not signed (by then).
    """),
)
def confidentiality_declarations(scope: Scope) -> Measure:
    tally = Tally()
    for member in scope.repo.of("member"):
        if not scope.overlaps(as_date(member.get("term", "from")), as_date(member.get("term", "to"))):
            continue
        signed = as_date(member.get("confidentiality_declaration", "signed"))
        reason = (
            _("no confidentiality declaration")
            if signed is None
            else _("declaration signed only on {day}").format(day=signed)
        )
        tally.judge(member.id, signed is not None and signed <= scope.last, reason)
    return tally.measure(N_("no members in the period"))


@indicator(
    id="files-data-protection",
    set="checklist",
    source="A Annex 3 VII.2",
    unit="percent",
    title=N_("Case files stored in line with data protection law"),
    definition=N_("""Share of case files stored in line with data protection law (A Annex 3 VII).

    Not computable: lawful storage is a legal judgement of how every copy of a file is kept —
    paper files, e-mail, retention, access —, which the records do not describe. The part the
    records show, encryption of identity and narrative, is sealed-files.
    """),
)
def files_data_protection(scope: Scope) -> Measure:
    return not_computable(
        _(
            "lawful storage depends on where and how every copy of a file is kept (paper, e-mail, retention, "
            "access), which the records do not describe; see sealed-files for the encrypted share"
        )
    )


@indicator(
    id="sealed-files",
    set="checklist",
    source="A Annex 3 VII.3",
    unit="percent",
    title=N_("Case files with identity and narrative sealed (secure access)"),
    definition=N_("""Share of documentation stored digitally with secure access protocols (A Annex 3 VII).

    Every record is digital; secure access is the `sealed` block: identity and narrative
    encrypted to the members who may read them (SPEC §7). Denominator: cases open at some time
    in the period (received by its last day, not closed or transferred before it began unless
    re-opened since: `lpsc_cli.lifecycle`).
    Numerator: those with a `sealed` block naming at least one reader. Against: not sealed.
    """),
)
def sealed_files(scope: Scope) -> Measure:
    tally = Tally()
    for case in scope.current:
        if not case.open_between(scope.start, scope.last):
            continue
        tally.judge(case.id, bool(case.get("sealed", "readers")), _("identity and narrative not sealed"))
    return tally.measure(N_("no cases open in the period"))


@indicator(
    id="minutes-submitted",
    set="checklist",
    source="A Annex 3 VII.4",
    unit="percent",
    title=N_("LPSC minutes submitted to the CVE centre and NCCS"),
    definition=N_("""Share of minutes submitted to the national CVE and NCCS structures (A Annex 3 VII; 4.g).

    Denominator: meetings of type `lpsc` held in the period (dated up to the as-of day).
    Numerator: those whose `minutes.submitted` has both a `cve` and an `nccs` date on or before
    the as-of day. Against: not submitted to one or both (named).
    """),
)
def minutes_submitted(scope: Scope) -> Measure:
    tally = Tally()
    for meeting in scope.lpsc_meetings:
        missing = [body for body in ("cve", "nccs") if scope.done(meeting.get("minutes", "submitted", body)) is None]
        tally.judge(
            meeting.id,
            not missing,
            _("minutes not submitted to {bodies}").format(bodies=_(" and ").join(b.upper() for b in missing)),
        )
    return tally.measure(N_("no LPSC meetings held in the period"))
