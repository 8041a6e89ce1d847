"""Helpers of the indicator tests: the KPIs of a built repository, a minimal case, the reasons."""

from __future__ import annotations

from datetime import date
from typing import Any

from lpsc_cli.indicators import KpiResult, compute

YEAR = (date(2025, 1, 1), date(2025, 12, 31))


def kpis(builder: Any, *, as_of: date = date(2025, 12, 31), period: tuple[date, date] = YEAR) -> dict[str, KpiResult]:
    repo = builder.load()
    assert not repo.issues, repo.issues
    return {r.id: r for r in compute(repo, start=period[0], end=period[1], as_of=as_of, which="all")}


def case(case_id: str, received: str, **fields: Any) -> dict[str, Any]:
    """A minimal valid case; `referral={...}` adds referral fields, the rest are top-level."""
    data: dict[str, Any] = {
        "id": case_id,
        "status": fields.pop("status", "active"),
        "subject": {"code": "A.B."},
        "referral": {"received": received, **fields.pop("referral", {})},
    }
    data.update(fields)
    return data


def against(result: KpiResult) -> dict[str, str]:
    return {a.record: a.reason for a in result.records}
