"""Impossible orders of dates, and statuses that contradict the data.

A minute cannot be sent before its meeting, a referral cannot be screened before it arrived, a
case cannot close before it was registered, a term cannot end before it starts (SPEC §9). A
closed case needs its closure, a transferred case its transfer, an approved plan the meeting
that approved it (R art. 8.4).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from lpsc_cli.checks.kept import KeptFindings
from lpsc_cli.checks.references import values_at
from lpsc_cli.errors import Issue, JsonPath, Where, error, warning
from lpsc_cli.i18n import N_
from lpsc_cli.i18n import gettext as _
from lpsc_cli.model import Record, as_date

if TYPE_CHECKING:
    from lpsc_cli.checks import CheckOptions
    from lpsc_cli.repository import Repository

# (prefix, earlier, later): within each match of `prefix`, every value at `later` must not be
# before every value at `earlier`. Paths may contain `*` for list items.
Order = tuple[JsonPath, JsonPath, JsonPath]

ORDERS: dict[str, tuple[Order, ...]] = {
    "member": (
        ((), ("term", "from"), ("term", "to")),
        (("delegates", "*"), ("from",), ("to",)),
    ),
    "meeting": (
        ((), ("invitation", "sent"), ("date",)),
        ((), ("date",), ("decisions", "*", "signed")),
        ((), ("date",), ("minutes", "sent_to_members")),
        ((), ("date",), ("minutes", "submitted", "cve")),
        ((), ("date",), ("minutes", "submitted", "nccs")),
        ((), ("date",), ("press_release", "published")),
    ),
    "plan": (
        ((), ("period", "from"), ("period", "to")),
        ((), ("period", "from"), ("published", "*", "date")),
        (("monitoring", "*"), ("report_date",), ("approved_by_chair",)),
    ),
    "case": (
        ((), ("referral", "received"), ("registered",)),
        ((), ("referral", "received"), ("screening", "date")),
        ((), ("referral", "received"), ("referral", "escalated_at")),
        ((), ("referral", "escalated_at"), ("referral", "addressed_at")),
        ((), ("referral", "received"), ("referral", "addressed_at")),
        ((), ("screening", "date"), ("assessment", "date")),
        ((), ("isp", "prepared"), ("isp", "approved")),
        ((), ("isp", "prepared"), ("isp", "signed")),
        ((), ("isp", "consent", "given"), ("isp", "consent", "withdrawn")),
        ((), ("referral", "received"), ("case_manager", "assigned")),
        ((), ("referral", "received"), ("contacts", "*", "date")),
        ((), ("referral", "received"), ("reviews", "*", "date")),
        ((), ("referral", "received"), ("closure", "date")),
        ((), ("registered",), ("closure", "date")),
        ((), ("closure", "date"), ("closure", "exit_notification", "sent")),
        ((), ("closure", "date"), ("reopened", "*", "date")),
        ((), ("referral", "received"), ("transfer", "date")),
        ((), ("transfer", "date"), ("transfer", "acknowledged")),
    ),
}

_NAMES = {
    ("meeting", ("date",)): N_("the meeting"),
    ("case", ("referral", "received")): N_("the referral"),
}


def _moment(value: Any) -> str | None:
    """A comparable form of a schema-valid date or local date-time: ISO text, seconds added.

    Records passed their schema, so every value has one of the ISO shapes and comparing the
    text compares the moments, without parsing a single date.
    """
    if not isinstance(value, str) or len(value) < 10:
        return None
    if len(value) == 16:
        return value[:10] + "T" + value[11:] + ":00"
    if len(value) > 10:
        return value[:10] + "T" + value[11:]
    return value


def _before(later: str, earlier: str) -> bool:
    """Whether `later` is strictly before `earlier`, comparing days when either is a bare date."""
    if len(later) == 10 or len(earlier) == 10:
        return later[:10] < earlier[:10]
    return later < earlier


def _label(kind: str, path: JsonPath) -> str:
    plain = tuple(p for p in path if not isinstance(p, int))
    name = _NAMES.get((kind, plain))
    return _(name) if name is not None else ".".join(map(str, path))


def _value(data: Any, path: JsonPath) -> Any:
    """The value at a path without `*` (None when absent): the fast case of `values_at`."""
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
        if data is None:
            return None
    return data


def _order_issues(record: Record) -> Iterator[Issue]:
    data = record.data
    moments: dict[tuple[JsonPath, JsonPath], list[tuple[JsonPath, Any, str | None]]] = {}

    def at(node: Any, path: JsonPath, base: JsonPath) -> list[tuple[JsonPath, Any, str | None]]:
        key = (base, path)
        if key not in moments:  # several orders share an anchor such as referral.received
            if "*" in path:
                moments[key] = [(where, v, _moment(v)) for where, v in values_at(node, path, base)]
            else:
                value = _value(node, path)
                moments[key] = [] if value is None else [((*base, *path), value, _moment(value))]
        return moments[key]

    for prefix, first, second in ORDERS.get(record.kind, ()):
        # the common case: one of the two fields is absent, decided by two lookups
        if not prefix and (first[0] not in data or second[0] not in data):
            continue
        for base, node in values_at(data, prefix) if prefix else (((), data),):
            for early_path, early_text, early in at(node, first, base):
                for late_path, late_text, late in at(node, second, base):
                    if early is None or late is None or not _before(late, early):
                        continue
                    yield error(
                        "date-order",
                        _("{later} ({later_value}) is before {earlier} ({earlier_value})").format(
                            later=".".join(map(str, late_path)),
                            later_value=late_text,
                            earlier=_label(record.kind, early_path),
                            earlier_value=early_text,
                        ),
                        file=record.path,
                        path=late_path,
                        record=record.id,
                    )


def _status_issues(repo: Repository, record: Record) -> Iterator[Issue]:
    where: Where = {"file": record.path, "record": record.id}
    status = record.get("status")
    if record.kind == "case":
        closure, reopened = record.get("closure"), record.get("reopened", default=[])
        if status == "closed" and not closure:
            yield error("status", _("the case is closed but has no closure (closure.date)"), path=("status",), **where)
        if closure and status != "closed":
            last_reopen = max((as_date(r.get("date")) or date.min for r in reopened), default=None)
            closed_on = as_date(closure.get("date"))
            if last_reopen is None or (closed_on is not None and last_reopen < closed_on):
                yield error(
                    "status",
                    _("the case has a closure but its status is '{status}' (reopen it with reopened: [...])").format(
                        status=status
                    ),
                    path=("status",),
                    **where,
                )
        if status == "transferred" and not record.get("transfer"):
            yield error("status", _("the case is transferred but has no transfer record"), path=("status",), **where)
        if status == "not-eligible" and record.get("screening", "outcome") != "not-eligible":
            yield warning(
                "status",
                _("the case is not-eligible but its screening outcome does not say so"),
                path=("status",),
                **where,
            )
        if status == "active" and not record.get("case_manager"):
            yield warning("status", _("the case is active but has no case manager"), path=("status",), **where)
    elif record.kind == "plan":
        approved_at = record.get("approved_at")
        if status in ("approved", "revised", "closed") and not approved_at:
            yield error(
                "status",
                _("the plan is {status} but does not name the LPSC meeting that approved it (approved_at)").format(
                    status=status
                ),
                path=("status",),
                **where,
            )
        yield from _meeting_type(repo, record, ("approved_at",), "lpsc")
        yield from _meeting_type(repo, record, ("consultation",), "open-consultation")
        yield from _unique(record, ("items", "*", "number"), N_("item number"))
        yield from _unique(record, ("items", "*", "activities", "*", "number"), N_("activity number"))
    elif record.kind == "meeting":
        yield from _unique(record, ("attendance", "*", "member"), N_("member in the attendance"))
    elif record.kind == "training":
        yield from _unique(record, ("participants", "*", "member"), N_("participant"))


def _meeting_type(repo: Repository, record: Record, path: JsonPath, expected: str) -> Iterator[Issue]:
    meeting_id = record.get(*path)
    meeting = repo.get("meeting", meeting_id) if isinstance(meeting_id, str) else None
    if meeting is not None and meeting.get("type") != expected:
        yield warning(
            "meeting-type",
            _("{path}: '{meeting}' is a {type} meeting, expected {expected}").format(
                path=".".join(map(str, path)), meeting=meeting_id, type=meeting.get("type"), expected=expected
            ),
            file=record.path,
            path=path,
            record=record.id,
        )


def _unique(record: Record, pattern: JsonPath, what: str) -> Iterator[Issue]:
    seen: set[Any] = set()
    for path, value in values_at(record.data, pattern):
        if value in seen:
            yield error(
                "duplicate",
                _("{what} '{value}' appears twice").format(what=_(what), value=value),
                file=record.path,
                path=path,
                record=record.id,
            )
        seen.add(value)


def record_issues(repo: Repository, record: Record) -> list[Issue]:
    """Date orders and status contradictions of one record (used by `check` and before writes)."""
    return [*_order_issues(record), *_status_issues(repo, record)]


def check(repo: Repository, options: CheckOptions) -> Iterator[Issue]:
    """Every date-order and status finding. A record's findings depend on it alone, except a
    plan's, which look at the meetings it names: all but plans are kept by file and content
    (`KeptFindings`); plans are judged afresh every run."""
    kept = KeptFindings(repo, options, "consistency", "")
    for kind in ("member", "meeting", "plan", "case", "training"):
        for record in repo.records[kind].values():
            if kind == "plan":
                yield from record_issues(repo, record)
            else:
                yield from kept.issues(record, lambda alone: record_issues(repo, alone))
    kept.save()
