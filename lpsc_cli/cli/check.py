"""`lpsc check`: validate a record repository; fit for CI."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from lpsc_cli.cli.common import (
    AsOfOption,
    QuietOption,
    RepoOption,
    handle_errors,
    parse_day,
    progress_bar,
    write_output,
)
from lpsc_cli.cli.keys import IdentityOption
from lpsc_cli.errors import UsageError
from lpsc_cli.i18n import gettext as _

# The library is imported inside each command, not here: `lpsc --help` and every other command's
# start-up must not load YAML, schemas, git or the checks (docs/architecture.md).


class CheckFormat(StrEnum):
    """The names of `lpsc_cli.reporters.check.REPORTERS` (kept here so that --help imports nothing)."""

    text = "text"
    json = "json"
    github = "github"
    gitlab = "gitlab"
    sarif = "sarif"
    junit = "junit"


def check_command(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Report only findings in these files or folders.", show_default=False)
    ] = None,
    repo: RepoOption = None,
    as_of: AsOfOption = None,
    output_format: Annotated[CheckFormat, typer.Option("--format", help="Output format.")] = CheckFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail the check too.")] = False,
    changed_since: Annotated[
        str | None,
        typer.Option("--changed-since", help="Report only files changed since this git revision.", metavar="REV"),
    ] = None,
    history: Annotated[
        bool, typer.Option("--history", help="Also scan every commit for leaked confidential data and keys.")
    ] = False,
    cache: Annotated[
        bool,
        typer.Option(
            "--cache/--no-cache", help="Reuse results and parsed files from the cache (kept outside the repository)."
        ),
    ] = True,
    introduced: Annotated[
        bool,
        typer.Option(
            "--introduced",
            help="Only findings the work tree brings compared with the last commit, and errors in the files "
            "given or changed (the pre-commit hook).",
        ),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file instead of stdout.", dir_okay=False),
    ] = None,
    reveal: Annotated[
        bool,
        typer.Option(
            "--reveal",
            help="Also decrypt the sealed identities your key reads and report any found in a public field.",
        ),
    ] = False,
    identity: IdentityOption = None,
    signatures: Annotated[
        bool,
        typer.Option(
            "--signatures",
            help="Also verify that every commit touching cases/ is signed by a member in term (git's SSH signing).",
        ),
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Check the records: schemas, references, dates, composition and obligations.

    --signatures also verifies, with git, that the commits touching cases/ (or every commit,
    `signatures: {scope: repository}` in lpsc.yaml) are signed by a member in term.

    Formats: text, json, github (annotations), gitlab (Code Quality), sarif (SARIF 2.1.0) and
    junit (JUnit XML). Exit 0 when clean, 1 when there are errors (or warnings with --strict),
    2 on a usage or configuration error.
    """
    # imported here, not at the top: `lpsc --help` must not load the checks
    from lpsc_cli.checks import CheckOptions, check_root
    from lpsc_cli.reporters import View
    from lpsc_cli.reporters.check import REPORTERS
    from lpsc_cli.repository import find_root

    with handle_errors():
        day = parse_day(as_of)
        root = find_root(repo)
        given = tuple(_relative(root, p) for p in paths or ())
        missing = [p for p in given if not (root / p).exists()]
        if missing:
            raise UsageError(_("no such file or folder in the repository: {paths}").format(paths=", ".join(missing)))
        selected: tuple[str, ...] | None = given or None
        related: tuple[tuple[str, str], ...] = ()
        if changed_since:
            from lpsc_cli.history import changes_since
            from lpsc_cli.model import record_of_path

            # the files changed, and the paths given: an empty tuple reports no file at all;
            # the records that refer to a changed or deleted record are reported too
            changes = changes_since(root, changed_since)
            selected = (*given, *changes.changed)
            related = tuple(filter(None, map(record_of_path, (*changes.changed, *changes.deleted))))
        if reveal:
            if introduced:
                raise UsageError(_("--reveal checks the whole repository; it does not take --introduced"))
            result = _revealed(root, CheckOptions(
                as_of=day, paths=selected, strict=strict, history=history, cache=cache, related=related,
                signatures=signatures,
            ), identity)  # fmt: skip
        elif introduced:
            from lpsc_cli.checks.introduced import introduced_findings

            if changed_since:
                raise UsageError(_("--introduced compares with the last commit; it does not take --changed-since"))
            if signatures:
                raise UsageError(_("--signatures verifies the commits; it does not take --introduced"))
            options = CheckOptions(as_of=day, strict=strict, history=history, cache=cache)
            result = introduced_findings(root, options, touched=given or None)
        else:
            options = CheckOptions(
                as_of=day, paths=selected, strict=strict, history=history, cache=cache, related=related, workers=None,
                signatures=signatures,
            )  # fmt: skip
            with progress_bar(_("reading records"), quiet=quiet) as progress:
                result = check_root(root, options, progress=progress)
    write_output(REPORTERS[output_format.value](result, view=View()), output)
    if not quiet and output_format is CheckFormat.text:
        _declarations_note(root)
    raise typer.Exit(0 if result.ok else 1)


def _declarations_note(root: Path) -> None:
    """One line on stderr when meetings discussed cases and lpsc.yaml has no start date for declarations."""
    from lpsc_cli.checks.declarations import unjudged
    from lpsc_cli.model import CONFIG_FILE
    from lpsc_cli.yamlio import parse

    config = parse((root / CONFIG_FILE).read_bytes(), CONFIG_FILE).data
    if isinstance(config, dict) and unjudged(root, config):
        note = _(
            "note: per-meeting confidentiality declarations are not checked; to check them from a day on, "
            "add {setting} to lpsc.yaml"
        )
        sys.stderr.write("lpsc: " + note.format(setting="`declarations: {from: YYYY-MM-DD}`") + "\n")


def _revealed(root: Path, options: Any, identity: Path | None) -> Any:
    """`--reveal`: the checks plus the scan of public fields; says on stderr when no scan was possible."""
    from lpsc_cli.checks.exposure import check_revealed
    from lpsc_cli.sealing.keys import identity_path

    path = identity_path(identity)
    revealed = check_revealed(root, options, path)
    if not revealed.scanned:
        message = _("--reveal: the public fields could not be scanned for protected identities: {reason}")
        sys.stderr.write("lpsc: " + message.format(reason=revealed.reason) + "\n")
    elif revealed.cases == 0 and revealed.sealed:
        message = _(
            "--reveal: your key ({path}) reads none of the sealed cases: the public fields could not be scanned "
            "for their identities"
        )
        sys.stderr.write("lpsc: " + message.format(path=path) + "\n")
    return revealed.result


def _relative(root: Path, given: str) -> str:
    """A path argument as a POSIX path relative to the repository root."""
    path = Path(given)
    if path.is_absolute() or path.exists():
        try:
            return path.resolve().relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()
    return path.as_posix()


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    app.command("check")(check_command)
