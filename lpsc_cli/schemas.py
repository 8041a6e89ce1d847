"""The JSON Schemas of `schemas/`: load them, validate records fast, explain failures.

Validation has a fast path and a slow path. Every record goes through a compiled
`jsonschema_rs` validator; only a record that fails is validated again with `jsonschema`,
whose errors carry the paths and messages we report (and match what other JSON Schema tools
say about the same file).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

from lpsc_cli.errors import JsonPath
from lpsc_cli.i18n import N_, ngettext
from lpsc_cli.i18n import gettext as _
from lpsc_cli.model import KINDS

SCHEMA_KINDS: tuple[str, ...] = ("config", *KINDS)
CLASS_KEY = "x-lpsc-class"


def schema_dir() -> Path:
    """The folder of the schemas: packaged beside the code, or `schemas/` of a source tree."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_data" / "schemas", here.parent / "schemas"):
        if (candidate / "config.schema.json").is_file():
            return candidate
    raise FileNotFoundError("the lpsc schemas are not installed (no schemas/ folder found)")


def schema_file(kind: str) -> str:
    return f"{kind}.schema.json"


class SchemaSet:
    """Every schema of one folder, with validators compiled on first use."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or schema_dir()
        self.documents: dict[str, dict[str, Any]] = {}
        for path in sorted(self.directory.glob("*.schema.json")):
            self.documents[path.name] = json.loads(path.read_text(encoding="utf-8"))

    @cached_property
    def fingerprint(self) -> str:
        """A digest of every schema, so that caches are dropped when a schema changes."""
        digest = hashlib.blake2b(digest_size=12)
        for name, document in sorted(self.documents.items()):
            digest.update(name.encode())
            digest.update(json.dumps(document, sort_keys=True).encode())
        return digest.hexdigest()

    def document(self, kind: str) -> dict[str, Any]:
        return self.documents[schema_file(kind)]

    @cached_property
    def identified(self) -> dict[str, dict[str, Any]]:
        """Each document under its file's URI, as its `$id`: the base its relative `$ref`s resolve against.

        The files carry no `$id`, so that any tool resolves `common.schema.json#/...` next to the
        file it read (`check-jsonschema --schemafile` needs no `--base-uri` and no network); here
        the same happens by giving each in-memory copy the URI of the file it came from.
        """
        return {name: {**doc, "$id": (self.directory / name).as_uri()} for name, doc in self.documents.items()}

    @cached_property
    def _fast(self) -> dict[str, Any]:
        import jsonschema_rs

        registry = jsonschema_rs.Registry([(doc["$id"], doc) for doc in self.identified.values()])
        return {
            kind: jsonschema_rs.Draft202012Validator(
                self.identified[schema_file(kind)], registry=registry, validate_formats=True
            )
            for kind in SCHEMA_KINDS
            if schema_file(kind) in self.documents
        }

    @cached_property
    def _registry(self) -> Any:
        from referencing import Registry, Resource

        return Registry().with_resources((doc["$id"], Resource.from_contents(doc)) for doc in self.identified.values())

    def _slow(self, kind: str) -> Any:
        from jsonschema import Draft202012Validator

        return Draft202012Validator(
            self.identified[schema_file(kind)],
            registry=self._registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )

    def is_valid(self, kind: str, data: Any) -> bool:
        try:
            return bool(self._fast[kind].is_valid(data))
        except (ValueError, TypeError):  # a value JSON has no type for: let the slow path explain
            return False

    def validate(self, kind: str, data: Any) -> list[tuple[JsonPath, str]]:
        """Every schema violation of `data` as (path, message); empty when valid.

        Messages about a case never repeat the offending value: a value in the wrong field may
        be exactly what must not be printed (a name where a code belongs), and findings end up
        in CI logs.
        """
        if self.is_valid(kind, data):
            return []
        quote = kind != "case"
        try:
            problems = sorted(set(_explain(self._slow(kind), data, quote)), key=lambda item: (len(item[0]), item))
        except (ValueError, TypeError) as exc:
            return [((), _("the record holds a value JSON has no type for ({error})").format(error=exc))]
        if problems:
            return problems
        # The two validators disagree (should not happen): the fast one's paths, in our words.
        fast = [tuple(err.instance_path) for err in self._fast[kind].iter_errors(data)]
        message = _("{where}: does not match its schema")
        return [(where, message.format(where=_where(where))) for where in fast] or [
            ((), _("the record does not match its schema"))
        ]

    def field_classes(self, kind: str) -> dict[JsonPath, str]:
        """The confidentiality class of every property of `kind`, by path (`*` for items)."""
        return _classes(self, self.document(kind), schema_file(kind))


def _explain(validator: Any, data: Any, quote: bool) -> Iterator[tuple[JsonPath, str]]:
    from jsonschema.exceptions import best_match

    for err in validator.iter_errors(data):
        path: JsonPath = tuple(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, Mapping):
            allowed = set(err.schema.get("properties", {}))
            for key in err.instance:
                if key not in allowed:
                    yield (*path, key), _("unknown field {field}").format(field=repr(key))
            continue
        if err.validator in ("oneOf", "anyOf") and err.context:
            yield from _explain_choice(err, path, best_match, quote)
            continue
        yield from _messages(err, path, quote)


def _messages(err: Any, path: JsonPath, quote: bool) -> Iterator[tuple[JsonPath, str]]:
    """The messages of one error at `path`: one per missing field for `required`, else one."""
    if err.validator == "required" and isinstance(err.instance, Mapping):
        where = _where(path)
        for name in err.validator_value:
            if name not in err.instance:
                yield path, _("{where}: {field} is required").format(where=where, field=repr(name))
        return
    yield path, _message(err, path, quote)


def _explain_choice(err: Any, path: JsonPath, best_match: Any, quote: bool) -> Iterator[tuple[JsonPath, str]]:
    """Explain a failed `oneOf` by its discriminator (`kind`) when the branches have one.

    The branch whose `kind` matches the record is the one the author meant: report its errors.
    When no branch's `kind` matches, the `kind` itself is the mistake.
    """
    branches: dict[int, list[Any]] = {}
    for sub in err.context:
        branches.setdefault(sub.schema_path[0], []).append(sub)
    kind_misses = {
        index
        for index, subs in branches.items()
        if any(s.validator == "const" and tuple(s.relative_path)[-1:] == ("kind",) for s in subs)
    }
    if kind_misses and len(kind_misses) == len(branches):
        kinds = [s.validator_value for subs in branches.values() for s in subs if s.validator == "const"]
        value = err.instance.get("kind") if isinstance(err.instance, Mapping) else None
        where = (*path, "kind")
        yield (
            where,
            _(MESSAGES["enum"]).format(where=_where(where), value=_given(value, quote), limit=_limit("enum", kinds)),
        )
        return
    if kind_misses:
        for index, subs in branches.items():
            if index not in kind_misses:
                for sub in subs:
                    yield from _messages(sub, (*path, *sub.relative_path), quote)
        return
    deepest = best_match(err.context)
    yield from _messages(deepest, (*path, *deepest.relative_path), quote)


def _where(path: JsonPath) -> str:
    return ".".join(str(p) for p in path) or _("the record")


def _given(value: Any, quote: bool) -> str:
    """The offending value as Python writes it (`'x'`, `5`), or "the value" where it may not be shown."""
    return repr(value) if quote else _("the value")


#: The message of each JSON Schema keyword: {where} the field's path, {value} the value (or
#: "the value" for a case), {limit} the keyword's value.
MESSAGES: Mapping[str, str] = {
    "enum": N_("{where}: {value} is not one of {limit}"),
    "type": N_("{where}: {value} is not of type {limit}"),
    "pattern": N_("{where}: {value} does not have the expected form"),
    "format": N_("{where}: {value} is not a valid {limit}"),
    "const": N_("{where}: {value} is not {limit}"),
    "minimum": N_("{where}: {value} is less than the minimum of {limit}"),
    "maximum": N_("{where}: {value} is greater than the maximum of {limit}"),
    "exclusiveMinimum": N_("{where}: {value} is less than or equal to the minimum of {limit}"),
    "exclusiveMaximum": N_("{where}: {value} is greater than or equal to the maximum of {limit}"),
    "uniqueItems": N_("{where}: {value} has repeated items"),
    "oneOf": N_("{where}: {value} matches none of the allowed forms"),
    "anyOf": N_("{where}: {value} matches none of the allowed forms"),
    "not": N_("{where}: {value} has a form that is not allowed"),
}


def _counted(keyword: str, n: int) -> str | None:
    """The message of a keyword that counts characters, items or fields (plural forms by `n`)."""
    if keyword == "minLength":
        return ngettext(
            "{where}: {value} is shorter than {n} character", "{where}: {value} is shorter than {n} characters", n
        )
    if keyword == "maxLength":
        return ngettext(
            "{where}: {value} is longer than {n} character", "{where}: {value} is longer than {n} characters", n
        )
    if keyword == "minItems":
        return ngettext("{where}: {value} has fewer than {n} item", "{where}: {value} has fewer than {n} items", n)
    if keyword == "maxItems":
        return ngettext("{where}: {value} has more than {n} item", "{where}: {value} has more than {n} items", n)
    if keyword == "minProperties":
        return ngettext("{where}: {value} has fewer than {n} field", "{where}: {value} has fewer than {n} fields", n)
    if keyword == "maxProperties":
        return ngettext("{where}: {value} has more than {n} field", "{where}: {value} has more than {n} fields", n)
    return None


def _limit(keyword: str, limit: Any) -> str:
    """The keyword's value as the message shows it: choices listed, types and constants quoted."""
    if keyword == "enum":
        return ", ".join(map(str, limit))
    if keyword == "type":
        return ", ".join(map(repr, limit)) if isinstance(limit, list) else repr(limit)
    if keyword == "const":
        return repr(limit)
    return str(limit)


def _message(err: Any, path: JsonPath, quote: bool = True) -> str:
    """The message of one error, built from its keyword and values (never jsonschema's own English)."""
    keyword, limit = err.validator, err.validator_value
    where, value = _where(path), _given(err.instance, quote)
    if keyword == "oneOf" and not err.context:  # more than one option matched
        return _("{where}: {value} matches more than one of the allowed forms").format(where=where, value=value)
    if keyword in MESSAGES:
        return _(MESSAGES[keyword]).format(where=where, value=value, limit=_limit(keyword, limit))
    counted = _counted(keyword, limit) if isinstance(limit, int) else None
    if counted is not None:
        return counted.format(where=where, value=value, n=limit)
    return _("{where}: {value} does not match its schema ({keyword} {limit})").format(
        where=where, value=value, keyword=keyword, limit=repr(limit)
    )


def _classes(schemas: SchemaSet, root: Mapping[str, Any], file: str) -> dict[JsonPath, str]:
    """The class of every property: on the property itself, or on the definition it refers to."""
    return {
        path: cls
        for path, declared, resolved, via in walk_schema(schemas, root, file)
        if via == "property" and (cls := declared.get(CLASS_KEY) or resolved.get(CLASS_KEY))
    }


SchemaNode = tuple[JsonPath, Mapping[str, Any], Mapping[str, Any], str]


def walk_schema(schemas: SchemaSet, root: Mapping[str, Any], file: str) -> Iterator[SchemaNode]:
    """Every node of a schema by the instance path it describes, `$ref`s resolved across files.

    Yields (path, the node as declared, the node it resolves to, how it was reached: root,
    property, item or option); list items appear as `*` in the path, and the options of
    `oneOf`/`anyOf`/`allOf` share their parent's path.
    """

    def resolve(node: Mapping[str, Any], current: str) -> tuple[Mapping[str, Any], str]:
        for _step in range(20):
            if "$ref" not in node:
                break
            target_file, _, pointer = node["$ref"].partition("#")
            current = target_file.rsplit("/", 1)[-1] or current
            target: Any = schemas.documents[current]
            for part in (p for p in pointer.split("/") if p):
                target = target[part]
            node = target
        return node, current

    def walk(declared: Mapping[str, Any], current: str, path: JsonPath, via: str, depth: int) -> Iterator[SchemaNode]:
        if depth > 12:
            return
        node, current = resolve(declared, current)
        yield path, declared, node, via
        for key, sub in node.get("properties", {}).items():
            yield from walk(sub, current, (*path, key), "property", depth + 1)
        if isinstance(node.get("items"), Mapping):
            yield from walk(node["items"], current, (*path, "*"), "item", depth + 1)
        for combinator in ("oneOf", "anyOf", "allOf"):
            for option in node.get(combinator, ()):
                yield from walk(option, current, path, "option", depth + 1)

    return walk(root, file, (), "root", 0)


def field_orders(schemas: SchemaSet, kind: str) -> dict[tuple[str, ...], tuple[str, ...]]:
    """The order of the fields of `kind` as its schema lists them, by path (list items skipped).

    `field_orders(s, "plan")[("items", "activities")]` is the order of an activity's fields;
    the record commands insert new keys at their place in it (docs/records.md follows it too).
    """
    orders: dict[tuple[str, ...], list[str]] = {}
    for path, _declared, node, _via in walk_schema(schemas, schemas.document(kind), schema_file(kind)):
        properties = node.get("properties")
        if properties:
            names = orders.setdefault(tuple(str(p) for p in path if p != "*"), [])
            names.extend(name for name in properties if name not in names)
    return {path: tuple(names) for path, names in orders.items()}
