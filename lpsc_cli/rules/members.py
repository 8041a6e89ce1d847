"""Rules on members: every member signs the confidentiality declaration.

The declaration is owed from the day a member's term starts; a member without a term start is
taken to serve from the start of the records (`coverage.from`, else the council's first recorded
activity). A member counts when in term on that day, inside the coverage window.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from lpsc_cli.errors import Severity
from lpsc_cli.i18n import N_
from lpsc_cli.i18n import gettext as _
from lpsc_cli.model import as_date, is_current
from lpsc_cli.rules.base import NORMATIVE_ACT, Deadline, RuleContext, rule

if TYPE_CHECKING:
    from lpsc_cli.repository import Repository


@rule(
    "confidentiality-declared",
    title=N_("Every member has signed the confidentiality declaration"),
    source="A Annex 3 VII",
    bases=(NORMATIVE_ACT,),
    severity=Severity.ERROR,
    working_days=10,
)
def confidentiality_declared(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """Every LPSC member signs a confidentiality declaration (A Annex 3 VII, "% of LPSC members
    signed confidentiality declarations (Annex 6)"; A §3.6.5 on the harm of leaks). Due
    `working_days` (10) working days after the member's term starts (without a start: after
    `coverage.from`, else the first day of the council's recorded activity); met by
    `confidentiality_declaration.signed`. A member who joined before the records began owed it
    before them and is not judged (`lpsc_cli.rules.coverage`, rule 1).
    """
    allowance = ctx.number("working_days")
    for member in repo.of("member"):
        origin = as_date(member.get("term", "from")) or ctx.coverage[0] or ctx.facts.first_day or ctx.as_of
        due = ctx.calendar.add_working_days(origin, allowance)
        if not ctx.covers(origin, due) or not is_current(member, origin):
            continue
        signed = as_date(member.get("confidentiality_declaration", "signed"))
        path = ("confidentiality_declaration", "signed") if signed else ("id",)
        what = _("confidentiality declaration of {member}").format(member=member.id)
        yield ctx.judge(record=member, path=path, due=due, done=signed, what=what, unit="working-days")
