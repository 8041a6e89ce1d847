"""`lpsc training add|list`: sessions with pre- and post-test scores."""

from pathlib import Path
from typing import Annotated

import typer

from lpsc_cli.cli.common import RepoOption, handle_errors, load
from lpsc_cli.cli.helpview import one_of
from lpsc_cli.cli.writing import (
    CommitOption,
    DryRunOption,
    ListFormat,
    ListFormatOption,
    OutputOption,
    YearOption,
    maybe_pick,
    pick,
    print_rows,
    required,
    required_day,
    run_write,
    text_option,
    write_options,
)
from lpsc_cli.i18n import gettext as _
from lpsc_cli.vocabulary import TRAINING_KINDS

# The library is imported inside each command, not here: `lpsc --help` and every other command's
# start-up must not load YAML, schemas, git or the checks (docs/architecture.md).


def training_add(
    when: Annotated[str | None, typer.Option("--date", help="Date of the session (YYYY-MM-DD or 'today').")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help=one_of(TRAINING_KINDS))] = None,
    topic: Annotated[
        list[str] | None, typer.Option("--topic", help="Topic: plain text, or 'sq:...' and 'en:...'.")
    ] = None,
    hours: Annotated[float | None, typer.Option("--hours", help="Length in hours.", min=0)] = None,
    participant: Annotated[
        list[str] | None,
        typer.Option(
            "--participant",
            help="MEMBER-ID:PRE:POST or 'Name@institution-id:PRE:POST' (scores optional; repeat).",
        ),
    ] = None,
    from_csv: Annotated[
        Path | None,
        typer.Option(
            "--from-csv", help="CSV with columns participant,pre,post (and optional institution).", dir_okay=False
        ),
    ] = None,
    training_id: Annotated[str | None, typer.Option("--id", help="Id (default: training-YYYY-MM-DD).")] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record a training session with its participants and their test scores."""
    from lpsc_cli.editing import trainings
    from lpsc_cli.editing.values import record_id
    from lpsc_cli.errors import UsageError

    with handle_errors():
        people = [trainings.parse_participant(p) for p in participant or ()]
        if from_csv is not None:
            try:
                content = from_csv.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                raise UsageError(
                    _("--from-csv: cannot read {path} ({error})").format(path=from_csv, error=exc)
                ) from None
            people += trainings.read_participants(content, source=str(from_csv))
        fields = trainings.TrainingFields(
            date=required_day(when, option="--date", prompt=_("Date")),
            kind=pick(kind, TRAINING_KINDS, option="--kind", prompt=_("Kind")),
            topic=text_option(topic or [required(None, option="--topic", prompt=_("Topic"))], option="--topic"),
            hours=hours,
            participants=tuple(people),
            id=record_id(training_id, option="--id") if training_id else None,
        )
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: trainings.add_training(r, fields, options=options))


def training_list(
    year: YearOption = None,
    kind: Annotated[str | None, typer.Option("--kind", help=one_of(TRAINING_KINDS))] = None,
    output_format: ListFormatOption = ListFormat.text,
    output: OutputOption = None,
    repo: RepoOption = None,
) -> None:
    """List training sessions with participants and average scores."""
    from lpsc_cli.editing import trainings

    with handle_errors():
        picked = maybe_pick(kind, TRAINING_KINDS, option="--kind")
        rows = trainings.training_rows(load(repo), year=year, kind=picked)
    print_rows(rows, output_format, empty=_("no trainings"), output=output)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    groups["training"].command("add")(training_add)
    groups["training"].command("list")(training_list)
