"""Commands of the deadlines group; filled in by its own issue."""

from __future__ import annotations

import typer


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add this module's commands to the app and to the shared noun groups."""
