"""The `lpsc` Typer application: its groups, and the modules that fill them.

Start-up: the root knows its commands and groups from a static table (`cli/commands.py`, kept
true by tests/test_startup.py) and imports only the module(s) of the one being run; `lpsc --help`
lists them from the table alone. Help texts are shown in the run's language (`cli/helpview.py`).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, MutableMapping
from enum import StrEnum
from typing import Annotated, Any

import typer

from lpsc_cli import __version__
from lpsc_cli.cli import helpview
from lpsc_cli.cli.commands import COMMANDS
from lpsc_cli.i18n import N_


class Language(StrEnum):
    sq = "sq"
    en = "en"


#: Noun groups shared by several modules: each module adds its own commands to them.
GROUP_HELP: Mapping[str, str] = {
    "institution": N_("Institutions represented in the council."),
    "member": N_("Council members: add, list, show; their keys for sealed data."),
    "meeting": N_("Meetings: from invitation to minutes and press release."),
    "case": N_("Referred cases, from referral to closure (pseudonymous, sealed identity)."),
    "plan": N_("The multi-agency local action plan: items, activities, progress, monitoring."),
    "training": N_("Training sessions with pre- and post-test scores."),
    "report": N_("Reports: render annual, monitoring and Prefect reports; record submissions."),
    "key": N_("Your age key for reading sealed case data."),
}


def new_groups() -> dict[str, typer.Typer]:
    """Fresh, empty noun groups for the modules' `register(app, groups)`."""
    return {name: typer.Typer(help=text, no_args_is_help=True) for name, text in GROUP_HELP.items()}


def register(unit: str, app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Let one unit of `COMMANDS`, a module of `lpsc_cli/cli`, add its commands."""
    # a command module is imported when one of its commands is built, not at start-up
    importlib.import_module(f"lpsc_cli.cli.{unit}").register(app, groups)


def build(name: str) -> typer.Typer:
    """A Typer app holding only the command or group `name`, filled by the units that add to it."""
    scratch, groups = typer.Typer(), new_groups()
    for unit in COMMANDS[name][0]:
        register(unit, scratch, groups)
    holder = typer.Typer()
    holder.registered_commands = [
        info for info in scratch.registered_commands
        if (info.name or typer.main.get_command_name(info.callback.__name__ if info.callback else "")) == name
    ]  # fmt: skip
    holder.registered_groups = [info for info in scratch.registered_groups if info.name == name]
    if name in groups:
        holder.add_typer(groups[name], name=name)
    helpview.use_help_classes(holder)
    return holder


class LazyCommands(MutableMapping[str, Any]):
    """The root's subcommands: every name from `COMMANDS`, each built when first asked for."""

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in COMMANDS:
            raise KeyError(name)
        if name not in self._built:
            self._built[name] = typer.main.get_group(build(name)).commands[name]
        return self._built[name]

    def built(self, name: str) -> bool:
        """Whether `name` has been built already."""
        return name in self._built

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        raise TypeError("the commands of lpsc are fixed")

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)


class LpscGroup(helpview.HelpGroup):
    """The root group: it keeps the whole command line (`ctx.meta["lpsc.args"]`), so that the
    language is chosen before a command runs from the command's own `--format` and `--repo`;
    it builds a command only when it runs, and lists them all for `--help` from `COMMANDS`."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands()
        self._listing = False
        self._listed: dict[str, Any] = {}

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # Typer's own (vendored) click Context
        ctx.meta["lpsc.args"] = list(args)
        return super().parse_args(ctx, args)

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except typer.TyperException as error:  # a usage error of the root's options
            from lpsc_cli.cli import usage  # needed on a usage error only (start-up)

            usage.in_language(error, list(args))
            raise

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except typer.TyperException as error:  # a usage error of a command
            from lpsc_cli.cli import usage  # needed on a usage error only (start-up)

            usage.in_language(error, ctx.meta.get("lpsc.args", []))
            raise

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        lazy = self.commands
        if self._listing and isinstance(lazy, LazyCommands) and cmd_name in COMMANDS and not lazy.built(cmd_name):
            if cmd_name not in self._listed:
                self._listed[cmd_name] = helpview.listed(cmd_name, COMMANDS[cmd_name][1])
            return self._listed[cmd_name]
        return super().get_command(ctx, cmd_name)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True  # the list of commands needs their names and helps only
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        self._listing = True
        try:
            return super().shell_complete(ctx, incomplete)
        finally:
            self._listing = False


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
    choose_language(
        lang.value if lang is not None else None, ctx.meta.get("lpsc.args", []), command=ctx.invoked_subcommand
    )
