"""Shell completion of record ids: file names under the record folders, no YAML parsed.

A completion runs on every <TAB>, so it must answer in milliseconds: it finds the repository
as the commands do (`--repo`, then `$LPSC_REPO`, then the nearest folder upward holding
`lpsc.yaml`) and lists file names only.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer

from lpsc_cli.model import CONFIG_FILE, FOLDERS, YEAR_FOLDERS


def repository_root(given: str | os.PathLike[str] | None, *, cwd: Path | None = None) -> Path | None:
    """The repository a command would use, or None when there is none."""
    named = given or os.environ.get("LPSC_REPO")
    if named:
        path = Path(named)
        return path if (path / CONFIG_FILE).is_file() else None
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    return None


def record_ids(root: Path, kind: str, incomplete: str = "") -> list[str]:
    """The ids of `kind` in `root` that start with `incomplete`, from file names, sorted."""
    base = root / FOLDERS[kind]
    pattern = "*/*.yaml" if kind in YEAR_FOLDERS else "*.yaml"
    return sorted(path.stem for path in base.glob(pattern) if path.stem.startswith(incomplete))


def complete_case_id(ctx: typer.Context, incomplete: str) -> list[str]:
    """Typer `autocompletion=` for a case id argument."""
    try:
        root = repository_root(ctx.params.get("repo"))
        return record_ids(root, "case", incomplete) if root else []
    except OSError:
        return []
