"""Option values that plainly are what was given are coerced without Typer's pydantic machinery
(`cli/helpview._plain`), with the very results Typer's own coercion gives; everything else, and
every value Typer refuses, still goes to Typer."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.main
from typer._coercion import build_runtime_param

from lpsc_cli.cli import helpview
from tests.support.repos import EXAMPLE


class Colour(StrEnum):
    red = "red"
    green = "Green"


def _command() -> Any:
    app = typer.Typer()

    @app.command()
    def run(
        text: Annotated[str | None, typer.Option("--text")] = None,
        texts: Annotated[list[str] | None, typer.Option("--texts")] = None,
        count: Annotated[int | None, typer.Option("--count", min=1, max=10)] = None,
        share: Annotated[float | None, typer.Option("--share")] = None,
        colour: Annotated[Colour | None, typer.Option("--colour", case_sensitive=False)] = None,
        folder: Annotated[Path | None, typer.Option("--folder", file_okay=False)] = None,
        existing: Annotated[Path | None, typer.Option("--existing", exists=True, dir_okay=False)] = None,
    ) -> None:
        """A command with one option of each kind."""

    return typer.main.get_command(app)


def _values(tmp_path: Path) -> dict[str, list[Any]]:
    file = tmp_path / "file.txt"
    file.write_text("x")
    return {
        "text": ["plain", "", "ë ç", "--x"],
        "texts": [("a", "b"), ["one"], ()],
        "count": ["1", "10", "0", "11", "-3", "007", " 5", "5.0", "x"],
        "share": ["50", "50.5", "-0", "1e3", " 2", "nan", "x"],
        "colour": ["red", "RED", "green", "Green", "blue", ""],
        "folder": [str(tmp_path), str(tmp_path / "missing"), str(file)],
        "existing": [str(file), str(tmp_path / "missing"), str(tmp_path)],
    }


def test_plain_values_are_coerced_as_typer_coerces_them(tmp_path: Path) -> None:
    command = _command()
    ctx = typer.Context(command)
    params = {param.name: param for param in command.params}
    plain_seen = 0
    for name, values in _values(tmp_path).items():
        param = params[name]
        typer_runtime = build_runtime_param(param.type_descriptor)
        for value in values:
            plain = helpview._plain(value, param, ctx)
            try:
                expected: Any = typer_runtime.coerce(value, param=param, ctx=ctx)
            except typer.BadParameter:
                assert plain is helpview._NOT_PLAIN, (name, value)  # Typer's message, not ours
                continue
            if plain is not helpview._NOT_PLAIN:
                plain_seen += 1
                assert (plain, type(plain)) == (expected, type(expected)), (name, value)
    assert plain_seen >= 15  # the common values do take the plain way


def test_long_numbers_are_left_to_typer(tmp_path: Path) -> None:
    """Past 15 digits a number is Typer's to read (Python refuses to convert more than 4,300
    digits, and a float keeps about 15): no internal error on a pasted run of digits."""
    command = _command()
    ctx = typer.Context(command)
    params = {param.name: param for param in command.params}
    for value in ("1" * 5000, "1" * 16, "1." + "5" * 16):
        assert helpview._plain(value, params["share"], ctx) is helpview._NOT_PLAIN, value
    assert helpview._plain("1" * 15, params["share"], ctx) == float("1" * 15)


def test_a_record_command_imports_no_pydantic_and_no_check_runner(tmp_path: Path) -> None:
    """Neither pydantic (Typer's coercion) nor the runner of `lpsc check` with every check, the
    rules and the indicators: a write judges its one record with two per-record checks."""
    root = tmp_path / "council"
    shutil.copytree(EXAMPLE, root)
    script = (
        "import sys\n"
        "from lpsc_cli.cli.main import main\n"
        "sys.argv = ['lpsc', '--lang', 'en', 'plan', 'progress', 'plan-2025', '1.2.1', '--date', '2025-12-20',"
        " '--percent', '50', '--repo', sys.argv[1], '--dry-run']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    code = exit.code\n"
        "print(code, 'pydantic' in sys.modules, 'lpsc_cli.checks.runner' in sys.modules, file=sys.stderr)\n"
    )
    env = {**os.environ, "LPSC_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", script, str(root)], capture_output=True, text=True, env=env,
        stdin=subprocess.DEVNULL, timeout=120, check=False,
    )  # fmt: skip
    assert done.stderr.strip().splitlines()[-1] == "0 False False", done.stderr
