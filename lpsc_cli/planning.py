"""How far the action plan has got: the progress of an activity and of a plan on a given day.

One reading for `lpsc plan show|list` and the monitoring and annual reports (R art. 8.5–8.6),
so that they always agree. Time is a parameter: `as_of` None means "everything recorded".

**An activity on day D** (`activity_progress`): a `dropped` activity is left out (None). Its
percent is that of its latest progress entry *by date* on or before D that has a `percent`
(entries with a note only do not change it; entries on the same day count in file order); an
activity whose status is `done` counts 100 unless a progress entry is dated after D (then it
was not done yet on D); without any such entry it is 0.

**A plan on day D** (`plan_progress`): the average of its activities' percents weighted by their
`weight` (default 1), dropped activities left out, rounded to one decimal; None when no activity
counts. This is how Decidim's accountability module rolls results up.

**In the plan on day D** (`in_plan`): an activity a revision added (`added`, the revision's date)
is part of the plan from that day on; before it, it is neither listed nor counted, so that a
report on the first half-year shows the plan as it stood then (R art. 8.5–8.6). An activity
without `added` belongs to the plan as approved.

**Status on day D** (`activity_status`): `dropped`; `done` when its percent on D is 100;
`in-progress` once it has a progress entry on or before D; else its recorded status when its
progress holds no dated entry at all, and `not-started` otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from lpsc_cli.model import Record, as_date


def _entries(activity: Mapping[str, Any]) -> list[tuple[date | None, Mapping[str, Any]]]:
    progress = activity.get("progress")
    return [(as_date(p.get("date")), p) for p in progress or () if isinstance(p, Mapping)]


def _until(activity: Mapping[str, Any], as_of: date | None) -> list[Mapping[str, Any]]:
    """Progress entries dated on or before `as_of` (all dated ones when None), oldest first, stable."""
    dated = [(day, entry) for day, entry in _entries(activity) if day is not None and (as_of is None or day <= as_of)]
    dated.sort(key=lambda pair: pair[0])
    return [entry for _day, entry in dated]


def latest_entry(activity: Mapping[str, Any], as_of: date | None) -> Mapping[str, Any] | None:
    """The activity's latest progress entry by date on or before `as_of` (with or without a percent)."""
    entries = _until(activity, as_of)
    return entries[-1] if entries else None


def _done_by(activity: Mapping[str, Any], as_of: date | None) -> bool:
    if activity.get("status") != "done":
        return False
    return as_of is None or all(day is None or day <= as_of for day, _entry in _entries(activity))


def reported_percent(activity: Mapping[str, Any], as_of: date | None) -> float:
    """The percent of the latest progress entry by date on or before `as_of` that has one; else 0.

    What was reported, whatever the status: a dropped activity keeps the percent it reached.
    """
    percents = [entry["percent"] for entry in _until(activity, as_of) if _is_number(entry.get("percent"))]
    return float(percents[-1]) if percents else 0.0


def activity_progress(activity: Mapping[str, Any], as_of: date | None) -> float | None:
    """The activity's percent on `as_of` (see the module); None for a dropped activity."""
    if activity.get("status") == "dropped":
        return None
    if _done_by(activity, as_of):
        return 100.0
    return reported_percent(activity, as_of)


def activity_status(activity: Mapping[str, Any], as_of: date | None) -> str:
    """The activity's status on `as_of`: dropped, done, in-progress, or not-started (see the module)."""
    percent = activity_progress(activity, as_of)
    if percent is None:
        return "dropped"
    if percent == 100:
        return "done"
    if latest_entry(activity, as_of) is not None:
        return "in-progress"
    if not any(day is not None for day, _entry in _entries(activity)):
        return str(activity.get("status") or "not-started")
    return "not-started"


def in_plan(activity: Mapping[str, Any], as_of: date | None) -> bool:
    """Whether the activity is part of the plan on `as_of` (see the module); always for None."""
    added = as_date(activity.get("added"))
    return as_of is None or added is None or added <= as_of


def activities(plan: Mapping[str, Any], as_of: date | None = None) -> Iterable[Mapping[str, Any]]:
    """Every activity of a plan's items that is part of the plan on `as_of`, in order."""
    for item in plan.get("items") or ():
        if isinstance(item, Mapping):
            yield from (a for a in item.get("activities") or () if isinstance(a, Mapping) and in_plan(a, as_of))


def weighted_progress(rows: Iterable[tuple[float, float | None]]) -> float | None:
    """The average of (weight, percent) pairs weighted by weight, rows without a percent left out."""
    counted = [(weight, percent) for weight, percent in rows if percent is not None]
    total = sum(weight for weight, _ in counted)
    return round(sum(weight * percent for weight, percent in counted) / total, 1) if total else None


def weight(activity: Mapping[str, Any]) -> float:
    """An activity's weight in its plan's progress (default 1)."""
    value = activity.get("weight")
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) and value > 0 else 1.0


def plan_progress(plan: Mapping[str, Any], as_of: date | None) -> float | None:
    """The plan's progress on `as_of` in percent (see the module); None when no activity counts."""
    return weighted_progress((weight(a), activity_progress(a, as_of)) for a in activities(plan, as_of))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def plan_cycle_meetings(plans: Iterable[Record]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The meetings of the plan cycle as the plans record them (R art. 8.4–8.5): by meeting id,
    the plans it approved (`approved_at`) and the plans it revised (`revisions[].meeting`)."""
    approved: dict[str, list[str]] = {}
    revised: dict[str, list[str]] = {}
    for plan in plans:
        if isinstance(meeting := plan.get("approved_at"), str):
            approved.setdefault(meeting, []).append(plan.id)
        for revision in plan.get("revisions", default=[]) or ():
            if isinstance(revision, Mapping) and revision.get("meeting"):
                revised.setdefault(str(revision.get("meeting")), []).append(plan.id)
    return approved, revised
