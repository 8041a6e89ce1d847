"""`lpsc init`: create a new record repository."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lpsc_cli.cli.common import handle_errors, parse_day
from lpsc_cli.i18n import gettext as _
from lpsc_cli.i18n import ngettext

# The library is imported inside each command, not here: `lpsc --help` and every other command's
# start-up must not load YAML, schemas, git or the checks (docs/architecture.md).


def init_command(
    directory: Annotated[
        Path, typer.Argument(help="Folder of the new repository (created if missing).", file_okay=False)
    ],
    council: Annotated[str, typer.Option("--council", help="Council id, e.g. 'elbasan'.")],
    name: Annotated[str, typer.Option("--name", help="Council name, e.g. 'KVSP Elbasan'.")],
    municipality: Annotated[str | None, typer.Option("--municipality", help="Municipality name.")] = None,
    lang: Annotated[str, typer.Option("--lang", help="Language of documents: sq or en.")] = "sq",
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Day the records start; obligations before it are not judged (default today).",
            metavar="DATE",
        ),
    ] = None,
    profile: Annotated[
        str,
        typer.Option("--profile", help="Seats the council must have: normative-act or elbasan-regulation."),
    ] = "normative-act",
    basis: Annotated[
        list[str] | None,
        typer.Option(
            "--basis",
            help="Legal basis deciding the rules: normative-act and/or council-regulation (repeat; default "
            "normative-act).",
        ),
    ] = None,
    prefecture: Annotated[
        str | None, typer.Option("--prefecture", help="The prefecture (county) id, e.g. 'elbasan'.")
    ] = None,
    commit: Annotated[
        bool, typer.Option("--commit/--no-commit", help="Make it a git repository with a first commit.")
    ] = True,
    signing_key: Annotated[
        Path | None,
        typer.Option(
            "--signing-key",
            help="Your SSH key (e.g. ~/.ssh/id_ed25519): git signs this repository's commits with it, the first too.",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Create a new, empty record repository that `lpsc check` passes."""
    from lpsc_cli.history import initial_commit
    from lpsc_cli.scaffold import create_repository

    with handle_errors():
        start = parse_day(since, option="--since")
        if signing_key is not None:
            signing_key = _signing_key(directory, signing_key, commit=commit)
        written = create_repository(
            directory,
            council=council,
            name=name,
            since=start,
            municipality=municipality,
            language=lang,
            profile=profile,
            basis=tuple(basis or ("normative-act",)),
            prefecture=prefecture,
        )
        sha = initial_commit(directory, f"init: council {council}", signing_key=signing_key) if commit else None
    count = len(written)
    typer.echo(
        ngettext("created {directory} ({n} file)", "created {directory} ({n} files)", count).format(
            directory=directory, n=count
        )
    )
    if commit:
        typer.echo(_("committed {sha}").format(sha=sha) if sha else _("not committed: git is not available"))


def _signing_key(directory: Path, key: Path, *, commit: bool) -> Path:
    """The SSH key for `--signing-key`, refused when missing or inside the new repository."""
    from lpsc_cli.errors import UsageError

    if not commit:
        raise UsageError(_("--signing-key configures git's signing: it does not take --no-commit"))
    from lpsc_cli.signatures import key_outside

    return key_outside(key, directory, option="--signing-key")


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    app.command("init")(init_command)
