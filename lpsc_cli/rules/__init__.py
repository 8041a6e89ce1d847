"""Obligations and deadlines: every row of SPEC §4 as a rule, and running them.

`run_rules(repo, as_of=...)` resolves each rule's settings (defaults overridden by `lpsc.yaml`
`rules: {<id>: {enabled, severity, <threshold>: value}}`), builds one `RuleContext` per rule
sharing one calendar and one `Facts` index, and returns every `Deadline`, sorted overdue first
and then by due date. `settings_issues(config)` reports what is wrong in those settings and in
`calendar.closures`. `deadlines(repo, DeadlineOptions(...))` is what `lpsc deadlines` calls: the
selected items and the meetings scheduled from `as_of` on.

Severity, by default: **error** where the regulation or the Normative Act fixes the obligation
and its time (meetings, notice, press release, secretariat, consultations, plan, reports to the
council and the CVE centre, confidentiality) or where a person's safety depends on it
(screening, emergencies, consent, red flags); **warning** where lpsc supplies the time limit
itself or the source is a quality target of the checklist (absences, minutes, monitoring report,
publication, activities, Prefect reports, case manager, contacts, reviews, closure, transfer,
training). Each rule's docstring cites its source and states its counting.

Coverage (`lpsc.yaml` `coverage: {from, to}`, see `lpsc_cli.rules.coverage`): an obligation is
produced only when its period, or the day of the event that gives rise to it (the meeting, the
referral, the approval), falls inside the window, and never when it fell due before
`coverage.from`; periodic obligations are judged for whole periods that start on or after
`coverage.from`; recurring council obligations start with the first recorded activity (not
before `coverage.from`) and stop at `coverage.to` or the day judged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from lpsc_cli.calendar import WorkingCalendar
from lpsc_cli.errors import Issue, Severity, UsageError, error, warning
from lpsc_cli.model import CONFIG_FILE, Record, as_date
from lpsc_cli.rules import cases, meetings, members, plan, reports, training
from lpsc_cli.rules.base import (
    MISSED,
    OPEN,
    REGISTRY,
    STATUSES,
    Deadline,
    Facts,
    Rule,
    RuleContext,
    Threshold,
)
from lpsc_cli.rules.coverage import coverage_of, due_in_coverage

if TYPE_CHECKING:
    from lpsc_cli.repository import Repository

__all__ = [
    "MISSED",
    "OPEN",
    "RULES",
    "STATUSES",
    "Deadline",
    "DeadlineOptions",
    "DeadlineReport",
    "Rule",
    "RuleContext",
    "RuleSettings",
    "coverage_of",
    "deadlines",
    "resolve_settings",
    "run_rules",
    "settings_issues",
]

#: The rules in the order of SPEC §4.
ORDER: tuple[str, ...] = (
    "meetings-per-year",
    "invitation-notice",
    "absence-explained",
    "press-release-24h",
    "minutes-signed",
    "minutes-submitted",
    "secretariat-monthly",
    "consultation-6-months",
    "plan-annual",
    "plan-monitoring",
    "plan-published",
    "activity-due",
    "chair-reports-council",
    "annual-report",
    "prefect-reports",
    "confidentiality-declared",
    "screening-5wd",
    "emergency-24h",
    "manager-3d",
    "contact-monthly",
    "isp-review",
    "consent-recorded",
    "red-flag-reported",
    "closure-complete",
    "transfer-documented",
    "training-refresher",
)
_MODULES = (meetings, plan, reports, members, cases, training)  # importing them registers the rules
RULES: dict[str, Rule] = {rule_id: REGISTRY[rule_id] for rule_id in ORDER}
if set(RULES) != set(REGISTRY):  # pragma: no cover - a rule module out of step with ORDER
    raise RuntimeError(f"rules not in ORDER: {sorted(set(REGISTRY) - set(RULES))}")

_COMMON_KEYS = ("enabled", "severity")


class RuleSettings(dict[str, Any]):
    """A rule's resolved settings: `enabled`, `severity` and its thresholds."""

    @property
    def enabled(self) -> bool:
        return bool(self["enabled"])

    @property
    def severity(self) -> Severity:
        return Severity(self["severity"])


def _valid(default: Threshold, value: Any) -> bool:
    """Whether `value` may replace a threshold of the type of `default` (no bools for numbers)."""
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return value >= 0 and (isinstance(value, int) or not isinstance(default, int) or value == int(value))


def resolve_settings(config: Mapping[str, Any]) -> dict[str, RuleSettings]:
    """Every rule's settings: its defaults, overridden by valid values of `lpsc.yaml` `rules`.

    Invalid values are ignored here (the default stays); `settings_issues` reports them.
    """
    section = config.get("rules") if isinstance(config, Mapping) else None
    section = section if isinstance(section, Mapping) else {}
    resolved: dict[str, RuleSettings] = {}
    for rule_id, rule_ in RULES.items():
        settings = RuleSettings(enabled=True, severity=rule_.severity.value, **rule_.defaults)
        given = section.get(rule_id)
        for key, value in given.items() if isinstance(given, Mapping) else ():
            if _setting_problem(rule_, str(key), value) is None:
                default = rule_.defaults.get(str(key))
                whole = isinstance(default, int) and not isinstance(default, bool)
                settings[str(key)] = int(value) if whole else value
        resolved[rule_id] = settings
    return resolved


def settings_issues(config: Mapping[str, Any]) -> list[Issue]:
    """Findings about `lpsc.yaml` `rules:` (unknown rule or key, wrong type) and `calendar.closures`."""
    issues: list[Issue] = []
    section = config.get("rules")
    if section is not None and not isinstance(section, Mapping):
        issues.append(
            error("rule-settings", "`rules` must map rule ids to settings", file=CONFIG_FILE, path=("rules",))
        )
        section = {}
    for rule_id, given in (section or {}).items():
        where = ("rules", str(rule_id))
        rule_ = RULES.get(str(rule_id))
        if rule_ is None:
            known = ", ".join(ORDER)
            issues.append(
                error("rule-settings", f"unknown rule '{rule_id}' (known rules: {known})", file=CONFIG_FILE, path=where)
            )
            continue
        if not isinstance(given, Mapping):
            issues.append(
                error("rule-settings", f"settings of {rule_id} must be a mapping", file=CONFIG_FILE, path=where)
            )
            continue
        for key, value in given.items():
            problem = _setting_problem(rule_, str(key), value)
            if problem:
                issues.append(
                    error("rule-settings", f"{rule_id}: {problem}", file=CONFIG_FILE, path=(*where, str(key)))
                )
    issues.extend(closure_issues(config))
    return issues


def _setting_problem(rule_: Rule, key: str, value: Any) -> str | None:
    if key == "enabled":
        return None if isinstance(value, bool) else f"enabled must be true or false, not {value!r}"
    if key == "severity":
        return None if value in ("error", "warning") else f"severity must be error or warning, not {value!r}"
    if key not in rule_.defaults:
        names = ", ".join([*_COMMON_KEYS, *rule_.defaults])
        return f"unknown setting '{key}' (settings of {rule_.id}: {names})"
    default = rule_.defaults[key]
    if _valid(default, value):
        return None
    expected = (
        "true or false"
        if isinstance(default, bool)
        else "a whole number ≥ 0"
        if isinstance(default, int)
        else "a number ≥ 0"
    )
    return f"{key} must be {expected}, not {value!r}"


def closure_issues(config: Mapping[str, Any]) -> list[Issue]:
    """`calendar.closures` must be a list of dates; a closure on a non-working day does nothing."""
    section = config.get("calendar")
    closures = section.get("closures") if isinstance(section, Mapping) else None
    if closures is None:
        return []
    where: tuple[str | int, ...] = ("calendar", "closures")
    if not isinstance(closures, list):
        return [error("calendar-closures", "calendar.closures must be a list of dates", file=CONFIG_FILE, path=where)]
    issues: list[Issue] = []
    plain = WorkingCalendar()
    for index, value in enumerate(closures):
        day = as_date(value) if isinstance(value, str) and len(value) == 10 else None
        if day is None:
            message = f"calendar.closures: {value!r} is not a date (YYYY-MM-DD)"
            issues.append(error("calendar-closures", message, file=CONFIG_FILE, path=(*where, index)))
        elif not plain.is_working_day(day):
            reason = plain.holidays(day.year).get(day) or day.strftime("%A")
            message = f"calendar.closures: {day} is already a non-working day ({reason})"
            issues.append(warning("calendar-closures", message, file=CONFIG_FILE, path=(*where, index)))
    return issues


def run_rules(
    repo: Repository,
    *,
    as_of: date,
    within: int = 14,
    only: Sequence[str] | None = None,
    calendar: WorkingCalendar | None = None,
    keep: frozenset[str] | None = None,
    sort: bool = True,
) -> list[Deadline]:
    """Every obligation of the enabled rules (of those in `only`, if given), judged on `as_of`.

    `keep` limits the statuses returned (None: all); items are sorted overdue first, then by
    due date, unless `sort` is false.
    """
    settings = resolve_settings(repo.config)
    calendar = calendar or WorkingCalendar.from_config(repo.config)
    coverage = coverage_of(repo.config)
    facts = Facts(repo, as_of=as_of, coverage=coverage)
    items: list[Deadline] = []
    for rule_id in ORDER:
        resolved = settings[rule_id]
        if not resolved.enabled or (only is not None and rule_id not in only):
            continue
        context = RuleContext(
            rule=rule_id,
            as_of=as_of,
            calendar=calendar,
            settings=resolved,
            severity=resolved.severity,
            facts=facts,
            within=within,
            coverage=coverage,
            keep=keep,
        )
        items.extend(
            item
            for item in RULES[rule_id].run(repo, context)
            if item is not None and due_in_coverage(item, coverage[0])
        )
    if sort:
        items.sort(key=Deadline.sort_key)
    return items


def missed(items: Iterable[Deadline]) -> list[Deadline]:
    """The items `lpsc check` reports: overdue and met late."""
    return [item for item in items if item.status in MISSED]


@dataclass(frozen=True, kw_only=True)
class DeadlineOptions:
    """What `lpsc deadlines` asks: the day judged, the due-soon horizon and the filters."""

    as_of: date
    within: int = 14
    statuses: frozenset[str] = OPEN
    rules: tuple[str, ...] = ()
    records: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class DeadlineReport:
    """The selected obligations, and the meetings scheduled from `as_of` on (for calendars)."""

    as_of: date
    within: int
    council: str
    items: tuple[Deadline, ...]
    meetings: tuple[Record, ...] = ()

    def count(self, *statuses: str) -> int:
        return sum(1 for item in self.items if item.status in statuses)


def deadlines(repo: Repository, options: DeadlineOptions) -> DeadlineReport:
    """Run the rules and keep the items `options` asks for; unknown rule ids are a usage error."""
    unknown = [r for r in options.rules if r not in RULES]
    if unknown:
        raise UsageError(f"--rule: unknown rule {', '.join(unknown)} (known rules: {', '.join(ORDER)})")
    if options.within < 0:
        raise UsageError("--within: the number of days cannot be negative")
    items = run_rules(
        repo, as_of=options.as_of, within=options.within, only=options.rules or None, keep=options.statuses
    )
    wanted = set(options.records)
    selected = tuple(item for item in items if not wanted or item.record in wanted or item.period in wanted)
    scheduled = tuple(
        meeting
        for meeting in repo.of("meeting")
        if (day := as_date(meeting.data.get("date"))) is not None and day >= options.as_of
    )
    return DeadlineReport(
        as_of=options.as_of, within=options.within, council=repo.council, items=selected, meetings=scheduled
    )
