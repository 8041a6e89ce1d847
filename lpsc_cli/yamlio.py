"""Reading YAML safely and fast: libyaml on the fast path, node positions on the slow path.

The dialect is YAML 1.1 as libyaml parses it, with three changes that keep every tool in
agreement with us: timestamps stay strings (JSON Schema `format: date` then applies), only
`true`/`false` are booleans, and there are no base-60 numbers (`10:00` stays a string).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from lpsc_cli.errors import Issue, JsonPath, error
from lpsc_cli.i18n import format_number, ngettext
from lpsc_cli.i18n import gettext as _

MAX_FILE_BYTES = 5 * 1024 * 1024
_DROPPED_TAGS = {
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
}


class RecordLoader(yaml.CSafeLoader):
    """CSafeLoader with the dialect above; construction of known tags only (no Python objects)."""

    #: Whether a collection of the document was built in one piece by the constructors (`_build`).
    built_whole = False


def _dialect_resolvers() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for first, entries in yaml.CSafeLoader.yaml_implicit_resolvers.items():
        kept = [(tag, regexp) for tag, regexp in entries if tag not in _DROPPED_TAGS]
        resolvers[first] = kept
    extra = [
        ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
        (
            "tag:yaml.org,2002:int",
            re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
            "-+0123456789",
        ),
        (
            "tag:yaml.org,2002:float",
            re.compile(
                r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
                r"|\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
            ),
            "-+0123456789.",
        ),
    ]
    for tag, regexp, firsts in extra:
        for char in firsts:
            resolvers.setdefault(char, []).append((tag, regexp))
    return resolvers


RecordLoader.yaml_implicit_resolvers = _dialect_resolvers()

#: Explicit tags whose values JSON has no type for; a record must be plain JSON data.
_REFUSED_TAGS = (
    "tag:yaml.org,2002:set",
    "tag:yaml.org,2002:binary",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:omap",
    "tag:yaml.org,2002:pairs",
)


class RefusedTag(yaml.constructor.ConstructorError):
    """An explicit tag (`!!set`, `!!binary`, ...) whose value JSON has no type for."""


def _refuse(loader: Any, node: yaml.Node) -> Any:
    raise RefusedTag(
        None, None, _("the tag {tag} makes a value JSON has no type for").format(tag=repr(node.tag)), node.start_mark
    )


for _tag in _REFUSED_TAGS:
    RecordLoader.add_constructor(_tag, _refuse)


class DuplicateKeyError(ValueError):
    """A mapping names the same key twice; `lines` are the 1-based lines of every occurrence."""

    def __init__(self, key: str, lines: tuple[int, ...]) -> None:
        super().__init__(f"the key {key!r} appears {len(lines)} times in one mapping")
        self.key = key
        self.lines = lines


@dataclass(frozen=True, slots=True)
class Parsed:
    """The outcome of reading one file: its data, or the finding that explains why not."""

    data: dict[str, Any] | None
    issue: Issue | None = None
    text: str | None = None


def decode(raw: bytes, file: str) -> tuple[str | None, Issue | None]:
    """UTF-8 text of a file (a BOM is dropped), or a finding that names the line of the bad byte."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, error(
            "encoding",
            _("the file is not UTF-8 text (byte {byte} at offset {offset})").format(
                byte=f"0x{raw[exc.start]:02x}", offset=exc.start
            ),
            file=file,
            line=line,
        )


def too_large(size: int) -> str:
    """The finding about a record file of `size` bytes, past `MAX_FILE_BYTES`."""
    return ngettext(
        "the file is {size} byte; records are limited to {limit}",
        "the file is {size} bytes; records are limited to {limit}",
        size,
    ).format(size=format_number(size, digits=0), limit=format_number(MAX_FILE_BYTES, digits=0))


def parse(raw: bytes, file: str, *, lines: list[int] | None = None) -> Parsed:
    """Parse one record file; any problem becomes a finding, never an exception.

    Given `lines`, the line of every value is appended to it (`node_lines`), for `line_at`.
    """
    if len(raw) > MAX_FILE_BYTES:
        return Parsed(
            None,
            error(
                "too-large",
                too_large(len(raw)),
                file=file,
                line=1,
            ),
        )
    text, issue = decode(raw, file)
    if text is None:
        return Parsed(None, issue)
    if "&" in text or "*" in text:
        alias_issue = _find_anchor(text, file)
        if alias_issue is not None:
            return Parsed(None, alias_issue, text)
    try:
        data = load(text, lines)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or "invalid YAML"
        if isinstance(exc, yaml.constructor.ConstructorError) and "yaml.org,2002:merge" in problem:
            problem = _("merge keys (<<) are not allowed in records")
        elif isinstance(exc, RefusedTag) or (isinstance(exc, yaml.constructor.ConstructorError) and "tag" in problem):
            problem = _("YAML tags are not allowed in records ({problem})").format(problem=problem)
        return Parsed(
            None, error("yaml", _("cannot parse YAML: {problem}").format(problem=problem), file=file, line=line), text
        )
    except DuplicateKeyError as exc:
        shown = ", ".join(str(line) for line in exc.lines)
        return Parsed(
            None,
            error(
                "duplicate-key",
                ngettext(
                    "the key {key} is given {n} time in one mapping (lines {lines}); only one may stay",
                    "the key {key} is given {n} times in one mapping (lines {lines}); only one may stay",
                    len(exc.lines),
                ).format(key=repr(exc.key), n=len(exc.lines), lines=shown),
                file=file,
                line=exc.lines[-1],
            ),
            text,
        )
    except TypeError:  # a list or mapping used as a key
        return Parsed(
            None, error("yaml", _("cannot parse YAML: a key is a list or a mapping"), file=file, line=1), text
        )
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError) as exc:
        return Parsed(
            None, error("yaml", _("cannot parse YAML: {problem}").format(problem=exc), file=file, line=1), text
        )
    if data is None:
        return Parsed(None, error("empty", _("the file is empty; a record is a YAML mapping"), file=file, line=1), text)
    if not isinstance(data, dict):
        found = {"str": _("a text"), "list": _("a list")}.get(type(data).__name__, type(data).__name__)
        return Parsed(
            None,
            error(
                "not-a-mapping",
                _("a record is a YAML mapping of fields, found {found}").format(found=found),
                file=file,
                line=1,
            ),
            text,
        )
    bad_key = next((key for key in data if not isinstance(key, str)), None)
    if bad_key is not None:
        return Parsed(
            None,
            error("yaml", _("field names must be text, found {key}").format(key=repr(bad_key)), file=file, line=1),
            text,
        )
    return Parsed(data, None, text)


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


def load(text: str, lines: list[int] | None = None) -> Any:
    """One YAML document as plain data: the node tree from libyaml, then a direct build.

    Given `lines`, the line of every value is appended to it (`node_lines`), one for each value
    of the data, so that they fit without a count; none at all in the rare document
    whose data holds a collection the loader built in one piece.

    PyYAML's constructor machinery (generators for every mapping, merge-key flattening, a
    dispatch per node) is most of the parsing time; records are plain maps, lists and
    scalars, so they are built here by a short recursion, and only the rare other node (a
    number, a boolean, an explicit tag) goes through the loader's constructors — which refuse
    what a record may not hold.
    """
    loader = RecordLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        data = _build(loader, node)
        if lines is not None and not loader.built_whole:
            node_lines(node, lines)  # one line per value of `data`: they fit (`fits`) by construction
        return data
    finally:
        loader.dispose()


def _build(loader: RecordLoader, node: yaml.Node) -> Any:
    kind = type(node)
    if kind is yaml.ScalarNode:
        return node.value if node.tag == _STR else loader.construct_object(node, deep=True)
    if kind is yaml.MappingNode and node.tag == _MAP:
        built = {_build(loader, key): _build(loader, value) for key, value in node.value}
        if len(built) != len(node.value):  # a key given twice: the dict kept only the last value
            raise _duplicate(loader, node)
        return built
    if kind is yaml.SequenceNode and node.tag == _SEQ:
        return [_build(loader, item) for item in node.value]
    loader.built_whole = True  # a collection built in one piece: its values have no lines of their own
    return loader.construct_object(node, deep=True)


def _duplicate(loader: RecordLoader, node: yaml.Node) -> DuplicateKeyError:
    """The first key of `node` given more than once, with the line of each occurrence."""
    lines: dict[Any, list[int]] = {}
    for key_node, _value in node.value:
        lines.setdefault(_build(loader, key_node), []).append(key_node.start_mark.line + 1)
    key, found = next((key, found) for key, found in lines.items() if len(found) > 1)
    return DuplicateKeyError(str(key), tuple(found))


def _find_anchor(text: str, file: str) -> Issue | None:
    """Anchors and aliases can expand into huge documents (alias bombs): refuse them."""
    try:
        for event in yaml.parse(text, Loader=RecordLoader):
            anchor = getattr(event, "anchor", None)
            if anchor is not None or isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1 if event.start_mark is not None else None
                return error(
                    "yaml-alias",
                    _("YAML anchors and aliases (&name, *name) are not allowed in records"),
                    file=file,
                    line=line,
                )
    except yaml.YAMLError:
        return None  # the full parse reports it with its position
    return None


class _PositionLoader(yaml.CSafeLoader):
    """Composes node trees for their positions only: tags are never resolved (that is the cost)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return "tag:yaml.org,2002:str"


def compose(text: str) -> yaml.Node | None:
    """The node tree of a document, with positions; None when it cannot be parsed."""
    try:
        return yaml.compose(text, Loader=_PositionLoader)
    except (yaml.YAMLError, RecursionError):
        return None


def locate(text: str | yaml.Node | None, path: JsonPath) -> int | None:
    """The 1-based line of the node at `path` (the key's line for a mapping entry).

    This is the slow path, used only for files that have a finding: it composes the node
    tree with positions (pass a tree from `compose` to look up several paths in one file).
    Where the path stops matching, the deepest node found is used.
    """
    node = compose(text) if isinstance(text, str) else text
    if node is None:
        return None if isinstance(text, str) and text.strip() else 1
    line = node.start_mark.line + 1
    for part in path:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                    line = key_node.start_mark.line + 1
                    node = value_node
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def node_lines(node: yaml.Node, lines: list[int]) -> None:
    """Append the 0-based line of every value under `node`, in document order.

    A value's line is where `locate` points: the key's line for a mapping entry, the item's own
    line for a list item (the root: its first line). Document order is the order in which the
    built data's dicts and lists hold their values, so `line_at` finds a path's line from the
    data and these numbers alone, with no second parse.
    """
    lines.append(node.start_mark.line)
    _child_lines(node, lines)


def _child_lines(node: yaml.Node, lines: list[int]) -> None:
    kind = type(node)
    if kind is yaml.MappingNode:
        for key_node, value_node in node.value:
            lines.append(key_node.start_mark.line)
            if type(value_node) is not yaml.ScalarNode:
                _child_lines(value_node, lines)
    elif kind is yaml.SequenceNode:
        for item in node.value:
            lines.append(item.start_mark.line)
            if type(item) is not yaml.ScalarNode:
                _child_lines(item, lines)


def line_at(data: Any, lines: Sequence[int], path: JsonPath) -> int | None:
    """The 1-based line of `path` in a document, from its data and its `node_lines`; as `locate`.

    The lines are the loader's own for this data (`load`: one per value). None when they run
    out before the path's value (numbers made for other data): use `locate` then.
    """
    at, node = 0, data
    for part in path:
        if type(node) is dict:
            child = at + 1
            for key, value in node.items():
                if key == part or (type(key) is not str and str(key) == str(part)):
                    break
                kind = type(value)
                child += _size(value) if kind is dict or kind is list else 1
            else:
                return lines[at] + 1
            at, node = child, value
        elif type(node) is list and type(part) is int and 0 <= part < len(node):
            at += 1 + sum(_size(item) for item in node[:part])
            node = node[part]
        else:
            break
    return lines[at] + 1 if at < len(lines) else None


def _size(value: Any) -> int:
    """How many values `value` is, itself included (as `node_lines` counts them).

    Most values are scalars: each counts one without a call of its own, only containers recurse.
    """
    kind = type(value)
    if kind is dict:
        items: Any = value.values()
    elif kind is list:
        items = value
    else:
        return 1
    count = 1 + len(items)
    for item in items:
        kind = type(item)
        if kind is dict or kind is list:
            count += _size(item) - 1
    return count
