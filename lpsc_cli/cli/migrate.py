"""`lpsc migrate`: bring a repository written by an earlier lpsc up to date, in one commit."""

import typer

from lpsc_cli.cli.common import RepoOption, handle_errors
from lpsc_cli.cli.writing import CommitOption, DryRunOption
from lpsc_cli.i18n import gettext as _

# The library is imported inside each command, not here: `lpsc --help` and every other command's
# start-up must not load YAML, schemas, git or the checks (docs/architecture.md).


def migrate_command(repo: RepoOption = None, dry_run: DryRunOption = False, commit: CommitOption = True) -> None:
    """Upgrade the repository to the record format of this lpsc (one commit; safe to run again).

    Says what each step changed, or that the repository is up to date.
    """
    from lpsc_cli.migrate import FORMAT, migrate
    from lpsc_cli.repository import find_root, load_config
    from lpsc_cli.schemas import SchemaSet

    with handle_errors():
        root = find_root(repo)
        done = migrate(root, load_config(root, SchemaSet()), dry_run=dry_run, commit=commit)
    if not done.steps:
        typer.echo(_("up to date: format {format}, nothing to change").format(format=FORMAT))
        return
    said = _("would {step}") if dry_run else _("done: {step}")
    for step in done.steps:
        typer.echo(said.format(step=step.does))
    if done.commit is not None:
        typer.echo(done.commit.describe())


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    app.command("migrate")(migrate_command)
