"""The plain `show` of the records that are nothing but their file; the other record commands
are each in the module of their noun:

institution add|list|show; member add|declare|delegate|term|list|show; meeting new|invite|attend|decide|
minutes|publish|list|show; case new|screen|assess|plan|assign|contact|review|transfer|close|reopen|
share|escalate|progress|list|show; plan new|item|activity|progress|approve|publish|monitor|revise|
list|show; training add|list|show; report add|list|show; log RECORD. The library behind them is
lpsc_cli/editing; the shared options and output are in lpsc_cli/cli/writing.py.
"""

from collections.abc import Callable
from typing import Annotated

import typer

from lpsc_cli.cli.common import RepoOption, handle_errors, load
from lpsc_cli.cli.writing import ShowFormat, ShowFormatOption, existing, id_argument, show_record
from lpsc_cli.i18n import N_

# The library is imported inside each command, not here: `lpsc --help` and every other command's
# start-up must not load YAML, schemas, git or the checks (docs/architecture.md).

#: Kinds whose `show` is nothing but the record itself: (group, kind, what an id looks like).
PLAIN_SHOWS = (
    ("institution", "institution", "police-elbasan"),
    ("member", "member", "member-arta-kola"),
    ("meeting", "meeting", "lpsc-2025-03-12"),
    ("training", "training", "training-2025-03-20"),
    ("report", "report", "annual-activity-2025"),
)

#: The help of each plain `show`, written out whole for the catalogs: kind -> (the command's, the id's).
SHOW_HELP = {
    "institution": (N_("Show one institution's record."), N_("The institution's id, e.g. police-elbasan.")),
    "member": (N_("Show one member's record."), N_("The member's id, e.g. member-arta-kola.")),
    "meeting": (N_("Show one meeting's record."), N_("The meeting's id, e.g. lpsc-2025-03-12.")),
    "training": (N_("Show one training's record."), N_("The training's id, e.g. training-2025-03-20.")),
    "report": (N_("Show one report's record."), N_("The report's id, e.g. annual-activity-2025.")),
}


def show_command(kind: str, example: str) -> Callable[..., None]:
    """`lpsc <kind> show ID`: the record as its file reads (yaml) or as its data (json). Its help
    is `SHOW_HELP[kind]` (whose id's help gives `example`: tests/test_i18n_help.py)."""
    summary, id_help = SHOW_HELP[kind]

    def show(
        record_id: Annotated[
            str,
            typer.Argument(help=id_help, show_default=False, callback=id_argument, metavar="ID"),
        ],
        output_format: ShowFormatOption = ShowFormat.yaml,
        repo: RepoOption = None,
    ) -> None:
        with handle_errors():
            repository = load(repo)
            record = existing(repository, kind, record_id)
        show_record(record, repository, output_format)

    show.__doc__ = summary
    return show


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add the plain `show` commands to the noun groups (the other record commands are each
    module's own: `cli/commands.py`)."""
    for group, kind, example in PLAIN_SHOWS:
        groups[group].command("show")(show_command(kind, example))
