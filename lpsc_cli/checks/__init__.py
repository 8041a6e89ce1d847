"""`lpsc check`: every finding about a repository, from one registry of small checks.

A check is a plain function `(repository, options) -> Iterable[Issue]` listed in `REGISTRY`.
Findings of loading (parse and schema errors, misplaced files, duplicate ids) come from the
loader; the checks here look across records. Lines are filled in at the end, on the slow path,
for the files that have findings only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from lpsc_cli.errors import Issue, Severity
from lpsc_cli.repository import Repository

Check = Callable[[Repository, "CheckOptions"], Iterable[Issue]]


@dataclass(frozen=True, kw_only=True)
class CheckOptions:
    """What a check run is asked: the day it judges time by, and which files to report."""

    as_of: date
    paths: tuple[str, ...] = ()
    strict: bool = False
    history: bool = False


@dataclass(frozen=True)
class CheckResult:
    """The findings of one run, sorted by file and line, and whether the run passes."""

    issues: tuple[Issue, ...]
    strict: bool = False
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        if self.counts.get("error", 0):
            return False
        return not (self.strict and self.counts.get("warning", 0))


def registry() -> list[tuple[str, Check]]:
    """Every check, in the order they run; a check module adds itself by being listed here."""
    from lpsc_cli.checks import composition, configuration, consistency, obligations, references, sealing

    return [
        ("configuration", configuration.check),
        ("references", references.check),
        ("consistency", consistency.check),
        ("composition", composition.check),
        ("obligations", obligations.check),
        ("sealing", sealing.check),
    ]


def check_repository(
    repo: Repository, options: CheckOptions, *, checks: Sequence[tuple[str, Check]] | None = None
) -> CheckResult:
    """Run every check on a loaded repository and return the findings, lines resolved."""
    issues: list[Issue] = list(repo.issues)
    for _name, run in checks if checks is not None else registry():
        issues.extend(run(repo, options))
    if options.paths:
        wanted = tuple(p.rstrip("/") for p in options.paths)
        issues = [i for i in issues if i.file is None or any(i.file == w or i.file.startswith(w + "/") for w in wanted)]
    resolved = sorted(set(repo.with_lines(issues)), key=Issue.sort_key)
    counts = {severity.value: sum(1 for i in resolved if i.severity == severity) for severity in Severity}
    return CheckResult(issues=tuple(resolved), strict=options.strict, counts=counts)
