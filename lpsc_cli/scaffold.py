"""`lpsc init`: a new, valid, empty record repository.

The comments of the files it writes (`lpsc.yaml`, `.gitignore`) are in the language of the run.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from lpsc_cli.cache import LEGACY_FOLDER as CACHE_DIR
from lpsc_cli.errors import LpscError, UsageError
from lpsc_cli.i18n import gettext as _
from lpsc_cli.migrate import FORMAT
from lpsc_cli.model import CONFIG_FILE, FOLDERS, ID_PATTERN, YEAR_FOLDERS
from lpsc_cli.profiles import PROFILES
from lpsc_cli.schemas import schema_dir, schema_file
from lpsc_cli.store import write_atomic
from lpsc_cli.vocabulary import choices

#: The legal bases a council may work under (the schema of lpsc.yaml lists them).
BASES = choices("config", "basis")
#: Where `lpsc init` puts a copy of the schemas, committed with the records, for editors.
SCHEMA_COPY = ".lpsc/schemas"
VSCODE_SETTINGS = ".vscode/settings.json"

#: What `.gitignore` keeps out of the record repository.
IGNORED = (f"{CACHE_DIR}/", "*.age-identity", "identity.txt")


def gitignore() -> str:
    """The `.gitignore` of a new repository, its comment in the active language."""
    comment = _("lpsc: local caches and private keys never go into the record repository")
    return "".join(f"{line}\n" for line in (f"# {comment}", *IGNORED))


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def export_schemas(target: Path) -> list[Path]:
    """Copy every installed schema file into `target` (created if missing); returns the files.

    The files refer to each other by relative `$ref`s, so the copy works where it lands.
    """
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LpscError(_("cannot create {path}: {error}").format(path=target, error=exc.strerror or exc)) from None
    written = []
    for source in sorted(schema_dir().glob("*.schema.json")):
        write_atomic(target / source.name, source.read_bytes(), overwrite=True)
        written.append(target / source.name)
    return written


def record_globs() -> dict[str, list[str]]:
    """The files each schema describes, as globs relative to the repository root."""
    globs = {schema_file("config"): [CONFIG_FILE]}
    for kind, folder in FOLDERS.items():
        pattern = f"{folder}/*/*.yaml" if kind in YEAR_FOLDERS else f"{folder}/*.yaml"
        globs[schema_file(kind)] = [pattern]
    return globs


def editor_settings(schemas: str = SCHEMA_COPY) -> dict[str, object]:
    """VS Code settings for the YAML language server: each record folder mapped to its schema."""
    return {
        "yaml.schemas": {f"./{schemas}/{name}": patterns for name, patterns in record_globs().items()},
    }


def create_repository(
    directory: Path,
    *,
    council: str,
    name: str,
    since: date,
    municipality: str | None = None,
    language: str = "sq",
    profile: str = "normative-act",
    basis: tuple[str, ...] = ("normative-act",),
    prefecture: str | None = None,
) -> list[Path]:
    """Write the configuration, the record folders and a `.gitignore`; returns the files written.

    For editors: a copy of the schemas under `.lpsc/schemas/` and a `.vscode/settings.json` that
    maps each record folder to its schema (YAML language server); both are committed, so every
    clone validates as the person types. `lpsc schema export .lpsc/schemas` refreshes the copy.

    `since` starts the coverage window: obligations that fell due before the council began
    keeping its records here are not judged; per-meeting confidentiality declarations are
    checked from the same day (`declarations: {from}`).
    """
    not_an_id = _("{option}: '{value}' is not an id (lowercase letters, digits and '-')")
    not_one_of = _("{option}: '{value}' is not one of {choices}")
    if not ID_PATTERN.fullmatch(council):
        raise UsageError(not_an_id.format(option="--council", value=council))
    if language not in ("sq", "en"):
        raise UsageError(not_one_of.format(option="--lang", value=language, choices="sq, en"))
    if profile not in PROFILES:
        raise UsageError(not_one_of.format(option="--profile", value=profile, choices=", ".join(PROFILES)))
    unknown = [b for b in basis if b not in BASES]
    if unknown or not basis:
        raise UsageError(not_one_of.format(option="--basis", value=", ".join(unknown), choices=", ".join(BASES)))
    if prefecture is not None and not ID_PATTERN.fullmatch(prefecture):
        raise UsageError(not_an_id.format(option="--prefecture", value=prefecture))
    if (directory / CONFIG_FILE).exists():
        raise UsageError(_("{path} already exists; refusing to overwrite it").format(path=directory / CONFIG_FILE))
    lines = [
        "# " + _("Council configuration: see docs/records.md of lpsc for every setting."),
        f"council: {council}",
        f"format: {FORMAT}",
        f"name: {_quoted(name)}",
    ]
    if municipality:
        lines.append(f"municipality: {_quoted(municipality)}")
    if prefecture:
        lines.append(f"prefecture: {prefecture}")
    lines += [
        f"language: {language}",
        f"profile: {profile}",
        "# " + _("The legal basis decides which obligations apply (docs/rules.md)."),
        f"basis: {basis[0] if len(basis) == 1 else '[' + ', '.join(dict.fromkeys(basis)) + ']'}",
        "calendar:",
        "  closures: []",
        "# " + _("Obligations are judged from this day on (the day the records start)."),
        f"coverage: {{from: {since.isoformat()}}}",
        "# " + _("Confidentiality declarations of everyone present are checked at the meetings from this day on."),
        f"declarations: {{from: {since.isoformat()}}}",
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
    written += export_schemas(directory / SCHEMA_COPY)
    settings = directory / VSCODE_SETTINGS
    if not settings.exists():
        settings.parent.mkdir(exist_ok=True)
        text = json.dumps(editor_settings(), indent=2, ensure_ascii=False) + "\n"
        write_atomic(settings, text.encode("utf-8"), overwrite=False)
        written.append(settings)
    ignore = directory / ".gitignore"
    if not ignore.exists():
        write_atomic(ignore, gitignore().encode("utf-8"), overwrite=False)
        written.append(ignore)
    return written
