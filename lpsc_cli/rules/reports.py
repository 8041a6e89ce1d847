"""Rules on reports the council owes: to the municipal council, the annual activity report to
the CVE centre and the NCCS, and the case managers' monthly and quarterly reports to the Prefect.

Reports are `reports/` records (kind, period, submitted, to); a report counts for the period it
names. Council-wide obligations not yet met point at `lpsc.yaml`; met ones at the report.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING

from lpsc_cli.errors import Severity
from lpsc_cli.i18n import N_
from lpsc_cli.i18n import gettext as _
from lpsc_cli.model import Record
from lpsc_cli.rules.base import NORMATIVE_ACT, REGULATION, Deadline, RuleContext, listed, rule

if TYPE_CHECKING:
    from lpsc_cli.repository import Repository


def _submission(
    ctx: RuleContext, kind: str, period: str, *, to: tuple[str, ...] = ()
) -> tuple[date | None, Record | None]:
    """The earliest report of `kind` for `period` (sent to every one of `to`, when it says)."""
    for day, record in ctx.facts.reports.get(kind, {}).get(period, []):
        recipients = listed(record.get("to"))
        if not recipients or all(r in recipients for r in to):
            return day, record
    return None, None


@rule(
    "chair-reports-council",
    title=N_("The chair informs the municipal council at least once a year"),
    source="R art. 5.2",
    bases=(REGULATION,),
    severity=Severity.ERROR,
    days_after=90,
)
def chair_reports_council(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """The chair informs the Municipal Council about the activity of the LPSC at least once a
    year (R art. 5.2 d). Per calendar year: a report of kind `chair-to-municipal-council` for
    that year, due `days_after` (90) calendar days after the year ends.
    """
    return _yearly_report(ctx, "chair-to-municipal-council", _("chair's report on {period} to the municipal council"))


@rule(
    "annual-report",
    title=N_("Annual activity report to the CVE centre and the NCCS after each year"),
    source="A §3.5",
    bases=(NORMATIVE_ACT,),
    severity=Severity.ERROR,
    days_after=31,
)
def annual_report(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """The chair submits an annual activity report to the National CVE Coordination Centre and
    the NCCS (A §3.5, local monitoring; A §3.6.4: first due at the end of 2025). Per calendar
    year: a report of kind `annual-activity` for it, sent to `cve` and `nccs` (when `to` is
    given), due `days_after` (31) calendar days after the year ends.
    """
    return _yearly_report(
        ctx, "annual-activity", _("annual activity report {period} to CVE and NCCS"), to=("cve", "nccs")
    )


def _yearly_report(ctx: RuleContext, kind: str, what: str, *, to: tuple[str, ...] = ()) -> Iterator[Deadline | None]:
    """Per calendar year: a report of `kind` for it, due `days_after` days after the year ends."""
    after = timedelta(days=ctx.number("days_after"))
    for year, _start, end in ctx.facts.spans("year"):
        done, report = _submission(ctx, kind, year, to=to)
        path = ("submitted",) if report else ()
        yield ctx.judge(
            record=report,
            path=path,
            due=end + after,
            done=done,
            what=what.format(period=year),
            period=year,
            council=True,
        )


@rule(
    "prefect-reports",
    title=N_("Case managers report monthly and quarterly to the Prefect"),
    source="A §3.5",
    bases=(NORMATIVE_ACT,),
    severity=Severity.WARNING,
    days_after=10,
)
def prefect_reports(repo: Repository, ctx: RuleContext) -> Iterator[Deadline | None]:
    """Case managers report monthly and quarterly to the Prefect (A §3.5, local monitoring).
    For each month and each quarter in which at least one case was open (from its referral to
    its closure, transfer or non-eligibility screening, and again from each re-opening; see
    `lpsc_cli.lifecycle`): a report of kind `prefect-monthly` resp. `prefect-quarterly` for it,
    due `days_after` (10) calendar days after it ends.
    """
    open_months = _open_months(repo, ctx)
    if not open_months:
        return
    first = min(open_months)
    since = date(first // 12, first % 12 + 1, 1)
    after = timedelta(days=ctx.number("days_after"))
    for kind, label in (("month", "monthly"), ("quarter", "quarterly")):
        for period, start, end in ctx.facts.spans(kind, since=since):
            first, last = _month_index(start), _month_index(end)
            if not any(m in open_months for m in range(first, last + 1)):
                continue
            done, report = _submission(ctx, f"prefect-{label}", period)
            what = (
                _("monthly case report {period} to the Prefect")
                if label == "monthly"
                else _("quarterly case report {period} to the Prefect")
            ).format(period=period)
            path = ("submitted",) if report else ()
            yield ctx.judge(
                record=report, path=path, due=end + after, done=done, what=what, period=period, council=True
            )


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _open_months(repo: Repository, ctx: RuleContext) -> set[int]:
    """Months (as year*12 + month - 1) in which some case was open, up to the last day judged.

    A case is open as `lpsc_cli.lifecycle.open_periods` has it: from its referral to its
    closure, transfer or not-eligible screening, and again from each re-opening.
    """
    last = _month_index(ctx.facts.last_day)
    months: set[int] = set()
    for periods in ctx.facts.case_periods.values():
        for period in periods:
            stop = last if period.end is None else min(last, _month_index(period.end))
            months.update(range(_month_index(period.start), stop + 1))
    return months
