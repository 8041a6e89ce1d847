"""The `lpsc` Typer application: its groups, and the modules that fill them."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

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


class Language(StrEnum):
    sq = "sq"
    en = "en"


class LpscGroup(TyperGroup):
    """The root group: it keeps the whole command line (`ctx.meta["lpsc.args"]`), so that the
    language is chosen before a command runs from the command's own `--format` and `--repo`."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # Typer's own (vendored) click Context
        ctx.meta["lpsc.args"] = list(args)
        return super().parse_args(ctx, args)


app = typer.Typer(
    name="lpsc",
    cls=LpscGroup,
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
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", help="Show the version and exit.", callback=_version, is_eager=True)
    ] = False,
    lang: Annotated[
        Language | None,
        typer.Option(
            "--lang",
            help="Language of messages and tables: sq or en (default: $LPSC_LANG, the repository's "
            "lpsc.yaml language, the system's; machine formats are always the same).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Keep a Local Public Safety Council's records in git."""
    from lpsc_cli import i18n
    from lpsc_cli.cli.common import choose_language

    # the language of this run only: a script that runs commands in-process keeps its own
    previous = i18n.active()
    ctx.call_on_close(lambda: i18n.activate(previous))
    choose_language(lang.value if lang is not None else None, ctx.meta.get("lpsc.args", []))


for _module in (init, check, records, deadlines, kpi, documents, keys, ack, council, migrate, site, export, schema):
    _module.register(app, GROUPS)

for _name, _group in GROUPS.items():
    if _group.registered_commands or _group.registered_groups:
        app.add_typer(_group, name=_name)
