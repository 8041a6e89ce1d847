"""`lpsc log RECORD`: who changed a record, when, and how — from git."""

import sys
from enum import StrEnum
from typing import Annotated

import typer

from lpsc_cli.cli.common import RepoOption, dump_json, handle_errors, load
from lpsc_cli.i18n import gettext as _

# The library is imported inside each command, not here: `lpsc --help` and every other command's
# start-up must not load YAML, schemas, git or the checks (docs/architecture.md).


class LogFormat(StrEnum):
    text = "text"
    json = "json"


def log_command(
    record: Annotated[
        str,
        typer.Argument(help="A record id (case-2025-004), kind:id (member:x) or a file path.", show_default=False),
    ],
    output_format: Annotated[LogFormat, typer.Option("--format", help="Output format.")] = LogFormat.text,
    repo: RepoOption = None,
) -> None:
    """The history of one record: date, author and message of each commit that touched its file.

    Renames are followed, so a file moved to another folder keeps its history.
    """
    from lpsc_cli.editing.core import locate_record
    from lpsc_cli.history import file_log

    with handle_errors():
        repository = load(repo)
        kind, record_id, path = locate_record(repository, record)
        entries = file_log(repository.root, path)
    rel = path.relative_to(repository.root).as_posix()
    if output_format is LogFormat.json:
        sys.stdout.write(
            dump_json(
                {
                    "record": record_id,
                    "kind": kind,
                    "file": rel,
                    "git": entries is not None,
                    "commits": [
                        {
                            "commit": e.commit,
                            "date": e.date,
                            "author": e.author,
                            "email": e.email,
                            "message": e.message,
                            "file": e.path,
                        }
                        for e in entries or []
                    ],
                }
            )
        )
        return
    if entries is None:
        typer.echo(_("{file}: no history (the repository is not in git)").format(file=rel))
        return
    if not entries:
        typer.echo(_("{file}: never committed").format(file=rel))
        return
    for entry in entries:
        typer.echo(f"{entry.date}  {entry.commit[:7]}  {entry.author}  {entry.message}")


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    app.command("log")(log_command)
