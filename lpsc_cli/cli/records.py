"""Commands that create and change records: one module per noun, registered here.

institution add; member add|declare|delegate|term|list|show; meeting new|invite|attend|decide|
minutes|publish|list|show; case new|screen|assess|plan|assign|contact|review|transfer|close|reopen|
share|escalate|progress|list|show; plan new|item|activity|progress|approve|publish|monitor|revise|
list|show; training add|list; report add|list; log RECORD. The library behind them is
lpsc_cli/editing; the shared options and output are in lpsc_cli/cli/writing.py.
"""

from __future__ import annotations

import typer


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add the record commands to the app and to the shared noun groups."""
    from lpsc_cli.cli import case, log, meeting, member, plan, submission, training

    for module in (member, meeting, case, plan, training, submission, log):
        module.register(app, groups)
