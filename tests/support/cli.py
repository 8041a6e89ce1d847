"""Calling the program in-process: the Click command is built from the Typer app once per app.

Typer's `CliRunner.invoke` rebuilds every command of the program on each call, which is most of
a call's time here; `invoke` runs an already built command inside the runner's public
`isolation()` (stdin, stdout, stderr and environment), as `CliRunner.invoke` does.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer
import typer.main
from typer.testing import CliRunner, Result

_BUILT: dict[int, tuple[typer.Typer, Any]] = {}


def command(app: typer.Typer) -> Any:
    """The Click command of `app`, built once."""
    known = _BUILT.get(id(app))
    if known is None or known[0] is not app:
        known = _BUILT[id(app)] = (app, typer.main.get_command(app))
    return known[1]


def invoke(runner: CliRunner, app: typer.Typer, args: Sequence[str], *, input: str | None = None) -> Result:
    """Run `app` with `args` in the runner's isolation; the same result as `runner.invoke(app, args)`."""
    cli = command(app)
    exit_code: int = 0
    exception: BaseException | None = None
    exc_info: Any = None
    with runner.isolation(input=input) as (stdout, stderr, output):
        try:
            cli.main(args=list(args), prog_name=runner.get_default_prog_name(cli))
        except SystemExit as stop:
            code = 0 if stop.code is None else stop.code
            if not isinstance(code, int):
                sys.stdout.write(f"{code}\n")
                code = 1
            exit_code, exception, exc_info = code, (stop if code else None), sys.exc_info()
        except Exception as error:
            exit_code, exception, exc_info = 1, error, sys.exc_info()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        streams = stdout.getvalue(), stderr.getvalue(), output.getvalue()
    return Result(
        runner=runner,
        stdout_bytes=streams[0],
        stderr_bytes=streams[1],
        output_bytes=streams[2],
        return_value=None,
        exit_code=exit_code,
        exception=exception,
        exc_info=exc_info,
    )


class Runner(CliRunner):
    """Typer's `CliRunner`, running the command built once for each app."""

    def invoke(  # type: ignore[override]
        self, app: typer.Typer, args: str | Sequence[str] | None = None, input: str | None = None, **extra: Any
    ) -> Result:
        if extra:  # env=, catch_exceptions=, ...: Typer's own invoke
            return super().invoke(app, args, input=input, **extra)
        words = shlex.split(args) if isinstance(args, str) else list(args or ())
        return invoke(self, app, words, input=input)


def lpsc(runner: CliRunner, app: typer.Typer, root: Path, *args: str, input: str | None = None) -> Result:
    """Invoke `lpsc ARGS --repo ROOT` through the runner."""
    return runner.invoke(app, [*args, "--repo", str(root)], input=input)


def in_both(runner: Any, app: typer.Typer, *args: str, input: str | None = None) -> tuple[Result, Result]:
    """`lpsc --lang en ARGS` and `lpsc --lang sq ARGS`: the English result, then the Albanian one."""
    english, albanian = (runner.invoke(app, ["--lang", language, *args], input=input) for language in ("en", "sq"))
    return english, albanian
