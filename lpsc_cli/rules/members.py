"""Rules on members: every member signs the confidentiality declaration.

A member counts when the span of their term (open-ended when `term.to` is absent) overlaps the
coverage window.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from lpsc_cli.errors import Severity
from lpsc_cli.model import Record, as_date
from lpsc_cli.rules.base import Deadline, RuleContext, rule

if TYPE_CHECKING:
    from lpsc_cli.repository import Repository


def term(member: Record) -> tuple[date | None, date | None]:
    return as_date(member.get("term", "from")), as_date(member.get("term", "to"))


@rule(
    "confidentiality-declared",
    title="Every member has signed the confidentiality declaration",
    source="A Annex 3 VII",
    severity=Severity.ERROR,
    working_days=10,
)
def confidentiality_declared(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """Every LPSC member signs a confidentiality declaration (A Annex 3 VII, "% of LPSC members
    signed confidentiality declarations (Annex 6)"; A §3.6.5 on the harm of leaks). Due
    `working_days` (10) working days after the member's term starts (or on the first day of
    the council's recorded activity when the term has no start); met by
    `confidentiality_declaration.signed`.
    """
    allowance = ctx.number("working_days")
    for member in repo.of("member"):
        start, end = term(member)
        if not ctx.covers(start or ctx.facts.first_day, end or date.max):
            continue
        origin = start or ctx.facts.first_day or ctx.as_of
        due = ctx.calendar.add_working_days(origin, allowance)
        signed = as_date(member.get("confidentiality_declaration", "signed"))
        path = ("confidentiality_declaration", "signed") if signed else ("id",)
        what = f"confidentiality declaration of {member.id}"
        yield ctx.judge(record=member, path=path, due=due, done=signed, what=what, unit="working-days")
