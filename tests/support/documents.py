"""What the document tests share: the day and languages they render for, each document's
target record, and the canary planting of the confidentiality tests (documents, site, export)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from lpsc_cli.documents import DOCUMENTS
from lpsc_cli.schemas import SchemaSet
from tests.support.council import CASES, CONFIG, INSTITUTIONS, MEETINGS, MEMBERS, PLAN, REPORTS, TRAININGS
from tests.support.repos import RepoBuilder

AS_OF = date(2026, 1, 31)
LANGUAGES = ("sq", "en")

#: The record (or period) each document is rendered for, per source repository.
TARGETS: dict[str, dict[str, str]] = {
    "testville": {
        "meeting": "lpsc-2025-03-12",
        "plan": "plan-2025",
        "case": "case-2025-001",
        "member": "member-andi-hoxha",
        "monitoring": "2025-H1",
        "annual": "2025",
        "prefect": "2025-03",
        "transfer": "case-2025-002",
    },
    "elbasan": {
        "meeting": "lpsc-2025-02-05",
        "plan": "plan-2025",
        "case": "case-2025-002",  # emergency, red flag, closed: the fullest case file
        "member": "member-arben-tafaj",
        "monitoring": "2025-H1",
        "annual": "2025",
        "prefect": "2025-Q1",
        "transfer": "case-2025-004",
    },
}


def target(source: str, document: str) -> str:
    chosen = TARGETS[source]
    return chosen.get(document) or chosen[DOCUMENTS[document].kind]


_counter = itertools.count(1)


def generic(path: tuple[str | int, ...]) -> tuple[str, ...]:
    return tuple("*" if isinstance(part, int) else part for part in path)


def string_leaves(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from string_leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from string_leaves(item, (*path, index))
    elif isinstance(value, str):
        yield path


def put(data: Any, path: tuple[str | int, ...], value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def plant(kind: str, record: dict[str, Any], schemas: SchemaSet, planted: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    """`record` with a canary in each non-public string field that accepts free text."""
    import copy

    classes = schemas.field_classes(kind)
    result = copy.deepcopy(record)
    for path in list(string_leaves(result)):
        if classes.get(generic(path)) in (None, "public"):
            continue
        canary = f"CANARY{next(_counter):04d}X"
        original = _get(result, path)
        value = f"{canary}@example.invalid" if path[-1] == "email" else canary
        put(result, path, value)
        if schemas.validate(kind, result):
            put(result, path, original)  # an enum, id, date or pattern: cannot hold free text
        else:
            planted[canary] = (kind, *generic(path))
    return result


def _get(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def planted_council(folder: Path) -> tuple[Any, dict[str, tuple[str, ...]]]:
    """The small council with a canary in every free-text field that is not public, and which
    canary stands for which field (the `planted_repo` fixture of conftest.py)."""
    schemas = SchemaSet()
    planted: dict[str, tuple[str, ...]] = {}
    builder = RepoBuilder(folder, CONFIG)
    extra = {  # optional internal free-text fields the small council leaves out
        "member": {"email": "x@example.invalid"},
        "report": {"protocol": "Nr. 1"},
    }
    for kind, records in (
        ("institution", INSTITUTIONS), ("member", MEMBERS), ("meeting", MEETINGS), ("plan", [PLAN]),
        ("case", CASES), ("training", TRAININGS), ("report", REPORTS),
    ):  # fmt: skip
        for record in records:
            builder.add(kind, plant(kind, {**record, **extra.get(kind, {})}, schemas, planted))
    return builder, planted
