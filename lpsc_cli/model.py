"""Record kinds, where their files live, and small readers of record values; no I/O."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")

#: Record kinds, each with the folder its files live in and whether they sit in year folders.
FOLDERS: dict[str, str] = {
    "institution": "institutions",
    "member": "members",
    "meeting": "meetings",
    "plan": "plans",
    "case": "cases",
    "training": "trainings",
    "report": "reports",
    "acknowledgement": "acknowledgements",
}
KINDS: tuple[str, ...] = tuple(FOLDERS)
KIND_OF_FOLDER: dict[str, str] = {folder: kind for kind, folder in FOLDERS.items()}
YEAR_FOLDERS: frozenset[str] = frozenset({"meeting", "case"})
CONFIG_FILE = "lpsc.yaml"
LANGUAGES: tuple[str, ...] = ("sq", "en")

Data = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Record:
    """One record file: its kind, id, path relative to the repository root, and its data."""

    kind: str
    id: str
    path: str
    data: Data

    def get(self, *keys: str | int, default: Any = None) -> Any:
        """Follow `keys` into the data; `default` when any step is missing (or null).

        Plain dicts, most of a record, are read directly: the rules and indicators call this
        hundreds of thousands of times on a large council.
        """
        value: Any = self.data
        for key in keys:
            if value.__class__ is dict:
                value = value.get(key)
                if value is None:
                    return default
                continue
            try:
                value = value[key]
            except (KeyError, IndexError, TypeError):
                return default
        return default if value is None else value


def is_current(member: Record, day: date) -> bool:
    """Whether a member's term covers `day` (a member without a term is current)."""
    start = as_date(member.get("term", "from"))
    end = as_date(member.get("term", "to"))
    return (start is None or start <= day) and (end is None or day <= end)


def year_of(kind: str, data: Data) -> str | None:
    """The year folder a record of `kind` belongs in, from its own dates (None if unknown)."""
    if kind == "meeting":
        value = data.get("date")
    elif kind == "case":
        referral = data.get("referral")
        value = referral.get("received") if isinstance(referral, Mapping) else None
    else:
        return None
    return value[:4] if isinstance(value, str) and len(value) >= 4 else None


def expected_path(kind: str, record_id: str, data: Data) -> str | None:
    """The path (POSIX, relative) where a record of `kind` with `record_id` must live."""
    folder = FOLDERS[kind]
    if kind in YEAR_FOLDERS:
        year = year_of(kind, data)
        if year is None:
            return None
        return f"{folder}/{year}/{record_id}.yaml"
    return f"{folder}/{record_id}.yaml"


def as_date(value: Any) -> date | None:
    """A date from an ISO string (`2025-03-12`, or the date part of a date-time)."""
    if value.__class__ is str:  # the common case first: rules and indicators call this a lot
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def as_datetime(value: Any, *, default_time: str = "00:00") -> datetime | None:
    """A naive local (Europe/Tirane) date-time from `2025-03-12T10:00` or a bare date."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.fromisoformat(f"{value.isoformat()}T{default_time}")
    if not isinstance(value, str):
        return None
    try:
        if len(value) == 10:
            return datetime.fromisoformat(f"{value}T{default_time}")
        return datetime.fromisoformat(value.replace(" ", "T", 1))
    except ValueError:
        return None


def text(value: Any, lang: str, *, fallback: str = "") -> str:
    """A text field in `lang`: plain strings as they are, `{sq, en}` maps by language."""
    if value is None:
        return fallback
    if isinstance(value, Mapping):
        chosen = value.get(lang)
        if chosen is None:
            chosen = next((v for v in value.values() if isinstance(v, str)), None)
        return str(chosen) if chosen is not None else fallback
    return str(value)


def record_of_path(rel: str) -> tuple[str, str] | None:
    """(kind, id) of the record a repository-relative path names (`institutions/police.yaml`), or None."""
    folder, _, rest = rel.partition("/")
    kind = KIND_OF_FOLDER.get(folder)
    name = rest.rsplit("/", 1)[-1]
    if kind is None or not name.endswith((".yaml", ".yml")):
        return None
    return kind, name.rsplit(".", 1)[0]


#: The mark every document written with `--reveal` carries (a Markdown comment, an HTML meta, the
#: PDF and Word keywords), so that `lpsc check` finds one left in a repository.
REVEALED = "lpsc:revealed"
