"""`lpsc check` on obligations: missed deadlines as findings, and the settings of the rules.

Runs every enabled rule of `lpsc_cli.rules` on `options.as_of` and reports the obligations that
are overdue or were met late, with the rule id as code, at the rule's severity, pointing at the
record's file (lines are resolved by the check pipeline). It also validates `lpsc.yaml`
`rules:` (unknown rule, unknown setting, wrong type) and `calendar.closures`.

Sources: the council's own obligations and their times come from the Elbasan model regulation —
meetings, notice and decisions (R art. 7.2, 7.4, 7.8), the chair's report to the municipal
council (R art. 5.2), the plan, its consultations and monitoring (R art. 6.7, 8.3–8.6), the
Coordination Secretariat (R art. 9.2), the minutes (R art. 10.2) and the press release (R art.
11.1, 11.3); the rest from the 2025 assessment of the Normative Act — notification and absences
(A §3.2.1), reporting to the CVE centre, the NCCS and the Prefect (A §3.5), red flags (A §3.6.4),
confidentiality (A §3.6.5, A Annex 3 VII), training (A §3.6.7 and the KPI table) and the case-
management checklist (A Annex 3 I–IX). Each rule's docstring cites its own article or section.
Why a check: A §3.6.4 finds tracking left to paper files, e-mails and minutes, and A §4
(recommendation 7) asks for indicators such as response times, reviewed regularly.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from lpsc_cli.errors import Issue
from lpsc_cli.rules import obligation_findings, settings_issues

if TYPE_CHECKING:
    from lpsc_cli.checks import CheckOptions
    from lpsc_cli.repository import Repository


def check(repo: Repository, options: CheckOptions) -> Iterator[Issue]:
    """Missed obligations (each carrying its obligation id), less those the council acknowledged
    (`lpsc ack`: they stay late in `lpsc deadlines`, `kpi` and the reports)."""
    yield from settings_issues(repo.config)
    yield from obligation_findings(repo, as_of=options.as_of).issues
