"""`lpsc deadlines`: the council's obligations with their due dates, for people, scripts and calendars."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from lpsc_cli.cli.common import AsOfOption, RepoOption, fail, handle_errors, load, parse_day, write_output
from lpsc_cli.i18n import gettext as _

# The library is imported inside each command, not here: `lpsc --help` and every other command's
# start-up must not load YAML, schemas, git or the checks (docs/architecture.md).


class DeadlineFormat(StrEnum):
    """The names of `lpsc_cli.reporters.deadlines.REPORTERS` (kept here so that --help imports nothing)."""

    text = "text"
    json = "json"
    ics = "ics"


class Language(StrEnum):
    sq = "sq"
    en = "en"


class FailOn(StrEnum):
    overdue = "overdue"
    due_soon = "due-soon"


def deadlines_command(
    repo: RepoOption = None,
    as_of: AsOfOption = None,
    within: Annotated[
        int, typer.Option("--within", help="Obligations due within this many days are 'due-soon'.", metavar="DAYS")
    ] = 14,
    overdue: Annotated[bool, typer.Option("--overdue", help="Show only overdue obligations.")] = False,
    show_all: Annotated[bool, typer.Option("--all", help="Also show obligations already met (met, met-late).")] = False,
    rule: Annotated[
        list[str] | None,
        typer.Option("--rule", help="Only this rule (repeatable; --list-rules shows them).", metavar="ID"),
    ] = None,
    record: Annotated[
        list[str] | None,
        typer.Option("--record", help="Only obligations of this record id or period (repeatable).", metavar="ID"),
    ] = None,
    output_format: Annotated[DeadlineFormat, typer.Option("--format", help="Output format.")] = DeadlineFormat.text,
    fail_on: Annotated[
        FailOn | None,
        typer.Option("--fail-on", help="Exit 1 if any shown obligation is overdue (or, with due-soon, due soon)."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.", dir_okay=False)
    ] = None,
    remind: Annotated[
        int,
        typer.Option(
            "--remind",
            help="ics: a reminder this many working days before each deadline.",
            min=0,
            max=60,
            metavar="DAYS",
        ),
    ] = 2,
    lang: Annotated[
        Language | None,
        typer.Option(
            "--lang",
            help="Language of the table (as lpsc --lang) and of the calendar (default: the council's).",
        ),
    ] = None,
    list_rules: Annotated[
        bool,
        typer.Option("--list-rules", help="List the rules with their source, severity and thresholds, and exit."),
    ] = False,
) -> None:
    """List obligations and deadlines: overdue first, then by due date.

    By default only open obligations are shown (overdue, due-soon, upcoming), in every format;
    --all adds the ones already met. Days are working days (wd) or calendar days (d).
    --format ics gives calendar events with a reminder (--remind working days before), named
    in the council's language (--lang). Exit 0, or 1 with --fail-on when something is
    overdue; 2 on a usage error.
    """
    # imported here, not at the top: `lpsc --help` must not load the rules
    from lpsc_cli import i18n
    from lpsc_cli.calendar import WorkingCalendar
    from lpsc_cli.cli.common import output_width
    from lpsc_cli.reporters import DeadlineView, View
    from lpsc_cli.reporters.deadlines import REPORTERS, RULE_REPORTERS
    from lpsc_cli.rules import OPEN, STATUSES, DeadlineOptions, deadlines, rule_listing

    if list_rules:
        with handle_errors():
            settings = rule_listing(load(repo).config)
        if output_format is DeadlineFormat.ics:
            fail(_("--list-rules: use --format text or json"), code=2)
        write_output(RULE_REPORTERS[output_format.value](settings, view=View()), output)
        raise typer.Exit(0)
    if lang is not None and output_format is DeadlineFormat.text:
        i18n.activate(lang.value)
    with handle_errors():
        day = parse_day(as_of)
        statuses = frozenset({"overdue"}) if overdue else frozenset(STATUSES) if show_all else OPEN
        options = DeadlineOptions(
            as_of=day, within=within, statuses=statuses, rules=tuple(rule or ()), records=tuple(record or ())
        )
        repository = load(repo)
        if output_format is DeadlineFormat.ics:
            # a calendar the whole secretariat subscribes to: in the council's language unless --lang
            i18n.activate(lang.value if lang is not None else repository.language)
        report = deadlines(repository, options)
        view = DeadlineView(
            width=output_width(),
            language=i18n.active(),
            remind=remind,
            calendar=WorkingCalendar.from_config(repository.config),
            records={r.path: r for records in repository.records.values() for r in records.values()},
        )
    write_output(REPORTERS[output_format.value](report, view=view), output)
    failing = {"overdue"} if fail_on is FailOn.overdue else {"overdue", "due-soon"} if fail_on else set()
    raise typer.Exit(1 if report.count(*failing) else 0)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add this module's commands to the app and to the shared noun groups."""
    app.command("deadlines")(deadlines_command)
