"""`lpsc compose`: the mayor's order composing the council, recorded in lpsc.yaml (A §3.1)."""

from typing import Annotated

import typer

from lpsc_cli.cli.common import RepoOption, handle_errors, load
from lpsc_cli.cli.writing import CommitOption, DryRunOption, required, required_day
from lpsc_cli.i18n import gettext as _

# The library is imported inside each command, not here: `lpsc --help` and every other command's
# start-up must not load YAML, schemas, git or the checks (docs/architecture.md).


def compose_command(
    order: Annotated[str | None, typer.Option("--order", help="The order's number, e.g. 'Nr. 281'.")] = None,
    day: Annotated[str | None, typer.Option("--date", help="The order's date (YYYY-MM-DD).")] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record the mayor's order that (re)composed the council: its recurring obligations start there."""
    from lpsc_cli.editing.council import Composition, compose

    with handle_errors():
        composition = Composition(
            order=required(order, option="--order", prompt=_("Order number")),
            date=required_day(day, option="--date", prompt=_("Order date")),
        )
        done = compose(load(repo), composition, dry_run=dry_run, commit=commit)
    if dry_run:
        typer.echo(done.text, nl=False)
        return
    said = _("changed: {file}") if done.changed else _("unchanged: {file}")
    typer.echo(said.format(file=done.path.name))
    if done.commit is not None:
        typer.echo(done.commit.describe())


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add this module's command to the app."""
    app.command("compose")(compose_command)
