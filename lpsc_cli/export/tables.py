"""The tables of an export, laid out from the JSON Schemas, and their rows from the records.

The schemas are the one source of the columns: each record kind is a table; a nested object is
flattened into `parent_child` columns; a text that may be translated (`{sq, en}`) is two
columns `<name>_sq` and `<name>_en`; a list of plain values is one JSON column; a list of
objects is a child table (`meetings_attendance`, `plans_items_activities`, ...) whose rows point
at their parent row by `_parent`. Every table starts with `_row` (its key) and `council`; a
child table also carries `record_id` (the id of the record it belongs to) and `position` (its
place in the list, from 1).

A column's confidentiality class is that of its property (`x-lpsc-class`, or of the nearest
property above it); a `public` layout keeps public columns only, and drops a table whose rows
could not be told apart without a non-public id. The `sealed` block of a case is left out
unless asked for (a backup), and never in a public layout; so is the sealed block of each further
person of a case (`subjects`), whose codes and roles are internal and stay out of public layouts.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from lpsc_cli.model import FOLDERS, LANGUAGES, Record
from lpsc_cli.schemas import CLASS_KEY, SchemaSet, schema_file, walk_schema

JsonPath = tuple[str, ...]
Temporal = Literal["date", "datetime"] | None
SEALED = "sealed"
PUBLIC = "public"


@dataclass(frozen=True, slots=True)
class Column:
    """One column: where its value sits in the item, its SQL type, class and description.

    `lang` picks one language out of a translatable text; `as_json` stores a list (or an object
    the schema does not describe) as JSON text; `temporal` says the text is a date or date-time.
    """

    name: str
    path: JsonPath
    sql_type: str
    description: str
    cls: str
    temporal: Temporal = None
    lang: str | None = None
    as_json: bool = False


@dataclass(frozen=True, slots=True)
class TableSpec:
    """A table: its record kind, the list it comes from (children) and its columns."""

    name: str
    kind: str
    title: str
    description: str
    columns: tuple[Column, ...]
    parent: str | None = None
    source: JsonPath = ()
    children: tuple[TableSpec, ...] = ()

    @property
    def structural(self) -> tuple[str, ...]:
        """The columns every row has besides the record's own fields."""
        if self.parent is None:
            return ("_row", "council")
        return ("_row", "_parent", "council", "record_id", "position")

    @property
    def column_names(self) -> tuple[str, ...]:
        return (*self.structural, *(c.name for c in self.columns))

    def walk(self) -> Iterator[TableSpec]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class Table:
    """A table with its rows, each a tuple in the order of `spec.column_names`."""

    spec: TableSpec
    rows: list[tuple[Any, ...]]


@dataclass(slots=True)
class _Node:
    children: dict[str, None] = field(default_factory=dict)
    types: set[str] = field(default_factory=set)
    is_array: bool = False
    temporal: Temporal = None
    description: str = ""
    cls: str | None = None


def _nodes(schemas: SchemaSet, kind: str) -> dict[JsonPath, _Node]:
    """Every node of a kind's schema by instance path, with what the layout needs of it."""
    nodes: dict[JsonPath, _Node] = {}
    for path, declared, resolved, via in walk_schema(schemas, schemas.document(kind), schema_file(kind)):
        key = tuple(str(p) for p in path)
        node = nodes.setdefault(key, _Node())
        if via == "property":
            nodes[key[:-1]].children[key[-1]] = None
            node.description = node.description or declared.get("description") or resolved.get("description") or ""
            node.cls = node.cls or declared.get(CLASS_KEY) or resolved.get(CLASS_KEY)
        elif via == "item":
            nodes[key[:-1]].is_array = True
        declared_type = resolved.get("type")
        if isinstance(declared_type, str):
            node.types.add(declared_type)
        elif isinstance(declared_type, list):
            node.types.update(declared_type)
        if str(declared.get("$ref", "")).endswith(("/datetime", "/local-datetime-only")):
            node.temporal = "datetime"
        elif resolved.get("format") == "date" and node.temporal is None:
            node.temporal = "date"
    return nodes


def _sql_type(node: _Node) -> str:
    if node.temporal == "date":
        return "DATE"
    if node.temporal == "datetime":
        return "DATETIME"
    types = node.types - {"null"}
    if types == {"integer"}:
        return "INTEGER"
    if types <= {"integer", "number"} and types:
        return "REAL"
    if types == {"boolean"}:
        return "BOOLEAN"
    if types == {"string"}:
        return "TEXT"
    return ""


class _Layout:
    def __init__(self, schemas: SchemaSet, kind: str, *, public: bool, include_sealed: bool) -> None:
        self.kind = kind
        self.nodes = _nodes(schemas, kind)
        self.public = public
        self.include_sealed = include_sealed and not public
        self.document = schemas.document(kind)

    def class_of(self, path: JsonPath) -> str:
        for end in range(len(path), 0, -1):
            cls = self.nodes[path[:end]].cls
            if cls:
                return cls
        return "internal"

    def keep(self, column: Column) -> bool:
        return column.cls == PUBLIC or not self.public

    def table(
        self, name: str, root: JsonPath, parent: str | None, description: str, source: JsonPath = ()
    ) -> TableSpec | None:
        columns: list[Column] = []
        children: list[TableSpec] = []
        self._fill(root, (), name, columns, children)
        kept = tuple(c for c in columns if self.keep(c))
        if self.public and not kept:
            return None
        if parent is not None and self.public and self.class_of(root[:-1]) != PUBLIC:
            return None
        return TableSpec(
            name=name,
            kind=self.kind,
            title=name.replace("_", " "),
            description=description,
            columns=kept,
            parent=parent,
            source=source,
            children=tuple(children),
        )

    def _fill(
        self, root: JsonPath, rel: JsonPath, table: str, columns: list[Column], children: list[TableSpec]
    ) -> None:
        for key in self.nodes[(*root, *rel)].children:
            here = (*rel, key)
            full = (*root, *here)
            if key == SEALED and not self.include_sealed:  # a case's block, or a further person's
                continue
            node = self.nodes[full]
            name = "_".join(here)
            cls = self.class_of(full)
            if node.is_array:
                item = self.nodes[(*full, "*")]
                translatable = "string" in item.types and set(item.children) <= set(LANGUAGES)
                if item.children and not translatable:
                    child = self.table(f"{table}_{name}", (*full, "*"), table, node.description, here)
                    if child is not None:
                        children.append(child)
                else:  # plain values, or texts that may be a string or {sq, en}: one JSON column
                    columns.append(Column(name, here, "TEXT", node.description, cls, as_json=True))
            elif node.children and "string" in node.types and set(node.children) <= set(LANGUAGES):
                for lang in LANGUAGES:
                    described = f"{node.description} ({lang})".strip()
                    columns.append(
                        Column(f"{name}_{lang}", here, "TEXT", described, self.class_of((*full, lang)), lang=lang)
                    )
            elif node.children:
                self._fill(root, here, table, columns, children)
            else:
                as_json = "object" in node.types or "array" in node.types
                sql_type = "TEXT" if as_json else _sql_type(node)
                columns.append(Column(name, here, sql_type, node.description, cls, node.temporal, as_json=as_json))


def layout(schemas: SchemaSet, *, public: bool = False, include_sealed: bool = False) -> list[TableSpec]:
    """The tables of every record kind, from the schemas (a public layout keeps public columns)."""
    specs = []
    for kind, folder in FOLDERS.items():
        built = _Layout(schemas, kind, public=public, include_sealed=include_sealed)
        spec = built.table(folder, (), None, str(built.document.get("description", "")))
        if spec is None or (public and built.class_of(("id",)) != PUBLIC):
            continue
        specs.append(spec)
    return specs


def _getter(column: Column, language: str) -> Callable[[Any], Any]:
    """How to read the column's value from an item (a record's data or a list element)."""
    path = column.path
    if column.lang is None and not column.as_json and column.sql_type and len(path) <= 2:
        # A typed scalar in a record that matched its schema: every step is a mapping, and
        # 200,000 rows make the checks of the general case below worth skipping.
        if len(path) == 1:
            (key,) = path
            return lambda item: item.get(key)
        outer, inner = path
        return lambda item: v.get(inner) if isinstance(v := item.get(outer), dict) else None

    def get(item: Any) -> Any:
        value = item
        for key in path:
            if not isinstance(value, Mapping):
                return None
            value = value.get(key)
            if value is None:
                return None
        if column.lang is not None:
            if isinstance(value, Mapping):
                return value.get(column.lang)
            return value if column.lang == language else None
        if column.as_json or isinstance(value, Mapping | list):
            return json.dumps(value, ensure_ascii=False)
        return value

    return get


def _items(data: Any, path: JsonPath) -> Sequence[Any]:
    value = data
    for key in path:
        if not isinstance(value, Mapping):
            return ()
        value = value.get(key)
    return value if isinstance(value, list) else ()


class _Rows:
    """Accumulates the rows of every table of one layout, numbering `_row` per table."""

    def __init__(self, specs: Sequence[TableSpec]) -> None:
        self.specs = list(specs)
        self.rows: dict[str, list[tuple[Any, ...]]] = {s.name: [] for spec in specs for s in spec.walk()}

    def add(self, council: str, language: str, kind: str, records: Iterable[Record]) -> None:
        for spec in self.specs:
            if spec.kind != kind:
                continue
            getters = {s.name: [_getter(c, language) for c in s.columns] for s in spec.walk()}
            rows = self.rows[spec.name]
            own = getters[spec.name]
            for record in records:
                data = record.data
                rows.append((len(rows) + 1, council, *[get(data) for get in own]))
                self._children(spec, record.data, len(rows), council, record.id, getters)

    def _children(
        self, spec: TableSpec, item: Any, parent_row: int, council: str, record_id: str, getters: dict[str, list[Any]]
    ) -> None:
        for child in spec.children:
            rows = self.rows[child.name]
            for position, element in enumerate(_items(item, child.source), start=1):
                own = getters[child.name]
                rows.append((len(rows) + 1, parent_row, council, record_id, position, *[get(element) for get in own]))
                self._children(child, element, len(rows), council, record_id, getters)

    def tables(self) -> list[Table]:
        return [Table(s, self.rows[s.name]) for spec in self.specs for s in spec.walk()]


def record_tables(
    specs: Sequence[TableSpec], councils: Iterable[tuple[str, str, Mapping[str, Iterable[Record]]]]
) -> list[Table]:
    """The rows of every table: `councils` gives (council, language, records by kind) each."""
    rows = _Rows(specs)
    for council, language, by_kind in councils:
        for kind, records in by_kind.items():
            rows.add(council, language, kind, records)
    return rows.tables()


#: Characters that make a spreadsheet read a cell as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, prefixed with `'`; others as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
