"""What every command shares: the common options, loading the repository, errors, output."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from lpsc_cli.errors import LpscError, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from lpsc_cli.repository import Repository

#: The years a council's records can be about; outside them, date arithmetic would overflow.
FIRST_YEAR, LAST_YEAR = 1900, 2999

RepoOption = Annotated[
    Path | None,
    typer.Option(
        "--repo",
        help="The record repository (default: $LPSC_REPO, or the nearest folder upward holding lpsc.yaml).",
        envvar="LPSC_REPO",
        show_default=False,
        file_okay=False,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="Judge time as on this day (YYYY-MM-DD or 'today'; default today).", metavar="DATE"),
]


def parse_day(value: str | None, *, option: str = "--as-of") -> date:
    """A day from an option value: `YYYY-MM-DD` or `today`; the CLI's only reading of the clock."""
    if value is None or value.strip().lower() == "today":
        return date.today()
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"{option}: '{value}' is not a date (use YYYY-MM-DD or 'today')") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise UsageError(f"{option}: {value} is outside the years lpsc works with ({FIRST_YEAR}-{LAST_YEAR})")
    return day


def console(*, stderr: bool = False) -> Console:
    """A Rich console: colour only on a terminal, width from $COLUMNS when set."""
    from rich.console import Console

    width = int(os.environ["COLUMNS"]) if os.environ.get("COLUMNS", "").isdigit() else None
    return Console(stderr=stderr, highlight=False, width=width, soft_wrap=False)


QuietOption = Annotated[bool, typer.Option("--quiet", help="Show no progress bar on a long run.")]


@contextmanager
def progress_bar(what: str, *, quiet: bool = False, delay: float = 1.0) -> Iterator[Callable[[int, int], None] | None]:
    """A progress callback `(done, total)` that draws a Rich bar on stderr once a run has lasted
    `delay` seconds; None (nothing drawn) when stderr is not a terminal or with `--quiet`."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=console(stderr=True), transient=True,
    )  # fmt: skip
    started = time.monotonic()
    task: Any = None

    def report(done: int, total: int) -> None:
        nonlocal task
        if task is None:
            if time.monotonic() - started < delay:
                return
            bar.start()
            task = bar.add_task(what, total=total)
        bar.update(task, completed=done, total=total)

    try:
        yield report
    finally:
        if task is not None:
            bar.stop()


def output_width() -> int:
    """Width for tables: the terminal's (or $COLUMNS); wide when piped, so logs do not wrap."""
    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    if sys.stdout.isatty():
        return console().width
    return 160


def fail(message: str, *, code: int = 1) -> NoReturn:
    """Print `lpsc: message` on stderr and exit with `code`."""
    sys.stderr.write(f"lpsc: {message}\n")
    raise typer.Exit(code)


@contextmanager
def handle_errors() -> Iterator[None]:
    """Turn the library's known exceptions into a message and an exit code (1, or 2 for usage)."""
    try:
        yield
    except LpscError as exc:
        details = getattr(exc, "issues", ())
        for issue in details:
            where = f"{issue.file}:{issue.line}: " if issue.file else ""
            sys.stderr.write(f"{where}{issue.severity} {issue.code}: {issue.message}\n")
        fail(str(exc), code=exc.exit_code)


def load(repo: Path | None, *, quiet: bool = False) -> Repository:
    """Load the repository named by --repo (or found from the current folder), a bar on a long load."""
    from lpsc_cli.repository import load_repository

    with progress_bar("reading records", quiet=quiet) as progress:
        return load_repository(repo, progress=progress, workers=None)


def write_output(content: str | bytes, output: Path | None) -> None:
    """Send a command's result to stdout, or atomically to the file of `-o`."""
    if output is None or str(output) == "-":
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        else:
            sys.stdout.write(content)
        return
    from lpsc_cli.store import write_atomic

    with handle_errors():
        write_atomic(output, content if isinstance(content, bytes) else content.encode("utf-8"), overwrite=True)


def dump_json(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"
