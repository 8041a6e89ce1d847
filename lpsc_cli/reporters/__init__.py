"""Reporters turn results into text or bytes for a terminal, a script, a calendar or CI.

One contract for every output format: a reporter is a function

    reporter(result, *, view) -> str | bytes

that takes a result the library built (it computes nothing itself) and a `view`, a small
frozen object with the presentation choices the command line made (width of the terminal,
language, the indicator to explain, days of reminder...). Reporters are listed by name in one
registry per result type, and a command only looks its `--format` up there:

- check: a `lpsc_cli.checks.CheckResult`, `reporters.check.REPORTERS`, a `View`;
- deadlines: a `lpsc_cli.rules.DeadlineReport`, `reporters.deadlines.REPORTERS`, a
  `DeadlineView` (and `RULE_REPORTERS` for the rules' settings, with a `View`);
- kpi: a `lpsc_cli.indicators.report.KpiReport`, `reporters.kpi.REPORTERS`, a `KpiView`;
- rows: the rows of a `list` command (flat mappings), `reporters.rows.REPORTERS`, a `RowsView`.

Adding a format is one module and one registry entry: write `reporters/<format>.py` with a
function of the contract above (and a docstring that says what the format is and where its
specification lives), then add `"<format>": function` to the registry of its result type and
the name to the command's `--format` choices in `lpsc_cli/cli/` (kept there so that
`lpsc --help` loads no reporter; the tests keep both lists equal). CSV output goes through
`lpsc_cli.reporters.spreadsheet`, which neutralises formula-like cells.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from lpsc_cli.calendar import WorkingCalendar
from lpsc_cli.model import Record

ResultT = TypeVar("ResultT", contravariant=True)
ViewT = TypeVar("ViewT", contravariant=True)


@dataclass(frozen=True, kw_only=True)
class View:
    """The presentation choices every result type shares.

    `width` is the terminal's width for tables (None: the reporter's default); `language` the
    language of titles and summaries (`sq` or `en`).
    """

    width: int | None = None
    language: str = "en"


class Reporter(Protocol[ResultT, ViewT]):
    """A function `reporter(result, *, view) -> str | bytes`."""

    def __call__(self, result: ResultT, /, *, view: ViewT) -> str | bytes: ...


#: One registry per result type: format name -> reporter.
Registry = Mapping[str, Reporter[ResultT, ViewT]]


@dataclass(frozen=True, kw_only=True)
class DeadlineView(View):
    """What the deadline reporters are given besides the report.

    `remind`: working days before the due day that a calendar reminder rings; `calendar`: the
    council's working days (holidays and `calendar.closures`); `records`: the records the
    obligations point at, by file, so that a calendar names a meeting by its type and date.
    """

    remind: int = 2
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar)
    records: Mapping[str, Record] = field(default_factory=dict)
