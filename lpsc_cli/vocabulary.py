"""The council's vocabulary: the choices a field allows, read from the schemas themselves.

The schemas in `schemas/` are the one source of every choice (meeting types, concerns, case
statuses, ...): the record commands offer them, the documents and reports count by them, and
`lpsc check` enforces them. Seats come from the composition profiles (`lpsc_cli.profiles`).
Reading the schemas costs a few milliseconds (JSON only; nothing is compiled).
"""

from __future__ import annotations

from functools import cache

from lpsc_cli.i18n import gettext as _
from lpsc_cli.profiles import PROFILES
from lpsc_cli.schemas import SchemaSet, schema_file, walk_schema


@cache
def _schemas() -> SchemaSet:
    return SchemaSet()


@cache
def _enums(kind: str) -> dict[tuple[str | int, ...], tuple[str, ...]]:
    """Every choice list of the schema of `kind`, by path (the first one found at a path)."""
    schemas = _schemas()
    found: dict[tuple[str | int, ...], tuple[str, ...]] = {}
    for where, _declared, node, _reached in walk_schema(schemas, schemas.document(kind), schema_file(kind)):
        if "enum" in node and where not in found:
            found[where] = tuple(str(value) for value in node["enum"])
    return found


def choices(kind: str, *path: str) -> tuple[str, ...]:
    """The values the schema of `kind` allows at `path` (`*` for a list's items).

    A list of choices (`roles: [chair, ...]`) is named by the list's own path.
    """
    enums = _enums(kind)
    found = enums.get(path) or enums.get((*path, "*"))
    if found is None:
        raise LookupError(_("the {kind} schema has no choices at {path}").format(kind=kind, path=".".join(path)))
    return found


MEETING_TYPES = choices("meeting", "type")
MEETING_MODES = choices("meeting", "mode")
ATTENDANCE = choices("meeting", "attendance", "*", "status")
ADOPTION = choices("meeting", "decisions", "*", "adopted")
MINUTES_STATUS = choices("meeting", "minutes", "status")
SECTORS = choices("institution", "sector")
ROLES = choices("member", "roles")
#: Seats of every composition profile, in profile order (lpsc_cli/profiles.py is the source).
SEATS = tuple(dict.fromkeys(seat.id for profile in PROFILES.values() for seat in profile))
CASE_STATUS = choices("case", "status")
CONCERNS = choices("case", "concerns")
SUBJECT_GROUPS = choices("case", "subject", "groups")
SEXES = choices("case", "subject", "sex")
CHANNELS = choices("case", "referral", "channel")
SCREENING_OUTCOMES = choices("case", "screening", "outcome")
RISK_LEVELS = choices("case", "assessment", "risk_level")
CONSENT_BY = choices("case", "isp", "consent", "by")
GOAL_STATUS = choices("case", "isp", "goals", "*", "status")
CONTACT_KINDS = choices("case", "contacts", "*", "kind")
REVIEW_KINDS = choices("case", "reviews", "*", "kind")
CLOSURE_REASONS = choices("case", "closure", "reason")
GOALS_ACHIEVED = choices("case", "closure", "goals_achieved")
EXIT_TO = choices("case", "closure", "exit_notification", "to")
REOPEN_REASONS = choices("case", "reopened", "*", "reason")
PLAN_STATUS = choices("plan", "status")
PRIORITIES = choices("plan", "items", "*", "priority")
ACTIVITY_STATUS = choices("plan", "items", "*", "activities", "*", "status")
TIMING_PERIODS = choices("plan", "items", "*", "activities", "*", "timing", "period")
HALVES = choices("plan", "monitoring", "*", "period")
TRAINING_KINDS = choices("training", "kind")
REPORT_KINDS = choices("report", "kind")
REPORT_TO = choices("report", "to")
