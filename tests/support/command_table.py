"""The root's command table as registering every module of lpsc_cli/cli would make it (the way
lpsc built its tree before commands were loaded lazily): for tests/test_startup.py."""

from __future__ import annotations

from typing import Any

import typer
import typer.main
from typer.core import TyperGroup

from lpsc_cli.cli.app import GROUP_HELP, new_groups, register
from lpsc_cli.cli.commands import SHOWS

#: Every unit that adds commands, in the order lpsc registers them (`cli/records.py` registers
#: member ... log, then the plain `show` commands).
UNITS = (
    "init", "check", "member", "meeting", "case", "plan", "training", "submission", "log", SHOWS,
    "deadlines", "kpi", "documents", "keys", "ack", "council", "migrate", "site", "export", "schema",
)  # fmt: skip


def eager_app() -> typer.Typer:
    """The whole application registered at once, as one Typer app."""
    app, groups = typer.Typer(name="lpsc"), new_groups()
    for unit in UNITS:
        register(unit, app, groups)
    for name, group in groups.items():
        if group.registered_commands or group.registered_groups:
            app.add_typer(group, name=name)
    return app


def names_added(unit: str) -> list[str]:
    """The top-level commands and groups that `unit` adds to."""
    app, groups = typer.Typer(), new_groups()
    register(unit, app, groups)
    names = [
        info.name or typer.main.get_command_name(info.callback.__name__)  # type: ignore[union-attr]
        for info in app.registered_commands
    ]
    names += [info.name for info in app.registered_groups if info.name]
    names += [name for name, group in groups.items() if group.registered_commands or group.registered_groups]
    return names


def expected_table() -> dict[str, tuple[tuple[str, ...], str]]:
    """name -> (the units that add to it, in order; its help) in the order `lpsc --help` lists them."""
    tree: Any = typer.main.get_group(eager_app())
    units: dict[str, list[str]] = {}
    for unit in UNITS:
        for name in names_added(unit):
            units.setdefault(name, []).append(unit)
    assert set(units) == set(tree.commands), "units and tree disagree"
    groups = {name for name, command in tree.commands.items() if isinstance(command, TyperGroup)}
    assert set(GROUP_HELP) <= groups, "GROUP_HELP names a group the command tree does not have"
    return {name: (tuple(units[name]), command.help or "") for name, command in tree.commands.items()}
