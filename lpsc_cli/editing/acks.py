"""Acknowledgements: the council accepts that an obligation was met late or missed, saying why.

An acknowledgement (`acknowledgements/<id>.yaml`) names the obligation by its stable id (see
`lpsc_cli.rules.base`), the day, the member who acknowledged it and the reason. `lpsc check`
no longer fails on an acknowledged obligation; `lpsc deadlines`, the indicators and the reports
still count it as late (docs/rules.md). Only an obligation that is missed on the day of the
acknowledgement — overdue, or met late — can be acknowledged, and only once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from lpsc_cli.editing.core import WriteOptions, WriteResult, create_record, free_id, present
from lpsc_cli.errors import RecordError
from lpsc_cli.i18n import gettext as _
from lpsc_cli.repository import Repository
from lpsc_cli.rules import MISSED, RULES, Deadline, run_rules

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
#: Room left in a 64-character id for the `ack-` prefix and a `-NN` suffix.
_SLUG_LENGTH = 56


@dataclass(frozen=True, kw_only=True)
class Acknowledgement:
    """What `lpsc ack` records: the obligation's id, the day, who, and why."""

    obligation: str
    date: date
    reason: str
    by: str | None = None


def missed_obligation(repo: Repository, obligation: str, *, as_of: date) -> Deadline:
    """The obligation with id `obligation` as it stands on `as_of`, if it is missed there and
    not yet acknowledged; otherwise a `RecordError` that says why it cannot be acknowledged."""
    rule_id = obligation.split(":", 1)[0]
    if rule_id not in RULES:
        raise RecordError(
            _("'{obligation}' is not an obligation id: no rule '{rule}' (lpsc deadlines --list-rules)").format(
                obligation=obligation, rule=rule_id
            )
        )
    items = {item.id: item for item in run_rules(repo, as_of=as_of, only=[rule_id])}
    item = items.get(obligation)
    if item is None:
        raise RecordError(
            _(
                "no obligation '{obligation}' on {day} (lpsc deadlines --all --rule {rule} lists its obligations)"
            ).format(obligation=obligation, day=as_of, rule=rule_id)
        )
    if item.status not in MISSED:
        raise RecordError(
            _("'{obligation}' is {status} on {day}: only a missed or late obligation is acknowledged").format(
                obligation=obligation, status=item.status, day=as_of
            )
        )
    if item.acknowledged is not None:
        raise RecordError(
            _("'{obligation}' is already acknowledged ({acknowledgement})").format(
                obligation=obligation, acknowledgement=item.acknowledged
            )
        )
    return item


def acknowledge(repo: Repository, acknowledgement: Acknowledgement, *, options: WriteOptions) -> WriteResult:
    """Record `acknowledgement` (one new file, one commit) after checking the obligation is missed."""
    if acknowledgement.by is not None and repo.get("member", acknowledgement.by) is None:
        raise RecordError(_("--by: there is no member with the id '{member}'").format(member=acknowledgement.by))
    missed_obligation(repo, acknowledgement.obligation, as_of=acknowledgement.date)
    data = present(
        obligation=acknowledgement.obligation,
        date=acknowledgement.date.isoformat(),
        by=acknowledgement.by,
        reason=acknowledgement.reason,
    )
    base = "ack-" + _NOT_SLUG.sub("-", acknowledgement.obligation.lower()).strip("-")[:_SLUG_LENGTH].rstrip("-")
    return create_record(
        repo, "acknowledgement", data, options=options, allocate=lambda: free_id(repo, "acknowledgement", base)
    )
