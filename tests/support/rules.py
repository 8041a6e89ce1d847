"""Helpers of the rule tests: records by date, one rule judged on a day, a compact view of items."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from lpsc_cli.rules import Deadline, run_rules

YEAR_2025 = {"coverage": {"from": "2025-01-01", "to": "2025-12-31"}}


def judged(builder: Any, rule: str, as_of: date, *, within: int = 14) -> list[Deadline]:
    """Load the built repository (which must load clean) and run one rule on `as_of`."""
    repo = builder.load()
    assert not repo.issues, [i.message for i in repo.issues]
    return run_rules(repo, as_of=as_of, within=within, only=[rule])


def one(builder: Any, rule: str, as_of: date, **kwargs: Any) -> Deadline:
    items = judged(builder, rule, as_of, **kwargs)
    assert len(items) == 1, [i.message for i in items]
    return items[0]


def brief(items: list[Deadline]) -> list[tuple[str, str, int]]:
    """(due, status, days) of each item, in the order given."""
    return [(str(i.due), i.status, i.days) for i in items]


def meeting(day: str, kind: str = "lpsc", **fields: Any) -> dict[str, Any]:
    prefix = {"lpsc": "lpsc", "open-consultation": "consult", "coordination-secretariat": "secr"}.get(kind, kind)
    return {"id": f"{prefix}-{day}", "type": kind, "date": day, **fields}


def case(number: int, received: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": f"case-{received[:4]}-{number:03d}",
        "status": fields.pop("status", "active"),
        "subject": {"code": "A.G."},
        "referral": {"received": received, **fields.pop("referral", {})},
        **fields,
    }


Build = Callable[..., Any]

#: Wed 12 March 2025, 10:00-12:00: invitation a day late (due 5 March), press release on time.
LATE_INVITATION = meeting(
    "2025-03-12",
    start="10:00",
    end="12:00",
    invitation={"sent": "2025-03-06T09:00"},
    press_release={"published": "2025-03-12T15:00"},
)
