"""References between records: every id a record names must exist (SPEC §2).

Members name their institution and delegates; meetings name members, cases and plans; plans
name institutions and meetings; cases name members and institutions; trainings name members
and institutions. A reference to a record that exists but fails its schema is not reported
again here: the schema finding already points at it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from lpsc_cli.checks.kept import KeptFindings
from lpsc_cli.errors import Issue, JsonPath, error
from lpsc_cli.i18n import gettext as _
from lpsc_cli.model import Record

if TYPE_CHECKING:
    from lpsc_cli.checks import CheckOptions
    from lpsc_cli.repository import Repository

#: kind -> (path pattern, kind referred to, literal values that are not references).
#: `*` in a pattern stands for every item of a list.
REFERENCES: dict[str, tuple[tuple[JsonPath, str, frozenset[str]], ...]] = {
    "member": (
        (("institution",), "institution", frozenset()),
        (("delegates", "*", "member"), "member", frozenset()),
    ),
    "meeting": (
        (("chair",), "member", frozenset()),
        (("agenda", "*", "presenter"), "member", frozenset()),
        (("invitation", "to", "*"), "member", frozenset()),
        (("attendance", "*", "member"), "member", frozenset()),
        (("attendance", "*", "delegate"), "member", frozenset()),
        (("minutes", "recorded_by"), "member", frozenset()),
        (("cases_discussed", "*"), "case", frozenset()),
        (("declarations", "*", "member"), "member", frozenset()),
        (("plans", "approved", "*"), "plan", frozenset()),
        (("plans", "reviewed", "*"), "plan", frozenset()),
    ),
    "plan": (
        (("consultation",), "meeting", frozenset()),
        (("approved_at",), "meeting", frozenset()),
        (("published", "*", "institution"), "institution", frozenset()),
        (("items", "*", "activities", "*", "responsible", "*"), "institution", frozenset()),
        (("items", "*", "activities", "*", "lead"), "institution", frozenset()),
        (("items", "*", "activities", "*", "progress", "*", "meeting"), "meeting", frozenset()),
        (("revisions", "*", "meeting"), "meeting", frozenset()),
        (("monitoring", "*", "consultation"), "meeting", frozenset()),
    ),
    "case": (
        (("referral", "referred_by"), "institution", frozenset({"community"})),
        (("case_manager", "member"), "member", frozenset()),
        (("contacts", "*", "by"), "member", frozenset()),
        (("contacts", "*", "provider"), "institution", frozenset()),
        (("expert_consultations", "*", "provider"), "institution", frozenset()),
        (("isp", "goals", "*", "responsible", "*"), "institution", frozenset()),
        (("sealed", "readers", "*"), "member", frozenset()),
        (("subjects", "*", "sealed", "readers", "*"), "member", frozenset()),
    ),
    "acknowledgement": ((("by",), "member", frozenset()),),
    "training": (
        (("participants", "*", "member"), "member", frozenset()),
        (("participants", "*", "institution"), "institution", frozenset()),
    ),
}


def values_at(data: Any, pattern: JsonPath, prefix: JsonPath = ()) -> list[tuple[JsonPath, Any]]:
    """Every (path, value) in `data` matching `pattern`, where `*` walks the items of a list.

    This runs for every record on every check, so the common case — a path without `*` whose
    first key is absent — costs a dictionary lookup.
    """
    found: list[tuple[JsonPath, Any]] = []
    _collect(data, pattern, 0, prefix, found)
    return found


def _collect(node: Any, pattern: JsonPath, start: int, prefix: JsonPath, found: list[tuple[JsonPath, Any]]) -> None:
    for index in range(start, len(pattern)):
        key = pattern[index]
        if key == "*":
            if isinstance(node, list):
                base = (*prefix, *pattern[start:index])
                for position, item in enumerate(node):
                    _collect(item, pattern, index + 1, (*base, position), found)
            return
        if not isinstance(node, dict):
            return
        node = node.get(key)
        if node is None:
            return
    found.append(((*prefix, *pattern[start:]), node))


#: One reference a record makes: where it is, the kind it names, and the id named.
Reference = tuple[JsonPath, str, str]


def record_references(record: Record) -> list[Reference]:
    """Every id `record` names, in the order of `REFERENCES` (literals such as `community` left out)."""
    found: list[Reference] = []
    for pattern, target, literals in REFERENCES.get(record.kind, ()):
        for path, value in values_at(record.data, pattern):
            if isinstance(value, str) and value not in literals:
                found.append((path, target, value))
    return found


def record_issues(repo: Repository, record: Record, references: Iterable[Reference] | None = None) -> list[Issue]:
    """The dangling references of one record (used by `check` and before a record is written);
    `references`, when given, are the record's own (`record_references`), as read before."""
    issues = []
    for path, target, value in record_references(record) if references is None else references:
        if repo.exists(target, value):
            continue
        issues.append(
            error(
                "reference",
                _("{path}: no {kind} with id '{id}'").format(path=".".join(map(str, path)), kind=target, id=value),
                file=record.path,
                path=path,
                record=record.id,
            )
        )
    return issues


def _all(repo: Repository) -> Iterable[Record]:
    for kind in REFERENCES:
        yield from repo.records[kind].values()


def referring_files(repo: Repository, targets: Iterable[tuple[str, str]]) -> set[str]:
    """The files of the records that refer to any of `targets` ((kind, id) pairs), valid or not.

    A check limited to changed files (`--changed-since`) adds these: deleting an institution
    breaks the members that name it without their own files changing.
    """
    wanted = set(targets)
    if not wanted:
        return set()
    found = set()
    for record in _all(repo):
        for pattern, target, _literals in REFERENCES.get(record.kind, ()):
            if any((target, value) in wanted for _where, value in values_at(record.data, pattern)):
                found.add(record.path)
                break
    return found


def check(repo: Repository, options: CheckOptions) -> Iterator[Issue]:
    """Dangling references across the whole repository.

    The ids each record names depend on its file alone: with the cache, they are kept by file
    and content (`KeptFindings.value`), so after one file changes only that file is walked
    again, and every other record's references are looked up in the ids as they are now.
    """
    known = KeptFindings(repo, options, "references", "")
    for record in _all(repo):
        yield from record_issues(repo, record, known.value(record, record_references))
    known.save()
