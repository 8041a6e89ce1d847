"""Start-up (docs/architecture.md, "Start-up"): the root lists its commands from a static table
(`cli/commands.py`) and builds only the one that runs; the tree it builds is the one registering
every module gives, command for command and option for option."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
import typer.main
from typer.core import TyperGroup

from lpsc_cli.cli.app import app
from lpsc_cli.cli.commands import COMMANDS
from tests.support.command_table import eager_app, expected_table

#: The modules of lpsc_cli/cli that only some commands need.
COMMAND_MODULES = {
    "ack", "case", "check", "council", "deadlines", "documents", "export", "init", "keys", "kpi", "log",
    "meeting", "member", "migrate", "plan", "records", "schema", "site", "submission", "training", "writing",
}  # fmt: skip


def test_the_command_table_is_what_the_modules_register() -> None:
    expected = expected_table()
    assert expected == COMMANDS, "update COMMANDS in lpsc_cli/cli/commands.py to:\n" + json.dumps(
        expected, indent=1, ensure_ascii=False
    )


def describe(command: Any, ctx: Any) -> Any:
    """What a user sees of a command: its kind, help and options, and the same of its subcommands."""
    params = [
        (
            param.name, tuple(param.opts), tuple(param.secondary_opts), getattr(param, "help", None),
            type(getattr(param, "type", None)).__name__, repr(param.default), param.required, param.multiple, param.nargs,
            getattr(param, "envvar", None), getattr(param, "hidden", False), getattr(param, "is_flag", False),
            param.metavar, param.is_eager, param.expose_value,
        )
        for param in command.get_params(ctx)
    ]  # fmt: skip
    subcommands = {name: describe(sub, ctx) for name, sub in getattr(command, "commands", {}).items()}
    return (
        isinstance(command, TyperGroup), command.name, command.help, command.short_help, command.hidden,
        getattr(command, "no_args_is_help", None), params, subcommands,
    )  # fmt: skip


def test_the_lazy_tree_is_the_tree_of_every_module() -> None:
    lazy: Any = typer.main.get_command(app)
    eager: Any = typer.main.get_command(eager_app())
    ctx = typer.Context(eager)
    assert list(lazy.commands) == list(eager.commands)
    for name in eager.commands:
        assert describe(lazy.commands[name], ctx) == describe(eager.commands[name], ctx), name


def imported_modules(*args: str) -> set[str]:
    """The modules a run of `lpsc ARGS` has imported when it ends."""
    code = (
        "import sys, json\n"
        "from lpsc_cli.cli.main import main\n"
        f"sys.argv = ['lpsc', *{list(args)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.__stderr__.write(json.dumps(sorted(sys.modules)))\n"
    )
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("LPSC_REPO", None)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL, env=env
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def cli_modules(modules: set[str]) -> set[str]:
    return {m.rpartition(".")[2] for m in modules if m.startswith("lpsc_cli.cli.")} & COMMAND_MODULES


def test_root_help_imports_no_command_module(tmp_path: Any) -> None:
    modules = imported_modules("--help")
    assert not cli_modules(modules)
    assert "yaml" not in modules  # no lpsc.yaml to read outside a repository


@pytest.mark.parametrize(
    ("words", "needed"),
    [
        (["check", "--help"], {"check", "keys", "writing"}),
        (["meeting", "new", "--help"], {"meeting", "records", "writing"}),
        (["--version"], set()),
    ],
    ids=["check", "meeting new", "version"],
)
def test_a_command_imports_its_own_modules_only(words: list[str], needed: set[str]) -> None:
    assert cli_modules(imported_modules(*words)) <= needed


def test_completion_lists_top_level_commands_from_the_table(tmp_path: Any) -> None:
    env = {k: v for k, v in os.environ.items() if k != "LPSC_REPO"}
    env.update(_LPSC_COMPLETE="complete_bash", COMP_WORDS="lpsc me", COMP_CWORD="1",
               _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "lpsc_cli"], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["member", "meeting"]


def test_an_unknown_command_is_a_usage_error_with_a_suggestion(runner: Any) -> None:
    done = runner.invoke(app, ["meetin"])
    assert done.exit_code == 2
    assert "No such command 'meetin'" in done.output and "'meeting'" in done.output
