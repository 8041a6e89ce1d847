"""Report submissions: that a report was sent, for which period, on which day, to whom.

Rendering the reports themselves is the documents' business; this records the submission the
obligations (annual-report, prefect-reports, chair-reports-council) look for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lpsc_cli.editing.core import WriteOptions, WriteResult, create_record, free_id, present
from lpsc_cli.repository import Repository

#: The id of a submission, from its kind and period: annual-2025, prefect-2025-03, ...
ID_PREFIX = {
    "annual-activity": "annual",
    "chair-to-municipal-council": "council",
    "prefect-monthly": "prefect",
    "prefect-quarterly": "prefect",
    "plan-monitoring": "monitoring",
}


@dataclass(frozen=True, kw_only=True)
class Submission:
    """A report submission (docs/records.md, `reports/`)."""

    kind: str
    period: str
    submitted: str | None = None
    to: tuple[str, ...] = ()
    protocol: str | None = None
    id: str | None = None


def add_report(repo: Repository, submission: Submission, *, options: WriteOptions) -> WriteResult:
    data = present(
        kind=submission.kind,
        period=submission.period,
        submitted=submission.submitted,
        to=list(submission.to),
        protocol=submission.protocol,
    )
    given = submission.id

    def allocate() -> str:
        base = f"{ID_PREFIX[submission.kind]}-{submission.period.lower()}"
        return given or free_id(repo, "report", base)

    return create_record(repo, "report", data, options=options, allocate=allocate, verb="add")


def report_rows(repo: Repository, *, kind: str | None = None, year: int | None = None) -> list[dict[str, Any]]:
    """One row per submission, by period: id, kind, period, submitted, to."""
    rows = []
    for report in sorted(repo.of("report"), key=lambda r: (str(r.get("period", default="")), r.id)):
        period = str(report.get("period", default=""))
        if kind and report.get("kind") != kind:
            continue
        if year and not period.startswith(str(year)):
            continue
        rows.append(
            {
                "id": report.id,
                "kind": report.get("kind", default=""),
                "period": period,
                "submitted": report.get("submitted", default=""),
                "to": list(report.get("to", default=[])),
            }
        )
    return rows
