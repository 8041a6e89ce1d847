"""What the records cover, and so which obligations the rules may judge.

`lpsc.yaml` `coverage: {from, to}` is the span the records cover (`lpsc init` writes `from`:
the day the repository starts). A repository cannot tell whether something was done before
it began, so three rules keep the judgement inside what it holds:

1. **Due before `from`: not produced.** An obligation that fell due before `coverage.from`
   (an invitation for a meeting held on the first days, a declaration owed by a member who
   joined years earlier, the 2026 plan for a repository started in November 2026) is not
   judged: the council was not keeping records here then.
2. **Whole periods only.** A periodic obligation (per year, half-year, quarter or month:
   meetings, the secretariat, consultations, the plan and its monitoring, reports, training,
   a case's monthly contact or Prefect report) is judged only for periods that start on or
   after `coverage.from`. A period the records cover only in part would be judged by that
   part (two LPSC meetings asked of five weeks), so it is left out: with `from: 2026-11-23`
   the first month judged is December 2026 and the first half-year and year are 2027.
3. **The council's recurring obligations begin with its first recorded activity** — the
   earliest meeting, plan period, training or period reported on — and not before
   `coverage.from`. A repository that holds only its directory (institutions and members)
   has no council activity to judge yet, so a fresh `lpsc init` repository checks clean on
   any later day. Cases start their own obligations (rule 2 still applies to them).

`Facts` (rules/base.py) applies rules 2 and 3 to the periods and the council's start;
`run_rules` applies rule 1 to every item any rule yields.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from lpsc_cli.model import as_date
from lpsc_cli.rules.base import Deadline, RuleContext


def coverage_of(config: Mapping[str, Any]) -> tuple[date | None, date | None]:
    """The `coverage: {from, to}` window of `lpsc.yaml` (None for an open end)."""
    section = config.get("coverage")
    if not isinstance(section, Mapping):
        return None, None
    return as_date(section.get("from")), as_date(section.get("to"))


def whole_period(ctx: RuleContext, start: date, end: date) -> bool:
    """Whether a period of a rule's own (a recurring activity's slot) is judged: it starts on
    or after `coverage.from` and does not start after `coverage.to` (rule 2)."""
    low = ctx.coverage[0]
    return (low is None or start >= low) and ctx.covers(start, end)


def due_in_coverage(item: Deadline, low: date | None) -> bool:
    """Rule 1: an obligation due before `coverage.from` (`low`) is not produced."""
    return low is None or item.due_day >= low
