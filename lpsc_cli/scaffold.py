"""`lpsc init`: a new, valid, empty record repository."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lpsc_cli.cache import LEGACY_FOLDER as CACHE_DIR
from lpsc_cli.errors import UsageError
from lpsc_cli.model import CONFIG_FILE, FOLDERS, ID_PATTERN
from lpsc_cli.store import write_atomic

GITIGNORE = f"""# lpsc: local caches and private keys never go into the record repository
{CACHE_DIR}/
*.age-identity
identity.txt
"""


def _quoted(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def create_repository(
    directory: Path,
    *,
    council: str,
    name: str,
    since: date,
    municipality: str | None = None,
    language: str = "sq",
) -> list[Path]:
    """Write the configuration, the record folders and a `.gitignore`; returns the files written.

    `since` starts the coverage window: obligations that fell due before the council began
    keeping its records here are not judged.
    """
    if not ID_PATTERN.fullmatch(council):
        raise UsageError(f"--council: '{council}' is not an id (lowercase letters, digits and '-')")
    if language not in ("sq", "en"):
        raise UsageError(f"--lang: '{language}' is not one of sq, en")
    if (directory / CONFIG_FILE).exists():
        raise UsageError(f"{directory / CONFIG_FILE} already exists; refusing to overwrite it")
    lines = [
        "# Council configuration: see docs/records.md of lpsc for every setting.",
        f"council: {council}",
        f"name: {_quoted(name)}",
    ]
    if municipality:
        lines.append(f"municipality: {_quoted(municipality)}")
    lines += [
        f"language: {language}",
        "profile: normative-act",
        "calendar:",
        "  closures: []",
        "# Obligations are judged from this day on (the day the records start).",
        f"coverage: {{from: {since.isoformat()}}}",
        "",
    ]
    written = []
    config = directory / CONFIG_FILE
    directory.mkdir(parents=True, exist_ok=True)
    write_atomic(config, "\n".join(lines).encode("utf-8"), overwrite=False)
    written.append(config)
    for folder in (*FOLDERS.values(), "templates"):
        keep = directory / folder / ".gitkeep"
        keep.parent.mkdir(exist_ok=True)
        if not keep.exists():
            keep.write_bytes(b"")
            written.append(keep)
    ignore = directory / ".gitignore"
    if not ignore.exists():
        write_atomic(ignore, GITIGNORE.encode("utf-8"), overwrite=False)
        written.append(ignore)
    return written
