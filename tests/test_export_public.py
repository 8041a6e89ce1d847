"""The canary test of `lpsc export --public`: no internal or confidential field ever leaves.

A canary is planted in every field whose schema class (`x-lpsc-class`) is not public, found by
walking the schemas, in every record of the example council. A public export in each format
must hold none of them; an ordinary export must hold every one except those in sealed blocks
(which proves each planted field became a column, so the public test is not vacuous), and a
backup with `--include-sealed` holds those too.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from lpsc_cli.export import Dataset, csvfiles, sqlite, xlsx
from lpsc_cli.export.tables import layout, record_tables
from lpsc_cli.model import KINDS, Record
from lpsc_cli.repository import load_repository
from lpsc_cli.schemas import SchemaSet
from tests.support.repos import EXAMPLE

CANARY = "CANARY"


def leaf_paths(classes: Mapping[tuple[Any, ...], str]) -> list[tuple[str, ...]]:
    """The classed paths that no other classed path extends (the fields that hold values)."""
    paths = [tuple(map(str, p)) for p in classes]
    return [p for p in paths if not any(len(q) > len(p) and q[: len(p)] == p for q in paths)]


def plant(value: Any, path: tuple[str, ...], canary: str) -> Any:
    """`value` with `canary` at `path`, creating objects and one list item where missing."""
    if not path:
        return canary
    key, rest = path[0], path[1:]
    if key == "*":
        items = value if isinstance(value, list) and value else [None]
        return [plant(item, rest, canary) for item in items]
    base = dict(value) if isinstance(value, Mapping) else {}
    base[key] = plant(base.get(key), rest, canary)
    return base


def canary_of(kind: str, path: tuple[str, ...], number: int) -> str:
    """A canary naming its field and record (ids must stay unique), ending in a capital."""
    return f"{CANARY}-{kind}-{'-'.join(p for p in path if p != '*')}-{number}Z"


Planted = tuple[dict[str, list[Record]], dict[str, set[str]]]


@pytest.fixture(scope="module")
def planted() -> Planted:
    """The example's records with a canary in every non-public field; the canaries, sealed or not."""
    schemas = SchemaSet()
    repo = load_repository(EXAMPLE, cache=False)
    canaries: dict[str, set[str]] = {"clear": set(), "sealed": set()}
    records: dict[str, list[Record]] = {}
    for kind in KINDS:
        paths = [p for p, cls in schemas.field_classes(kind).items() if cls != "public"]
        leaves = leaf_paths({p: "x" for p in paths})
        assert leaves or kind not in ("case", "training"), kind
        records[kind] = []
        for number, record in enumerate(repo.of(kind)):
            data: Any = record.data
            for path in leaves:
                data = plant(data, path, canary_of(kind, path, number))
                canaries["sealed" if "sealed" in path else "clear"].add(canary_of(kind, path, number))
            records[kind].append(replace(record, data=data))
    assert canaries["sealed"], "the case schema has a confidential sealed block"
    return records, canaries


def dataset(records: dict[str, list[Record]], *, public: bool, include_sealed: bool = False) -> Dataset:
    schemas = SchemaSet()
    specs = layout(schemas, public=public, include_sealed=include_sealed)
    tables = record_tables(specs, [("elbasan", "sq", records)])
    return Dataset(councils=("elbasan",), tables=tuple(tables), schemas=schemas)


def exported_text(data: Dataset, folder: Path) -> str:
    """Everything the three writers produce for `data`, as one text to search."""
    folder.mkdir()
    sqlite.write(data, folder / "x.db")
    xlsx.write(data, folder / "x.xlsx")
    csvfiles.write(data, folder / "csv")
    parts = [(folder / "x.db").read_bytes().decode("utf-8", "replace")]
    parts.append(sqlite.metadata_path(folder / "x.db").read_text(encoding="utf-8"))
    with zipfile.ZipFile(folder / "x.xlsx") as archive:
        parts += [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    parts += [p.read_text(encoding="utf-8") for p in sorted((folder / "csv").iterdir())]
    return "\n".join(parts)


def found(text: str) -> set[str]:
    return set(re.findall(rf"{CANARY}-[a-z]+-[a-z0-9_-]+Z", text))


def test_public_exports_hold_no_canary(planted: Planted, tmp_path: Path) -> None:
    records, _ = planted
    assert found(exported_text(dataset(records, public=True), tmp_path / "public")) == set()


def test_an_ordinary_export_holds_every_clear_canary_and_no_sealed_one(planted: Planted, tmp_path: Path) -> None:
    records, canaries = planted
    assert (
        canaries["clear"]
        and found(exported_text(dataset(records, public=False), tmp_path / "all")) == canaries["clear"]
    )


def test_a_backup_with_sealed_blocks_holds_them_too(planted: Planted, tmp_path: Path) -> None:
    records, canaries = planted
    text = exported_text(dataset(records, public=False, include_sealed=True), tmp_path / "backup")
    assert found(text) == canaries["clear"] | canaries["sealed"]


def test_the_planted_records_were_really_planted(planted: Planted) -> None:
    records, _ = planted
    case = records["case"][0]
    assert case.get("subject", "code", default="").startswith(CANARY)
    assert str(case.get("sealed", "age", default="")).startswith(CANARY)
