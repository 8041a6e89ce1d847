"""Round-trip YAML: editing a record file so that it keeps what a person wrote.

Edits go through ruamel.yaml's round-trip mode, which keeps comments, key order, quoting,
blank lines and the file's own indentation. PyYAML stays the fast reader everywhere else; the
round-trip parser reads dates as text, as the fast reader does. Nothing here touches the disk.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedBase, CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from lpsc_cli.errors import RecordError
from lpsc_cli.i18n import gettext as _
from lpsc_cli.yamlio import RecordLoader


@dataclass(frozen=True, slots=True)
class Layout:
    """How a file is laid out, so that an edit writes it back the same way.

    `mapping` is the indent of nested mappings, `sequence` the indent of a sequence item's
    content and `offset` the indent of its dash (ruamel's three numbers); `newline` and `bom`
    keep Windows line endings and a byte-order mark where a file has them.
    """

    mapping: int = 2
    sequence: int = 4
    offset: int = 2
    newline: str = "\n"
    bom: bool = False


_DEFAULT = Layout()
_KEY_ONLY = re.compile(r"^( *)(?:- +)?[^\s#][^:#]*:\s*(?:#.*)?$")
_DASH = re.compile(r"^( *)- +")


def guess_layout(text: str) -> Layout:
    """The indentation a file uses: the first nested mapping and the first block sequence decide."""
    mapping: int | None = None
    sequence: tuple[int, int] | None = None
    parent: int | None = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        dash = _DASH.match(line)
        if (parent is not None and indent > parent) or (parent is not None and dash and indent >= parent):
            if dash and sequence is None:
                offset = indent - parent
                sequence = (offset + len(dash.group(0)) - len(dash.group(1)), offset)
            elif not dash and mapping is None:
                mapping = indent - parent
        key_only = _KEY_ONLY.match(line)
        if key_only:
            parent = len(key_only.group(1))
            if dash:
                parent = len(dash.group(0))
        else:
            parent = None
        if mapping is not None and sequence is not None:
            break
    seq, offset = sequence if sequence is not None else (_DEFAULT.sequence, _DEFAULT.offset)
    return Layout(
        mapping=mapping if mapping and mapping > 0 else _DEFAULT.mapping,
        sequence=max(seq, offset + 2),
        offset=offset,
        newline="\r\n" if "\r\n" in text else "\n",
    )


class RecordResolver(VersionedResolver):  # type: ignore[misc]
    """ruamel's resolver without timestamps: `2025-03-12` stays text, as in the fast reader."""

    @property
    def versioned_resolver(self) -> Any:
        table = super().versioned_resolver
        filtered = self.__dict__.setdefault("_without_timestamps", {})
        if id(table) not in filtered:
            filtered[id(table)] = {
                first: [(tag, rx) for tag, rx in entries if not str(tag).endswith(":timestamp")]
                for first, entries in table.items()
            }
        return filtered[id(table)]


def _yaml(layout: Layout) -> Any:
    yaml = YAML(typ="rt")
    yaml.Resolver = RecordResolver
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
    yaml.allow_duplicate_keys = False
    return yaml


def load_roundtrip(raw: bytes, file: str) -> tuple[Any, Layout]:
    """The editable document of a record file (a ruamel CommentedMap) and its layout."""
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RecordError(
            _("{file}: the file is not UTF-8 text; fix it by hand (see `lpsc check`)").format(file=file)
        ) from None
    layout = guess_layout(text)
    layout = Layout(layout.mapping, layout.sequence, layout.offset, layout.newline, bom)
    try:
        document = _yaml(layout).load(text.replace("\r\n", "\n"))
    except (YAMLError, ValueError) as exc:
        raise RecordError(
            _("{file}: cannot be edited: it is not valid YAML ({problem}); see `lpsc check`").format(
                file=file, problem=exc
            )
        ) from None
    if not isinstance(document, Mapping):
        raise RecordError(_("{file}: cannot be edited: a record is a YAML mapping of fields").format(file=file))
    return document, layout


def dump_roundtrip(document: Any, layout: Layout | None = None) -> bytes:
    """The bytes of an edited (or new) document, in the file's own layout."""

    layout = layout or Layout()
    buffer = io.StringIO()
    _yaml(layout).dump(document, buffer)
    text = buffer.getvalue()
    if layout.newline != "\n":
        text = text.replace("\n", layout.newline)
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if layout.bom else data


def to_plain(node: Any) -> Any:
    """A ruamel node as plain dicts, lists and scalars (ruamel's string subclasses become `str`)."""
    if isinstance(node, Mapping):
        return {str(key): to_plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [to_plain(value) for value in node]
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


_FLOW_WIDTH = 100
_TIME = re.compile(r"\d{1,2}:\d{2}")
_NUMBERING = re.compile(r"\d+(\.\d+)*")


def new_node(value: Any) -> Any:
    """A value as a ruamel node, styled like the files of docs/records.md.

    Short mappings of scalars and lists of scalars are written in flow style
    (`{code: A.G., sex: F}`, `[child]`); everything else in block style. Text that YAML
    would read as something else (a time, a number, `true`) is double-quoted.
    """

    if isinstance(value, Mapping):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = new_node(item)
        if _fits_on_a_line(value):
            mapping.fa.set_flow_style()
        else:
            mapping.fa.set_block_style()
        return mapping
    if isinstance(value, (list, tuple)):
        seq = CommentedSeq(new_node(item) for item in value)
        if _fits_on_a_line(value):
            seq.fa.set_flow_style()
        else:
            seq.fa.set_block_style()
        return seq
    if isinstance(value, str):
        return _quoted_if_needed(value)
    return value


def _fits_on_a_line(value: Any) -> bool:
    """Flow style for short values holding only scalars (and, in a mapping, lists of scalars)."""
    if len(_flat(value)) > _FLOW_WIDTH:
        return False
    if isinstance(value, Mapping):
        return all(_is_scalar(v) or (isinstance(v, (list, tuple)) and all(map(_is_scalar, v))) for v in value.values())
    return all(map(_is_scalar, value))


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (Mapping, list, tuple)) and not _multiline(value)


def _multiline(value: Any) -> bool:
    return isinstance(value, str) and "\n" in value


def _flat(value: Any) -> str:
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_flat(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flat(v) for v in value) + "]"
    return str(value)


def _quoted_if_needed(value: str) -> Any:
    """Double quotes for text that a YAML reader would take for a time, number, boolean or null."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")

    if "\n" in value:
        return LiteralScalarString(value)
    if _TIME.fullmatch(value) or _NUMBERING.fullmatch(value):
        return DoubleQuotedScalarString(value)

    try:
        read_back = yaml.load(value, Loader=RecordLoader)  # noqa: S506 - the records' safe loader
    except yaml.YAMLError:
        return value  # the emitter quotes what is not a plain scalar
    return value if read_back == value else DoubleQuotedScalarString(value)


def set_key(mapping: Any, key: str, value: Any, order: Sequence[str] = ()) -> None:
    """Set `key` of an editable mapping: in place if present, else at its place in `order`.

    A new key goes after the last present key that comes before it in `order` (at the end if
    it is not in `order`). Blank lines and comments that followed the entry it is inserted
    after move down with it, so that groups a person separated stay separated.
    """
    node = value if _is_node(value) else new_node(value)
    _restyle(mapping, key=key, extra=value)
    if key in mapping:
        old = mapping[key]
        tail = _take_tail_inside(old) if _is_container(old) else None
        mapping[key] = node
        if tail:
            _attach_tail(mapping, key, tail)
        return
    keys = list(mapping.keys())
    position = len(keys)
    if key in order:
        rank = order.index(key)
        before = [i for i, existing in enumerate(keys) if existing in order and order.index(existing) < rank]
        after = [i for i, existing in enumerate(keys) if existing in order and order.index(existing) > rank]
        if before:
            position = before[-1] + 1
        elif after:
            position = after[0]
    tail = _take_tail(mapping, keys[position - 1]) if position > 0 else None
    mapping.insert(position, key, node)
    if tail:
        _attach_tail(mapping, key, tail)


def delete_key(mapping: Any, key: str) -> None:
    """Remove `key`, keeping the blank lines and comments that followed its entry."""
    if key not in mapping:
        return
    keys = list(mapping.keys())
    tail = _take_tail(mapping, key)
    index = keys.index(key)
    del mapping[key]
    if tail and index > 0:
        _attach_tail(mapping, keys[index - 1], tail)


def append_item(mapping: Any, key: str, value: Any, order: Sequence[str] = ()) -> Any:
    """Append `value` to the list under `key` (creating it at its place in `order`); returns the node."""
    node = value if _is_node(value) else new_node(value)
    seq = mapping.get(key)
    if not isinstance(seq, list):
        set_key(mapping, key, [value], order)
        return mapping[key][0]
    _restyle(seq, key=None, extra=value)
    tail = _take_tail(seq, len(seq) - 1) if seq else None
    seq.append(node)
    if tail:
        _attach_tail(seq, len(seq) - 1, tail)
    return node


def merge_map(
    mapping: Any, key: str, values: Mapping[str, Any], order: Sequence[str] = (), inner: Sequence[str] = ()
) -> Any:
    """Set the fields `values` inside the mapping under `key`, creating it if needed; returns it."""
    current = mapping.get(key)
    if not isinstance(current, Mapping):
        set_key(mapping, key, dict(values), order)
        return mapping[key]
    for field, value in values.items():
        set_key(current, field, value, inner)
    return current


def _restyle(container: Any, *, key: str | None, extra: Any) -> None:
    """Turn a flow-style container into block style when `extra` (at `key`) would not fit on its line."""
    if not container.fa.flow_style():
        return
    plain = to_plain(container)
    grown = [*plain, extra] if isinstance(plain, list) else {**plain, str(key): extra}
    if not _fits_on_a_line(grown):
        container.fa.set_block_style()


def _is_node(value: Any) -> bool:

    return isinstance(value, CommentedBase)


def _is_container(value: Any) -> bool:
    return isinstance(value, (Mapping, list))


def _comment_slot(container: Any, key: Any) -> int:
    """Where ruamel keeps the comment that follows an entry: 2 for mappings, 0 for sequences."""
    return 2 if isinstance(container, Mapping) else 0


def _take_tail(container: Any, key: Any) -> str | None:
    """Detach the lines after the entry `key` (blank lines, full-line comments) and return them.

    ruamel stores them with the comment at the end of the entry's last line; the end-of-line
    comment itself stays where it is.
    """
    value = container[key]
    if _is_container(value) and len(value):
        inner = _take_tail_inside(value)
        if inner is not None:
            return inner
    entry = container.ca.items.get(key)
    slot = _comment_slot(container, key)
    if not entry or len(entry) <= slot or entry[slot] is None:
        return None
    token = entry[slot]
    text = str(token.value)
    head, newline, rest = text.partition("\n")
    if not newline or not rest:
        return None
    token.value = head + newline
    return rest


def _take_tail_inside(container: Any) -> str | None:
    if not len(container):
        return None
    last = list(container.keys())[-1] if isinstance(container, Mapping) else len(container) - 1
    return _take_tail(container, last)


def _attach_tail(container: Any, key: Any, tail: str) -> None:
    """Put `tail` (lines that separate this entry from the next) after the entry `key`."""

    value = container[key]
    if _is_container(value) and len(value) and not getattr(value.fa, "flow_style", lambda: False)():
        last = list(value.keys())[-1] if isinstance(value, Mapping) else len(value) - 1
        _attach_tail(value, last, tail)
        return
    slot = _comment_slot(container, key)
    entry = container.ca.items.setdefault(key, [None, None, None, None] if slot == 2 else [None, None])
    while len(entry) <= slot:
        entry.append(None)
    if entry[slot] is None:
        entry[slot] = CommentToken("\n" + tail, CommentMark(0), None)
    else:
        entry[slot].value = entry[slot].value + tail
