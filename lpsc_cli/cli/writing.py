"""What the record-writing commands share: options, prompts, reading values, output.

Required values: an option that is missing is asked for only when stdin is a terminal (a Rich
prompt, with the choices shown); without a terminal it is a usage error (exit 2), so scripts
never hang on a prompt. Sealed values given as `-` are read from standard input (a hidden
prompt at a terminal), so that they never reach the shell's history. After a write, one line
names the file and one the commit.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from lpsc_cli.errors import UsageError
from lpsc_cli.i18n import N_
from lpsc_cli.i18n import gettext as _

# The library is imported inside each command, not here: `lpsc --help` and every other command's
# start-up must not load YAML, schemas, git or the checks (docs/architecture.md).

if TYPE_CHECKING:
    from lpsc_cli.editing.core import WriteOptions, WriteResult
    from lpsc_cli.model import Record
    from lpsc_cli.repository import Repository

DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Print the YAML that would be written, and write nothing.")
]
CommitOption = Annotated[
    bool, typer.Option("--commit/--no-commit", help="Commit the written file with git (the default), or not.")
]


class ListFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"


class ShowFormat(StrEnum):
    yaml = "yaml"
    json = "json"


def id_argument(value: str | None) -> str | None:
    """Check a record id argument before anything looks for its file: a usage error (exit 2) naming it.

    Ids are what `lpsc_cli.model.ID_PATTERN` allows; anything else (`../x`, `*`) never reaches a path.
    """
    from lpsc_cli.editing.values import ID_FORM
    from lpsc_cli.model import ID_PATTERN

    if value is not None and not ID_PATTERN.fullmatch(value):
        raise typer.BadParameter(_("'{value}' is not an id ({form})").format(value=value, form=ID_FORM))
    return value


ListFormatOption = Annotated[ListFormat, typer.Option("--format", help="Output format.")]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file instead of standard output.", dir_okay=False),
]
ShowFormatOption = Annotated[ShowFormat, typer.Option("--format", help="yaml: the file as written; json: its data.")]
YearOption = Annotated[int | None, typer.Option("--year", help="Only this year.", min=1900, max=2999)]


def interactive() -> bool:
    """Whether missing values may be asked for: only when a person is at the terminal."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def required(value: str | None, *, option: str, prompt: str, choices: Sequence[str] = ()) -> str:
    """`value`, or what the person at the terminal answers; a usage error without a terminal."""
    if value is not None and value.strip():
        return value
    if not interactive():
        if choices:
            raise UsageError(
                _("missing option {option} (one of: {choices})").format(option=option, choices=", ".join(choices))
            )
        raise UsageError(_("missing option {option}").format(option=option))
    from rich.prompt import Prompt

    from lpsc_cli.cli.common import console

    answer = Prompt.ask(prompt, choices=list(choices) or None, console=console(stderr=True))
    if not answer or not answer.strip():
        raise UsageError(_("missing option {option}").format(option=option))
    return answer


def required_many(values: Sequence[str] | None, *, option: str, prompt: str, choices: Sequence[str] = ()) -> list[str]:
    """Several values (a repeatable option); asked for as a comma-separated answer on a terminal."""
    if values:
        return list(values)
    hint = (
        " " + _("({choices}; separate several with commas)").format(choices=", ".join(choices))
        if choices
        else " " + _("(separate several with commas)")
    )
    answer = required(None, option=option, prompt=prompt + hint) if interactive() else None
    if answer is None:
        if choices:
            raise UsageError(
                _("missing option {option} (one or more of: {choices})").format(
                    option=option, choices=", ".join(choices)
                )
            )
        raise UsageError(_("missing option {option}").format(option=option))
    return [part.strip() for part in answer.split(",") if part.strip()]


#: The value of a sealed option that means "read it from standard input".
FROM_STDIN = "-"
SealedValue = str | list[str] | None


def sealed_values(values: dict[str, SealedValue]) -> dict[str, SealedValue]:
    """Sealed option values with `-` replaced by what standard input holds.

    `values` maps option names (`--name`) to what was given (a list for repeatable options).
    A value written on the command line ends up in the shell's history, so any one of them may
    be `-`: it is read from standard input, once (a hidden prompt when stdin is a terminal),
    and kept in memory only. Only one value per command may be `-`.
    """
    asking = [option for option, value in values.items() for item in _items(value) if item == FROM_STDIN]
    if not asking:
        return values
    if len(asking) > 1:
        raise UsageError(
            _("only one sealed value per command can be read from standard input, not {options}").format(
                options=_(" and ").join(asking)
            )
        )
    secret = _read_secret(asking[0])
    return {
        option: [secret if item == FROM_STDIN else item for item in value]
        if isinstance(value, list)
        else (secret if value == FROM_STDIN else value)
        for option, value in values.items()
    }


def sealed_value(value: str | None, *, option: str) -> str | None:
    """One sealed option's value, read from standard input when it is `-` (see `sealed_values`)."""
    found = sealed_values({option: value})[option]
    return found if isinstance(found, str) else None


def _items(value: SealedValue) -> list[str]:
    return value if isinstance(value, list) else [value] if value is not None else []


def _read_secret(option: str) -> str:
    """The value of `option` from standard input: a hidden prompt at a terminal, else all of it."""
    typed = (
        typer.prompt(_("{option} (hidden)").format(option=option), hide_input=True, err=True)
        if interactive()
        else sys.stdin.read()
    )
    text = str(typed).rstrip("\r\n")
    if not text.strip():
        raise UsageError(_("{option} -: standard input held nothing to seal").format(option=option))
    return text


def today() -> date:
    """The command line's reading of the clock (the library never reads it)."""
    return date.today()


def day(value: str | None, *, option: str) -> str | None:
    """An optional date option (`YYYY-MM-DD` or `today`) as ISO text."""
    from lpsc_cli.editing.values import parse_date

    return None if value is None else parse_date(value, option=option, today=today())


def moment(value: str | None, *, option: str) -> str | None:
    """An optional date-time option (`YYYY-MM-DDTHH:MM`, a date, `today` or `now`) as ISO text."""
    from lpsc_cli.editing.values import parse_datetime

    if value is None:
        return None
    return parse_datetime(value, option=option, today=today(), now=datetime.now().replace(second=0, microsecond=0))


def text_option(values: Sequence[str] | None, *, option: str) -> str | dict[str, str] | None:
    from lpsc_cli.editing.values import parse_text

    return parse_text(values, option=option)


def write_options(*, dry_run: bool, commit: bool) -> WriteOptions:
    from lpsc_cli.editing.core import WriteOptions

    return WriteOptions(dry_run=dry_run, commit=commit)


def run_write(
    repo: Path | None, write: Callable[[Repository], WriteResult], *, case: str | None = None, whole: bool = False
) -> None:
    """Load what a write needs, run it, and report it (errors become messages and exit codes).

    A write reads every record but the cases (`repository.WRITE_SELECTION`), and of the cases
    the one it changes (`case`), unless it needs the `whole` repository.
    """
    from lpsc_cli.cli.common import handle_errors, load
    from lpsc_cli.repository import WRITE_SELECTION

    selection = None if whole else WRITE_SELECTION.picking("case", case) if case else WRITE_SELECTION
    with handle_errors():
        result = write(load(repo, selection=selection))
    report(result)


def scanning(texts: dict[str, Any]) -> bool:
    """Whether a write's public texts are scanned for the identities of sealed cases before it
    writes (`cli/exposure.guarded`): that reads every case, so the write loads the `whole`
    repository."""
    return any(value is not None for value in texts.values())


#: The line after a write, by its action (`WriteResult.action`).
_ACTIONS = {"created": N_("created {id}: {file}"), "changed": N_("changed {id}: {file}")}


def report(result: WriteResult) -> None:
    """Say what a write did: the file, then the commit (or why there is none)."""
    for issue in result.warnings:
        sys.stderr.write(f"{issue.file}:{issue.line or 1}: {issue.severity} {issue.code}: {issue.message}\n")
    if result.action == "dry-run":
        sys.stdout.write(result.text)
        sys.stderr.write(_("dry run: {file} was not written").format(file=result.file) + "\n")
        return
    if result.action == "unchanged":
        typer.echo(
            _("unchanged {id}: {file} already says so; nothing to commit").format(id=result.id, file=result.file)
        )
        return
    typer.echo(
        _(_ACTIONS[result.action]).format(id=result.id, file=result.file)
        if result.action in _ACTIONS
        else f"{result.action} {result.id}: {result.file}"
    )
    if result.commit is None:
        return
    if result.commit.failed:
        sys.stderr.write(
            "lpsc: "
            + _("{file} was written but not committed: {reason}").format(file=result.file, reason=result.commit.reason)
            + "\n"
        )
        raise typer.Exit(1)
    typer.echo(result.commit.describe())


def print_rows(
    rows: list[dict[str, Any]], output_format: ListFormat, *, empty: str, output: Path | None = None
) -> None:
    """Rows through the rows reporter named by `output_format`, to stdout or the file of `-o`."""
    from lpsc_cli.cli.common import write_output
    from lpsc_cli.reporters.rows import REPORTERS, RowsView

    write_output(REPORTERS[output_format.value](rows, view=RowsView(empty=empty)), output)


def show_record(record: Record, repository: Repository, output_format: ShowFormat) -> None:
    """A record as its file reads (yaml) or as its data (json)."""
    from lpsc_cli.cli.common import dump_json

    if output_format is ShowFormat.json:
        sys.stdout.write(dump_json(dict(record.data)))
        return
    typer.echo(f"# {record.path}")
    sys.stdout.write((repository.root / record.path).read_text(encoding="utf-8-sig"))


def existing(repository: Repository, kind: str, record_id: str) -> Record:
    """A record that must exist and pass its schema, or a clear error."""
    from lpsc_cli.errors import RecordError

    record = repository.get(kind, record_id)
    if record is not None:
        return record
    if record_id in repository.ids.get(kind, ()):
        raise RecordError(
            _("the {kind} '{id}' does not pass its schema; see `lpsc check`").format(kind=kind, id=record_id)
        )
    from lpsc_cli.editing.core import record_file

    record_file(repository, kind, record_id)
    raise RecordError(_("there is no {kind} with the id '{id}'").format(kind=kind, id=record_id))


def overdue_records(repository: Repository, as_of: date) -> set[str]:
    """Ids of the records with an overdue obligation on `as_of` (the rules of `lpsc deadlines`)."""
    from lpsc_cli.rules import run_rules

    return {item.record for item in run_rules(repository, as_of=as_of) if item.status == "overdue" and item.record}


def pick(value: str | None, choices: Sequence[str], *, option: str, prompt: str) -> str:
    """A required choice: given, or asked for at a terminal (choices shown), checked against `choices`."""
    from lpsc_cli.editing.values import choice

    return choice(required(value, option=option, prompt=prompt, choices=choices), choices, option=option)


def maybe_pick(value: str | None, choices: Sequence[str], *, option: str) -> str | None:
    """An optional choice, checked against `choices`."""
    from lpsc_cli.editing.values import choice

    return choice(value, choices, option=option) if value else None


def required_day(value: str | None, *, option: str, prompt: str) -> str:
    """A required date: given, or asked for at a terminal; `YYYY-MM-DD` or `today`."""
    return (
        day(
            required(value, option=option, prompt=_("{prompt} (YYYY-MM-DD or today)").format(prompt=prompt)),
            option=option,
        )
        or ""
    )
