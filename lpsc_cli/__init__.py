"""lpsc: the records of a Local Public Safety Council, kept as YAML in git, checked and reported.

The public API is small and lazy (importing the package costs nothing until a name is used):

- `load_repository(path)` — the loaded records and the findings of loading them;
- `check(repo, options)` — every finding about the records;
- `deadlines`, `indicators`, `render` — see their modules.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "check_repository", "load_repository"]


def __getattr__(name: str) -> Any:
    if name == "load_repository":
        from lpsc_cli.repository import load_repository

        return load_repository
    if name == "check_repository":
        from lpsc_cli.checks import check_repository

        return check_repository
    raise AttributeError(name)
