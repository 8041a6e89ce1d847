"""Rules on training: sessions every year, and an introductory session for every new member."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING

from lpsc_cli.errors import Severity
from lpsc_cli.i18n import N_, ngettext
from lpsc_cli.i18n import gettext as _
from lpsc_cli.model import as_date
from lpsc_cli.rules.base import NORMATIVE_ACT, Deadline, RuleContext, listed, rule

if TYPE_CHECKING:
    from lpsc_cli.repository import Repository


@rule(
    "training-refresher",
    title=N_("At least 2 training sessions a year; new members get an introductory one"),
    source="A KPI table, §3.6.7",
    bases=(NORMATIVE_ACT,),
    severity=Severity.WARNING,
    minimum=2,
    introductory_days=180,
)
def training_refresher(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """The KPI table sets at least 2 (basic and refresher) training sessions a year (A §3.6.3,
    KPI table), and staff turnover calls for an introduction for every new member and regular
    refreshers (A §3.6.7; recommendation 4). Per calendar year: the `minimum`-th session held
    by 31 December. Per member whose term starts inside the window (a *new* member: on or
    after `coverage.from`, else the council's first recorded activity): a session of kind
    `introductory` they took part in, due `introductory_days` (180) calendar days after the
    term starts (one taken before the term counts). Like every recurring council obligation,
    both begin with the council's first recorded activity (`lpsc_cli.rules.coverage`, rule 3).
    """
    sessions: list[date] = []
    introduced: dict[str, date] = {}
    for training in repo.records.get("training", {}).values():
        day = as_date(training.get("date"))
        if day is None:
            continue
        sessions.append(day)
        if training.get("kind") == "introductory":
            for participant in listed(training.get("participants")):
                member = participant.get("member") if isinstance(participant, dict) else None
                if member and (member not in introduced or day < introduced[member]):
                    introduced[str(member)] = day
    sessions.sort()
    minimum = ctx.number("minimum")
    for year, start, end in ctx.facts.spans("year"):
        held = [d for d in sessions if start <= d <= min(end, ctx.as_of)]
        done = start if minimum < 1 else (held[minimum - 1] if len(held) >= minimum else None)
        yield ctx.judge(
            record=None,
            due=end,
            done=done,
            what=ngettext("{n} training session in {year}", "{n} training sessions in {year}", minimum).format(
                n=minimum, year=year
            ),
            period=year,
        )
    if ctx.facts.first_day is None:
        return
    first = ctx.coverage[0] or ctx.facts.first_day
    allowance = timedelta(days=ctx.number("introductory_days"))
    for member in repo.of("member"):
        start_day = as_date(member.get("term", "from"))
        if start_day is None or start_day < first or not ctx.covers(start_day):
            continue
        what = _("introductory training of new member {member}").format(member=member.id)
        yield ctx.judge(
            record=member,
            path=("term", "from"),
            due=start_day + allowance,
            done=introduced.get(member.id),
            what=what,
            key="introductory",
        )
