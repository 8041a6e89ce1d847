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

import dataclasses
import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from lpsc_cli import i18n
from lpsc_cli.cache import Cache, digest_of, holidays_stamp
from lpsc_cli.calendar import WorkingCalendar
from lpsc_cli.errors import Issue, Severity, UsageError, error, warning
from lpsc_cli.i18n import gettext as _
from lpsc_cli.lifecycle import CaseTimeline
from lpsc_cli.model import CONFIG_FILE, KINDS, Record, as_date
from lpsc_cli.rules import cases, meetings, members, plan, reports, training
from lpsc_cli.rules.base import (
    BASES,
    MISSED,
    NORMATIVE_ACT,
    OPEN,
    REGULATION,
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
    "ALL_RULES",
    "BASES",
    "MISSED",
    "NORMATIVE_ACT",
    "OPEN",
    "REGULATION",
    "RULES",
    "STATUSES",
    "Deadline",
    "DeadlineOptions",
    "DeadlineReport",
    "Rule",
    "RuleContext",
    "RuleListing",
    "RuleSettings",
    "acknowledgement_issues",
    "applies",
    "council_bases",
    "coverage_of",
    "deadlines",
    "obligation_findings",
    "resolve_settings",
    "rule_listing",
    "run_rules",
    "settings_issues",
]

#: Every rule, in the order of SPEC §4: the one list of rules (as beancount lists its
#: validations). `RULES` looks them up by id; `lpsc deadlines --list-rules`, the settings of
#: `lpsc.yaml` and the tests all read this tuple.
ALL_RULES: tuple[Rule, ...] = (
    meetings.meetings_per_year,
    meetings.invitation_notice,
    meetings.absence_explained,
    meetings.press_release_24h,
    meetings.minutes_signed,
    meetings.minutes_submitted,
    meetings.secretariat_monthly,
    meetings.consultation_6_months,
    plan.plan_annual,
    plan.plan_monitoring,
    plan.plan_published,
    plan.activity_due,
    reports.chair_reports_council,
    reports.annual_report,
    reports.prefect_reports,
    members.confidentiality_declared,
    cases.screening_5wd,
    cases.emergency_24h,
    cases.manager_3d,
    cases.contact_monthly,
    cases.isp_review,
    cases.consent_recorded,
    cases.red_flag_reported,
    cases.closure_complete,
    cases.transfer_documented,
    training.training_refresher,
)
RULES: Mapping[str, Rule] = MappingProxyType({rule_.id: rule_ for rule_ in ALL_RULES})

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


def council_bases(config: Mapping[str, Any]) -> frozenset[str] | None:
    """The legal bases `lpsc.yaml` names (`basis: normative-act`, `council-regulation`, or a
    list of both); None when it names none, or nothing known (then every rule applies)."""
    given = config.get("basis") if isinstance(config, Mapping) else None
    names = [given] if isinstance(given, str) else given if isinstance(given, list) else []
    known = frozenset(str(name) for name in names if name in BASES)
    return known or None


def applies(rule_: Rule, bases: frozenset[str] | None) -> bool:
    """Whether `rule_` comes from one of the council's bases (every rule, without a basis)."""
    return bases is None or not rule_.bases.isdisjoint(bases)


def resolve_settings(config: Mapping[str, Any]) -> dict[str, RuleSettings]:
    """Every rule's settings: its defaults, overridden by valid values of `lpsc.yaml` `rules`.

    A rule is enabled by default when it comes from the council's legal basis (`basis`; every
    rule when none is named); `rules: {<id>: {enabled: true}}` adopts a rule of another basis,
    `enabled: false` turns one off. Invalid values are ignored here (the default stays);
    `settings_issues` reports them.
    """
    section = config.get("rules") if isinstance(config, Mapping) else None
    section = section if isinstance(section, Mapping) else {}
    bases = council_bases(config)
    resolved: dict[str, RuleSettings] = {}
    for rule_id, rule_ in RULES.items():
        settings = RuleSettings(enabled=applies(rule_, bases), severity=rule_.severity.value, **rule_.defaults)
        given = section.get(rule_id)
        for key, value in given.items() if isinstance(given, Mapping) else ():
            if _setting_problem(rule_, str(key), value) is None:
                default = rule_.defaults.get(str(key))
                whole = isinstance(default, int) and not isinstance(default, bool)
                settings[str(key)] = int(value) if whole else value
        resolved[rule_id] = settings
    return resolved


@dataclass(frozen=True, kw_only=True)
class RuleListing:
    """One rule as `lpsc deadlines --list-rules` shows it: whether it applies to this council,
    and why, with its bases, source, severity, thresholds and citation."""

    id: str
    title: str
    source: str
    bases: tuple[str, ...]
    applies: bool
    reason: str
    severity: str
    thresholds: Mapping[str, Threshold]
    citation: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "bases": list(self.bases),
            "applies": self.applies,
            "reason": self.reason,
            "severity": self.severity,
            "thresholds": dict(self.thresholds),
            "citation": " ".join(self.citation.split()),
        }


def rule_listing(config: Mapping[str, Any]) -> tuple[RuleListing, ...]:
    """Every rule in order, with whether it applies to the council of `config` and why: its
    legal basis against `lpsc.yaml` `basis`, then `rules: {<id>: {enabled}}`."""
    bases = council_bases(config)
    settings = resolve_settings(config)
    section = config.get("rules") if isinstance(config, Mapping) else None
    listing = []
    for rule_id, rule_ in RULES.items():
        resolved = settings[rule_id]
        given = section.get(rule_id) if isinstance(section, Mapping) else None
        explicit = isinstance(given, Mapping) and isinstance(given.get("enabled"), bool)
        from_basis = applies(rule_, bases)
        names = _(" and ").join(sorted(rule_.bases))
        if explicit and not resolved.enabled:
            reason = _("turned off in lpsc.yaml (rules.{rule}.enabled: false)").format(rule=rule_id)
        elif explicit and not from_basis:
            reason = _("adopted in lpsc.yaml (rules.{rule}.enabled: true); its basis is {names}").format(
                rule=rule_id, names=names
            )
        elif bases is None:
            reason = _("lpsc.yaml names no basis: every rule applies (this one: {names})").format(names=names)
        elif from_basis:
            reason = _("the council's basis is {bases}: this rule comes from {names}").format(
                bases=_(" and ").join(sorted(bases)), names=names
            )
        else:
            reason = _("only under {names}; the council's basis is {bases}").format(
                names=names, bases=_(" and ").join(sorted(bases))
            )
        listing.append(
            RuleListing(
                id=rule_id,
                title=rule_.title,
                source=rule_.source,
                bases=tuple(sorted(rule_.bases)),
                applies=resolved.enabled,
                reason=reason,
                severity=resolved["severity"],
                thresholds={key: resolved[key] for key in rule_.defaults},
                citation=rule_.citation,
            )
        )
    return tuple(listing)


def settings_issues(config: Mapping[str, Any]) -> list[Issue]:
    """Findings about `lpsc.yaml` `rules:` (unknown rule or key, wrong type) and `calendar.closures`."""
    issues: list[Issue] = []
    section = config.get("rules")
    if section is not None and not isinstance(section, Mapping):
        issues.append(
            error("rule-settings", _("`rules` must map rule ids to settings"), file=CONFIG_FILE, path=("rules",))
        )
        section = {}
    for rule_id, given in (section or {}).items():
        where = ("rules", str(rule_id))
        rule_ = RULES.get(str(rule_id))
        if rule_ is None:
            known = ", ".join(RULES)
            issues.append(
                error(
                    "rule-settings",
                    _("unknown rule '{rule}' (known rules: {known})").format(rule=rule_id, known=known),
                    file=CONFIG_FILE,
                    path=where,
                )
            )
            continue
        if not isinstance(given, Mapping):
            issues.append(
                error(
                    "rule-settings",
                    _("settings of {rule} must be a mapping").format(rule=rule_id),
                    file=CONFIG_FILE,
                    path=where,
                )
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
        return [
            error("calendar-closures", _("calendar.closures must be a list of dates"), file=CONFIG_FILE, path=where)
        ]
    issues: list[Issue] = []
    plain = WorkingCalendar()
    for index, value in enumerate(closures):
        day = as_date(value) if isinstance(value, str) and len(value) == 10 else None
        if day is None:
            message = _("calendar.closures: {value} is not a date (YYYY-MM-DD)").format(value=repr(value))
            issues.append(error("calendar-closures", message, file=CONFIG_FILE, path=(*where, index)))
        elif not plain.is_working_day(day):
            reason = plain.holidays(day.year).get(day) or day.strftime("%A")
            message = _("calendar.closures: {day} is already a non-working day ({reason})").format(
                day=day, reason=reason
            )
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

    With the per-case items kept (`_CaseItems`), a run of some of the `PER_CASE` rules judges
    the cases not kept by every enabled `PER_CASE` rule all the same, so that what it keeps of
    each case is complete for any later run, whole or partial; it returns only the items of
    the rules asked for.
    """
    settings = resolve_settings(repo.config)
    calendar = calendar or WorkingCalendar.from_config(repo.config)
    coverage = coverage_of(repo.config)
    facts = Facts(repo, as_of=as_of, coverage=coverage)
    asked = None if only is None else frozenset(only)
    kept = (
        _CaseItems.open(repo, as_of=as_of, within=within, keep=keep)
        if asked is None or not asked.isdisjoint(PER_CASE)
        else None
    )
    items: list[Deadline] = []
    for rule_id in RULES:
        resolved = settings[rule_id]
        wanted = asked is None or rule_id in asked
        per_case = kept is not None and rule_id in PER_CASE
        if not resolved.enabled or not (wanted or (per_case and kept is not None and kept.stale)):
            continue
        context = RuleContext(
            rule=rule_id,
            as_of=as_of,
            calendar=calendar,
            settings=resolved,
            severity=resolved.severity,
            facts=kept.facts if per_case and kept is not None else facts,
            within=within,
            coverage=coverage,
            keep=keep,
        )
        source = kept.view if per_case and kept is not None else repo
        produced = (
            item for item in RULES[rule_id](source, context) if item is not None and due_in_coverage(item, coverage[0])
        )
        if per_case and kept is not None and not wanted:
            kept.judge(rule_id, produced)  # for what is kept of the cases only, not returned
        elif per_case and kept is not None:
            items.extend(kept.items(rule_id, produced))
        else:
            items.extend(produced)
    if kept is not None:
        kept.save()
    if sort:
        items.sort(key=Deadline.sort_key)
    return items


#: The rules whose obligations about a case depend on that case's record alone (with the
#: council's other records, its settings and the day judged), never on another case: run on a
#: repository holding some of the cases, each yields exactly the items it yields for those
#: cases in the whole repository, case after case. `run_rules` keeps their items per case file
#: (`_CaseItems`), so after one case changes only that case is judged again by them.
PER_CASE: frozenset[str] = frozenset(
    {
        "screening-5wd",
        "emergency-24h",
        "manager-3d",
        "contact-monthly",
        "isp-review",
        "consent-recorded",
        "red-flag-reported",
        "closure-complete",
        "transfer-documented",
    }
)
_CASE_ITEMS_ENTRY = "rules-cases"
_CASE_ITEMS_SHAPE = "rules-cases:2"


class _CaseItems:
    """The items of the `PER_CASE` rules, kept by case file and content (the `rules-cases` entries
    of the repository's cache), for one kind of run: the statuses kept, the due-soon horizon.

    The entry is stamped with everything else the items depend on: the day judged, `lpsc.yaml`,
    every record other than a case (by its file's content), the language, the holiday tables'
    version. It is used only for a repository loaded with the cache on whose records all come
    from their files as read (`Repository.content_key`); cases not kept are judged now, on a view
    of the repository holding only them, and the items put back in the order of the cases.
    """

    def __init__(self, repo: Repository, name: str, stamp: str, old: dict[str, list[Any]], as_of: date) -> None:
        self.repo = repo
        self.name = name
        self.stamp = stamp
        self.cases = repo.records.get("case", {})
        self.order = {case_id: number for number, case_id in enumerate(self.cases)}
        self.known: dict[str, list[Any]] = {}
        #: rule -> (place of the case, rows of its items) of the kept cases, in the order of the cases
        self.kept: dict[str, list[tuple[int, list[Any]]]] = {}
        self.keys: dict[str, bytes] = {}
        stale: dict[str, Record] = {}
        index = repo.case_index
        for case_id, record in self.cases.items():
            key = repo.content_key(record)
            entry = old.get(record.path) if key is not None else None
            if entry is not None and entry[0] == key:
                self.known[case_id] = entry
                number = self.order[case_id]
                for rule_id, rows in entry[1].items():
                    self.kept.setdefault(rule_id, []).append((number, rows))
                index.keep("timeline", record, CaseTimeline.from_row(entry[2]))
            else:
                stale[case_id] = record
            if key is not None:
                self.keys[case_id] = key
        self.stale = stale
        self.fresh: dict[str, dict[str, list[Any]]] = {case_id: {} for case_id in stale}
        self.view = dataclasses.replace(repo, records={**repo.records, "case": stale})
        self.facts = Facts(self.view, as_of=as_of, coverage=coverage_of(repo.config))

    @classmethod
    def open(cls, repo: Repository, *, as_of: date, within: int, keep: frozenset[str] | None) -> _CaseItems | None:
        """The kept items for this run, or None when they cannot be used (no cache, a view)."""
        if not repo.caching or not repo.file_keys:
            return None
        others = hashlib.blake2b(digest_size=16)
        for kind in KINDS:
            if kind == "case":
                continue
            for record in repo.records.get(kind, {}).values():
                key = repo.content_key(record)
                if key is None:
                    return None  # a record given to a view: nothing kept describes it
                others.update(f"{kind}\0{record.id}\0{record.path}\0".encode() + key)
        name = f"{_CASE_ITEMS_ENTRY}-{digest_of(sorted(keep) if keep is not None else None, within)[:12]}"
        stamp = repr(
            (
                _CASE_ITEMS_SHAPE,
                as_of.isoformat(),
                digest_of(repo.config),
                others.hexdigest(),
                i18n.active(),
                holidays_stamp(),
            )
        )
        loaded = Cache.of(repo.root).load(name, stamp)
        return cls(repo, name, stamp, loaded if isinstance(loaded, dict) else {}, as_of)

    def judge(self, rule_id: str, produced: Iterable[Deadline]) -> tuple[list[tuple[int, list[Any]]], list[Deadline]]:
        """Keep the items of `rule_id` about the cases not kept (rows of their entries); return
        them as (place of the case, its items), and the items about no such case (none: a rule
        of `PER_CASE` speaks of its cases only)."""
        found: dict[str | None, list[Deadline]] = {}
        for item in produced:
            found.setdefault(item.record, []).append(item)
        fresh: list[tuple[int, list[Any]]] = []
        for case_id in self.stale:
            items = found.pop(case_id, [])
            if items:
                self.fresh[case_id][rule_id] = [_row(item) for item in items]
                fresh.append((self.order[case_id], items))
        return fresh, [item for rest in found.values() for item in rest]

    def items(self, rule_id: str, produced: Iterable[Deadline]) -> Iterator[Deadline]:
        """The items of `rule_id`, case after case: kept ones read back, the others from `produced`."""
        fresh, rest = self.judge(rule_id, produced)
        for _number, items in sorted([*self.kept.get(rule_id, ()), *fresh], key=lambda pair: pair[0]):
            for item in items:
                yield item if isinstance(item, Deadline) else _deadline(item)
        yield from rest

    def save(self) -> None:
        if not self.stale:
            return
        index = self.repo.case_index
        entries = {}
        for case_id, key in self.keys.items():
            record = self.cases[case_id]
            if case_id in self.known:
                entries[record.path] = self.known[case_id]
            else:
                entries[record.path] = [key, self.fresh[case_id], index.timeline(record).to_row()]
        Cache.of(self.repo.root).save(self.name, self.stamp, entries)


def _when(value: date | datetime | None) -> Any:
    if value is None:
        return None
    if isinstance(value, datetime):
        return (value.isoformat(), value.fold)
    return value.toordinal()


def _moment_of(value: Any) -> date | datetime | None:
    if value is None:
        return None
    if isinstance(value, int):
        return date.fromordinal(value)
    text, fold = value
    return datetime.fromisoformat(text).replace(fold=fold)


def _row(item: Deadline) -> tuple[Any, ...]:
    return (
        item.rule, item.record, item.file, item.path, _when(item.due), item.status, item.days, item.unit,
        item.severity.value, item.obligation, _when(item.done), item.period, item.id, item.acknowledged,
    )  # fmt: skip


def _deadline(row: Sequence[Any]) -> Deadline:
    rule_id, record, file, path, due, status, days, unit, severity, obligation, done, period, identity, ack = row
    moment = _moment_of(due)
    assert moment is not None
    return Deadline(
        rule_id, record, file, tuple(path), moment, status, days, unit, Severity(severity), obligation,
        _moment_of(done), period, identity, ack,
    )  # fmt: skip


def missed(items: Iterable[Deadline]) -> list[Deadline]:
    """The items `lpsc check` reports: overdue and met late."""
    return [item for item in items if item.status in MISSED]


@dataclass(frozen=True, kw_only=True)
class ObligationFindings:
    """What `lpsc check` reports of the obligations: `issues`, the missed obligations nobody
    acknowledged and the problems of the acknowledgements; `acknowledged`, the missed ones an
    acknowledgement accepts (shown, not failing)."""

    issues: tuple[Issue, ...]
    acknowledged: tuple[Deadline, ...]


def obligation_findings(repo: Repository, *, as_of: date) -> ObligationFindings:
    """The obligations overdue or met late on `as_of`, split by whether an acknowledgement
    (`acknowledgements/`) accepts them; plus `acknowledgement_issues`. `lpsc deadlines`, `lpsc
    kpi` and the reports keep counting acknowledged obligations as late: only the check stops
    failing on them."""
    items = run_rules(repo, as_of=as_of, keep=MISSED, sort=False)
    issues = [
        Issue(
            item.rule,
            item.severity,
            item.message,
            file=item.file,
            path=item.path,
            record=item.record,
            obligation=item.id,
        )
        for item in items
        if item.acknowledged is None
    ]
    issues.extend(acknowledgement_issues(repo, as_of=as_of, missed=items))
    return ObligationFindings(
        issues=tuple(issues), acknowledged=tuple(item for item in items if item.acknowledged is not None)
    )


def acknowledgement_issues(repo: Repository, *, as_of: date, missed: Sequence[Deadline] | None = None) -> list[Issue]:
    """Warnings about acknowledgements that accept nothing on `as_of`: an obligation id no
    enabled rule produces (mistyped, or its rule is off), or one not missed (met on time, or
    not yet due). `missed`, when given, is the run's missed items (saves judging them again)."""
    acks = sorted(repo.records.get("acknowledgement", {}).values(), key=lambda r: r.id)
    if not acks:
        return []
    late = {item.id for item in missed} if missed is not None else None
    named = {str(ack.data.get("obligation", "")).split(":", 1)[0] for ack in acks}
    if late is None or any(str(ack.data.get("obligation")) not in late for ack in acks):
        everything = {
            item.id: item.status for item in run_rules(repo, as_of=as_of, only=[r for r in named if r in RULES])
        }
    else:
        everything = dict.fromkeys(late, "overdue")
    issues: list[Issue] = []
    for ack in acks:
        obligation = str(ack.data.get("obligation"))
        status = everything.get(obligation)
        if status is None:
            message = _("{ack} acknowledges '{obligation}', which no enabled rule produces on {day}").format(
                ack=ack.id, obligation=obligation, day=as_of
            )
        elif status not in MISSED:
            message = _("{ack} acknowledges '{obligation}', which is {status}, not missed, on {day}").format(
                ack=ack.id, obligation=obligation, status=status, day=as_of
            )
        else:
            continue
        issues.append(warning("acknowledgement-unmatched", message, file=ack.path, path=("obligation",), record=ack.id))
    return issues


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
        raise UsageError(
            _("--rule: unknown rule {rules} (known rules: {known})").format(
                rules=", ".join(unknown), known=", ".join(RULES)
            )
        )
    if options.within < 0:
        raise UsageError(_("--within: the number of days cannot be negative"))
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
