"""The `lpsc` Typer application: its groups, and the modules that fill them."""

from __future__ import annotations

from typing import Annotated

import typer

from lpsc_cli import __version__
from lpsc_cli.cli import (
    ack,
    check,
    council,
    deadlines,
    documents,
    export,
    init,
    keys,
    kpi,
    migrate,
    records,
    schema,
    site,
)

app = typer.Typer(
    name="lpsc",
    help="Keep a Local Public Safety Council's records in git: create, check, track deadlines, "
    "compute indicators and render documents.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

#: Noun groups shared by several modules: each module adds its own commands to them.
GROUPS: dict[str, typer.Typer] = {
    name: typer.Typer(help=help_text, no_args_is_help=True)
    for name, help_text in {
        "institution": "Institutions represented in the council.",
        "member": "Council members: add, list, show; their keys for sealed data.",
        "meeting": "Meetings: from invitation to minutes and press release.",
        "case": "Referred cases, from referral to closure (pseudonymous, sealed identity).",
        "plan": "The multi-agency local action plan: items, activities, progress, monitoring.",
        "training": "Training sessions with pre- and post-test scores.",
        "report": "Reports: render annual, monitoring and Prefect reports; record submissions.",
        "key": "Your age key for reading sealed case data.",
    }.items()
}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"lpsc {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", help="Show the version and exit.", callback=_version, is_eager=True)
    ] = False,
) -> None:
    """Keep a Local Public Safety Council's records in git."""


for _module in (init, check, records, deadlines, kpi, documents, keys, ack, council, migrate, site, export, schema):
    _module.register(app, GROUPS)

for _name, _group in GROUPS.items():
    if _group.registered_commands or _group.registered_groups:
        app.add_typer(_group, name=_name)
