"""`lpsc ack`: the council acknowledges an obligation it met late or missed (docs/rules.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from lpsc_cli.cli.common import RepoOption, handle_errors, parse_day
from lpsc_cli.cli.writing import CommitOption, DryRunOption, required, run_write, write_options
from lpsc_cli.i18n import gettext as _

# The library is imported inside each command, not here: `lpsc --help` and every other command's
# start-up must not load YAML, schemas, git or the checks (docs/architecture.md).


def ack_command(
    obligation: Annotated[
        str,
        typer.Argument(
            help="The obligation's id, as lpsc deadlines and lpsc check give it (invitation-notice:lpsc-2025-12-17).",
            show_default=False,
        ),
    ],
    reason: Annotated[str | None, typer.Option("--reason", help="Why it was late or missed.")] = None,
    by: Annotated[str | None, typer.Option("--by", help="The member who acknowledges it (id).")] = None,
    when: Annotated[
        str | None, typer.Option("--date", help="Day of the acknowledgement (YYYY-MM-DD or 'today'; default today).")
    ] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Acknowledge a missed or late obligation: `lpsc check` stops failing on it.

    The obligation must be overdue or met late on the day of the acknowledgement. lpsc deadlines,
    lpsc kpi and the reports still count it as late. Writes acknowledgements/<id>.yaml and
    commits it.
    """
    from lpsc_cli.editing import acks  # lazy: loads the rules, which `lpsc --help` does not need
    from lpsc_cli.editing.values import record_id

    with handle_errors():
        acknowledgement = acks.Acknowledgement(
            obligation=obligation.strip(),
            date=parse_day(when, option="--date"),
            reason=required(reason, option="--reason", prompt=_("Reason")),
            by=record_id(by, option="--by") if by else None,
        )
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: acks.acknowledge(r, acknowledgement, options=options), whole=True)  # judges obligations


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add this module's command to the app."""
    app.command("ack")(ack_command)
