"""`lpsc schema`: where the installed JSON Schemas are, and a copy of them for other tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lpsc_cli.cli.common import handle_errors
from lpsc_cli.i18n import ngettext

# The library is imported inside each command, not here: `lpsc --help` and every other command's
# start-up must not load YAML, schemas, git or the checks (docs/architecture.md).

schema_app = typer.Typer(
    help="The JSON Schemas of the records: for editors and other validators.", no_args_is_help=True
)


@schema_app.command("path")
def path_command() -> None:
    """Print the folder of the installed schemas (one `<kind>.schema.json` per record kind)."""
    from lpsc_cli.schemas import schema_dir

    with handle_errors():
        typer.echo(str(schema_dir()))


@schema_app.command("export")
def export_command(
    directory: Annotated[Path, typer.Argument(help="Folder to copy the schemas into (created if missing).")],
) -> None:
    """Copy the schemas into DIRECTORY; their relative `$ref`s keep working there."""
    from lpsc_cli.scaffold import export_schemas

    with handle_errors():
        written = export_schemas(directory)
    count = len(written)
    typer.echo(
        ngettext("copied {n} schema to {directory}", "copied {n} schemas to {directory}", count).format(
            n=count, directory=directory
        )
    )


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    app.add_typer(schema_app, name="schema")
