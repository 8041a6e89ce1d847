"""Reporters turn results into text or bytes for a terminal, a script, a calendar or CI.

One contract for every output format: a reporter is a function

    reporter(result, *, view) -> str | bytes

that takes a result the library built (it computes nothing itself) and a `view`, a small
frozen object with the presentation choices the command line made (width of the terminal,
language, the indicator to explain, days of reminder...). Reporters are listed by name in one
registry per result type, and a command only looks its `--format` up there:

=========  ===========================  ===========================================  ==============
result     type                         registry                                     view
=========  ===========================  ===========================================  ==============
check      `lpsc_cli.checks.CheckResult`  `lpsc_cli.reporters.check.REPORTERS`         `View`
deadlines  `lpsc_cli.rules.DeadlineReport` `lpsc_cli.reporters.deadlines.REPORTERS`  `DeadlineView`
kpi        `lpsc_cli.indicators.report.KpiReport` `lpsc_cli.reporters.kpi.REPORTERS` `KpiView`
rows       a list of flat mappings (the `list` commands) `lpsc_cli.reporters.rows.REPORTERS` `RowsView`
=========  ===========================  ===========================================  ==============

Adding a format is one module and one registry entry: write `reporters/<format>.py` with a
function of the contract above (and a docstring that says what the format is and where its
specification lives), then add `"<format>": function` to the registry of its result type. The
command's `--format` choices are the registry's names (a test keeps them equal). CSV output
goes through `lpsc_cli.reporters.spreadsheet`, which neutralises formula-like cells.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar

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
