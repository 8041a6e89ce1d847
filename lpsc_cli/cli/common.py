"""What every command shares: the common options, loading the repository, errors, output.

Output: every text a command prints goes to the standard streams that `install_output_streams`
sets up once at start-up (UTF-8 whatever the console or pipe encoding, terminal controls
removed); files named with `-o` are written by `write_file` (atomically; through devices and
pipes; never replacing them). Errors: `handle_errors` turns the library's exceptions and the
computer's refusals (`OSError`) into one line and an exit code (docs/exit-codes.md).
"""

from __future__ import annotations

import io
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TextIO

import typer

from lpsc_cli.controls import strip_controls
from lpsc_cli.errors import FileSystemError, LpscError, UsageError
from lpsc_cli.i18n import gettext as _

# The library is imported inside each command, not here: `lpsc --help` and every other command's
# start-up must not load YAML, schemas, git or the checks (docs/architecture.md).

if TYPE_CHECKING:
    from rich.console import Console

    from lpsc_cli.repository import Repository, Selection

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
        raise UsageError(
            _("{option}: '{value}' is not a date (use YYYY-MM-DD or 'today')").format(option=option, value=value)
        ) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise UsageError(
            _("{option}: {value} is outside the years lpsc works with ({first}-{last})").format(
                option=option, value=value, first=FIRST_YEAR, last=LAST_YEAR
            )
        )
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
    """Turn known exceptions into a message and an exit code: the library's (1, or 2 for usage
    and configuration), and the computer's refusals (`OSError`: a folder that cannot be written,
    a file open in Word, a full disk), which are environment errors (2) naming the path."""
    try:
        yield
    except LpscError as exc:
        details = getattr(exc, "issues", ())
        for issue in details:
            where = f"{issue.file}:{issue.line}: " if issue.file else ""
            sys.stderr.write(f"{where}{issue.severity} {issue.code}: {issue.message}\n")
        fail(str(exc), code=exc.exit_code)
    except BrokenPipeError:
        raise  # the reader of the output went away: the entry point stops quietly
    except OSError as exc:
        fail(os_error_message(exc), code=FileSystemError.exit_code)


def os_error_message(exc: OSError) -> str:
    """An `OSError` as one line naming the path(s) concerned and what to do about it."""
    from lpsc_cli.store import describe_os_error

    names = [str(name) for name in (exc.filename, exc.filename2) if name is not None]
    where = " -> ".join(names)
    return f"{where}: {describe_os_error(exc)}" if where else describe_os_error(exc)


#: Output formats read by programs: always written in English, whatever the language.
#: The commands whose `--format` names the files they write (which are machine output whatever
#: the language: the library writes them in English), never what they print for a person.
FILE_FORMAT_COMMANDS = frozenset({"export"})
MACHINE_FORMATS = frozenset({"json", "csv", "sarif", "junit", "gitlab", "github"})


def option_value(args: list[str], name: str) -> str | None:
    """The first value of option `name` on a command line (`--name value` or `--name=value`)."""
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == name and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith(name + "="):
            return arg.partition("=")[2]
    return None


def configured_language(repo: str | None) -> object:
    """The `language` of the repository's `lpsc.yaml` (the one `--repo`, `$LPSC_REPO` or the
    current folder names), or None; a missing or broken file is the command's to report."""
    given = repo or os.environ.get("LPSC_REPO")
    start = Path(given).expanduser() if given else Path.cwd()
    for folder in (start,) if given else (start, *start.resolve().parents):
        config = folder / "lpsc.yaml"
        if config.is_file():
            import yaml  # only when there is a file to read: `lpsc --help` outside a repository needs none

            try:
                data = yaml.safe_load(config.read_text(encoding="utf-8"))
            except (OSError, ValueError, yaml.YAMLError):
                return None
            return data.get("language") if isinstance(data, dict) else None
    return None


def choose_language(option: str | None, args: list[str], *, for_help: bool = False, command: str | None = None) -> str:
    """Activate the language of this run: English for a machine `--format`; else `--lang`,
    `$LPSC_LANG`, the repository's `lpsc.yaml` language, the system locale, English.

    With `--help` on the command line, the language is chosen when the help is shown
    (`for_help`, `cli/helpview.py`), whatever the `--format`; the root's callback leaves it."""
    from lpsc_cli import i18n

    if not for_help and ("--help" in args or "-h" in args):
        return i18n.active()
    machine = (option_value(args, "--format") or option_value(args, "-f")) in MACHINE_FORMATS
    if not for_help and machine and command not in FILE_FORMAT_COMMANDS:
        return i18n.activate(i18n.DEFAULT)
    environment = os.environ.get(i18n.ENV)
    found = i18n.supported(option) or i18n.supported(environment)
    if found is None:
        found = i18n.resolve(
            configured=configured_language(option_value(args, "--repo")), system=i18n.system_language()
        )
    return i18n.activate(found)


def load(repo: Path | None, *, quiet: bool = False, selection: Selection | None = None) -> Repository:
    """Load the repository named by --repo (or found from the current folder), a bar on a long load;
    only the records of `selection` when given (a record command's load)."""
    from lpsc_cli.repository import load_repository

    with progress_bar(_("reading records"), quiet=quiet) as progress:
        return load_repository(repo, progress=progress, workers=None, selection=selection)


StrictOption = Annotated[
    bool,
    typer.Option("--strict", help="Fail (exit 1) when a record could not be read, instead of leaving it out."),
]


def left_out(repository: Repository, *, strict: bool) -> None:
    """Say on stderr which record files a report leaves out, and why; with `strict`, stop (exit 1).

    A report that goes to the national coordinators must never show five referrals where there
    were six without saying so.
    """
    from lpsc_cli.errors import Severity

    reasons: dict[str, str] = {}
    for issue in repository.issues:
        if issue.severity is Severity.ERROR and issue.file and issue.file not in reasons:
            reasons[issue.file] = _("line {line}: {message}").format(line=issue.line or 1, message=issue.message)
    if not reasons:
        return
    from lpsc_cli.i18n import ngettext

    count = len(reasons)
    files = ngettext("{n} record file could not be read", "{n} record files could not be read", count)
    why = _("this stops the report") if strict else _("left out of it")
    sys.stderr.write(
        _("lpsc: {council}: {files} ({why}; `lpsc check` lists every finding):").format(
            council=repository.council, files=files.format(n=count), why=why
        )
        + "\n"
    )
    for file, reason in sorted(reasons.items()):
        sys.stderr.write(f"  {file}: {reason}\n")
    if strict:
        raise typer.Exit(1)


def write_output(content: str | bytes, output: Path | None) -> None:
    """Send a command's result to stdout, or to the file (or device, or pipe) of `-o`."""
    if output is None or str(output) == "-":
        if isinstance(content, bytes):
            sys.stdout.flush()  # text written before goes first
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        else:
            sys.stdout.write(content)
        return
    with handle_errors():
        write_file(output, content if isinstance(content, bytes) else content.encode("utf-8"))


@dataclass(frozen=True, slots=True)
class Written:
    """Where `write_file` put the bytes, and how well they are protected.

    `through` is true when they went through a device or a pipe (`/dev/null`, `/dev/stdout`, a
    FIFO) rather than into a file that stays on disk; `owner_only` whether the file is readable
    by its owner only (asked with `private`, and held: never on a device or pipe, nor on a file
    system without permissions).
    """

    path: Path
    through: bool
    owner_only: bool


def write_file(output: Path, data: bytes, *, private: bool = False) -> Written:
    """Write the result of `-o`: a file atomically, never replacing a device, pipe or link.

    A character device or a FIFO (`/dev/null`, `/dev/stdout`, `mkfifo`) is opened and written
    through: it is never renamed over, truncated into a file or given a mode. A symbolic link to
    a file is followed, so the file it names is replaced and the link stays. Block devices and
    sockets are refused. `private` asks for a file readable by its owner only (decrypted case
    data): see `Written.owner_only`, and `privacy_note` for the sentence telling the user.
    Raises `FileSystemError` (exit 2) or `OSError`, both handled by `handle_errors`.
    """
    from lpsc_cli.store import write_atomic

    try:
        mode = os.stat(output).st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    if mode is not None and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        with open(output, "wb") as stream:
            stream.write(data)
        return Written(output, through=True, owner_only=False)
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise FileSystemError(_("cannot write {path}: it is a block device or a socket").format(path=output))
    target = Path(os.path.realpath(output)) if output.is_symlink() else output
    owner_only = write_atomic(target, data, overwrite=True, private=private)
    return Written(target, through=False, owner_only=owner_only)


def privacy_note(owner_only: bool, *, through: bool = False) -> str:
    """How far a file of decrypted data or a key is protected, in words: never a protection that
    did not hold (`Written.owner_only`, `through`; `lpsc_cli.privacy.restrict_to_owner`)."""
    if owner_only:
        return _("readable by you only")
    if through:
        return _("written to a device or pipe, not kept in a file of yours")
    return _("WARNING: other users of this computer may be able to read it: lpsc could not restrict its permissions")


def install_output_streams() -> None:
    """Make stdout and stderr safe for any text: UTF-8, terminal controls removed.

    Called once at start-up. A Windows console or pipe may default to cp1252 or cp1250, which
    cannot encode `≥`, `✓` or `─` (and only half of Albanian): the streams are reconfigured to
    UTF-8 (lone surrogates from undecodable file names are shown as `\\udcxx`, never a crash).
    Then every text written goes through `strip_controls`, so a record or file name holding
    escape sequences cannot drive the terminal; this covers `typer.echo`, `sys.stdout.write`
    and Rich consoles alike (Rich's own colours are dropped with them). Bytes written to
    `sys.stdout.buffer` (a `.docx` to a pipe) are untouched. Output is UTF-8 on every platform:
    a CSV opened in Excel needs its import dialogue, or an option that adds a byte-order mark.
    """
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None or isinstance(stream, TerminalSafeText):
            continue
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
        setattr(sys, name, TerminalSafeText(stream))


class TerminalSafeText:
    """A text stream that removes terminal controls from what is written (see `strip_controls`).

    Everything but writing is the wrapped stream's own (`buffer`, `isatty`, `flush`,
    `encoding`); writing bytes fails with `TypeError`, as on any text stream. On Windows it has
    no `fileno`: given one that is a console, Click (under `typer.echo`) would write to the
    console handle itself and go around the removal; Python's own stream already writes
    Unicode to a console.
    """

    #: Whether to hide the file descriptor (Windows; a test may set it).
    hide_fileno = os.name == "nt"

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def fileno(self) -> int:
        if self.hide_fileno:
            raise io.UnsupportedOperation("fileno")
        return self._stream.fileno()

    def write(self, text: str) -> int:
        self._stream.write(strip_controls(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def dump_json(value: Any) -> str:
    """`value` as indented JSON; DEL and C1 controls escaped (`\\u009b`), as JSON escapes C0, so
    that the output streams have nothing to remove from it."""
    import json

    text = json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    return re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)
