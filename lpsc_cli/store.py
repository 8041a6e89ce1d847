"""Writing record files: atomically, never clobbering, keeping what a person wrote.

Three concerns live here and nowhere else:

- **Atomic writes.** Bytes go to a temporary file in the target's folder, are flushed and
  fsynced, then moved into place, so a reader (or a crash) sees the old file or the new one,
  never half of one. New files are linked into place (`os.link` refuses an existing name, so
  two writers can never both create the same file); changed files are replaced only if the
  file on disk still holds the bytes the change was computed from.
- **Round-trip YAML.** Edits go through ruamel.yaml's round-trip mode, which keeps comments,
  key order, quoting, blank lines and the file's own indentation. PyYAML stays the fast reader
  everywhere else; the round-trip parser reads dates as text, as the fast reader does.
- **The repository lock**, held while an id is allocated, a file written and committed, so
  that concurrent `lpsc` commands in one repository take turns (released if a process dies).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lpsc_cli.errors import FileSystemError, LpscError, RecordError
from lpsc_cli.privacy import restrict_to_owner

LOCK_FILE = "write.lock"
LOCK_TIMEOUT = 120.0


def write_atomic(
    path: Path, data: bytes, *, overwrite: bool, make_parents: bool = False, private: bool = False
) -> bool:
    """Write `data` to `path` so that a reader sees the old file or the new one, never half.

    The bytes go to a temporary file in the same folder, are flushed and fsynced, then moved
    into place. With `overwrite` that is `os.replace`. Without it, the file must not exist and
    two writers must never both create it ("never clobber"):

    - where the file system has hard links, `os.link` puts the temporary file in place; it
      fails if the name exists, and a reader sees no file or the whole file;
    - where it has none (FAT/exFAT sticks, some network shares: `os.link` fails), the name is
      first claimed with an exclusive create (`O_CREAT|O_EXCL`, which fails if it exists), and
      the complete temporary file is renamed over that empty placeholder only while it is still
      the placeholder (same file, still empty). Between the two steps a reader may see an empty
      file, and a crash in that instant leaves one; never a half-written file, and never a
      file of someone else's replaced.

    Only regular files are replaced, and not when marked read-only: a folder, device, pipe or
    socket at `path` is refused (`-o` writes through devices and pipes itself, see
    `lpsc_cli.cli.common.write_file`).
    What the computer refuses (a read-only folder, a file open in another program, a full
    disk) is a `FileSystemError` naming the path.

    `make_parents` creates missing folders: only for record files, whose folders lpsc manages
    (`cases/2026/`); for anything else a missing folder is an error that names it, so a typo in
    `-o` never creates folders. `private` makes the file readable by its owner only (mode 0600;
    on Windows an access list for the current user), set on the temporary file before it is
    moved into place, also when it replaces a file that was readable by others. Returns whether
    the file is readable by its owner only (False when `private` was not asked or could not be
    set, as on a file system without permissions).
    """
    try:
        if make_parents:
            path.parent.mkdir(parents=True, exist_ok=True)
        elif not path.parent.is_dir():
            raise LpscError(f"cannot write {path}: the folder {path.parent} does not exist (create it first)")
        _refuse_special(path)
        mode = _file_mode(path) if overwrite else _new_file_mode()
        tmp, owner_only = _temporary_copy(path, data, mode=mode, private=private)
        try:
            if overwrite:
                os.replace(tmp, path)
            else:
                _create_from(tmp, path)
            _sync_folder(path.parent)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as exc:
        raise FileSystemError(f"cannot write {path}: {describe_os_error(exc)}") from exc
    return owner_only


def describe_os_error(exc: OSError) -> str:
    """Why the computer refused, in words a person can act on (the path is named by the caller)."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    hint = _OS_ERROR_HINTS.get(exc.errno or 0, "")
    if isinstance(exc, PermissionError) and os.name == "nt":
        hint = "is the file open in another program (Word, Excel), read-only, or in a protected folder?"
    return f"{reason} ({hint})" if hint else reason


_OS_ERROR_HINTS = {
    errno.ENOSPC: "the disk is full: free some space and run the command again",
    errno.EDQUOT: "your disk quota is used up",
    errno.EROFS: "the disk or share is mounted read-only",
    errno.EACCES: "you may not write there: check the permissions of the file and its folder",
    errno.EPERM: "the file or folder may be read-only or immutable",
    errno.ENAMETOOLONG: "the name is too long for this file system",
}


def _refuse_special(path: Path) -> None:
    """Refuse to replace anything but a regular file (a folder, a device, a pipe, a socket), and
    a file marked read-only: a rename would replace it on POSIX, where Windows refuses."""
    try:
        status = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return
    if stat.S_ISDIR(status.st_mode):
        raise FileSystemError(f"cannot write {path}: it is a folder")
    if not stat.S_ISREG(status.st_mode):
        raise FileSystemError(f"cannot write {path}: it is not a regular file (a device, pipe or socket)")
    if not status.st_mode & 0o222:
        raise FileSystemError(f"cannot write {path}: the file is read-only (make it writable, or choose another name)")


def _create_from(tmp: Path, path: Path) -> None:
    """Move the complete file `tmp` to the new name `path`, never replacing an existing file."""
    try:
        os.link(tmp, path)
        return
    except FileExistsError:
        raise RecordError(f"{path}: already exists; refusing to overwrite it") from None
    except OSError:
        pass  # no hard links on this file system: claim the name, then rename over the claim
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        raise RecordError(f"{path}: already exists; refusing to overwrite it") from None
    try:
        claim = os.fstat(fd)
    finally:
        os.close(fd)
    try:
        if not _is_claim(path, claim):
            raise RecordError(f"{path}: another program wrote the file meanwhile; refusing to overwrite it")
        os.replace(tmp, path)
    except BaseException:
        if _is_claim(path, claim):
            path.unlink(missing_ok=True)
        raise


def _is_claim(path: Path, claim: os.stat_result) -> bool:
    """Whether `path` is still the empty placeholder created as `claim`."""
    try:
        now = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return (now.st_dev, now.st_ino) == (claim.st_dev, claim.st_ino) and now.st_size == 0


def replace_unchanged(path: Path, data: bytes, *, original: bytes) -> None:
    """Replace the file at `path` with `data`, but only if it still holds `original`.

    A change is computed from the bytes a command read; if someone saved the file in between,
    writing would silently drop their edit. The comparison happens after the new bytes are
    safely on disk in the temporary file, immediately before the rename.
    """
    tmp, _ = _temporary_copy(path, data, mode=_file_mode(path))
    try:
        try:
            current = path.read_bytes()
        except FileNotFoundError:
            raise RecordError(
                f"{path}: the file was removed while the change was prepared; nothing was written"
            ) from None
        if digest(current) != digest(original):
            raise RecordError(
                f"{path}: the file changed on disk while the change was prepared; nothing was written "
                "(run the command again to apply it to the new version)"
            )
        os.replace(tmp, path)
        _sync_folder(path.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=20).digest()


def _temporary_copy(path: Path, data: bytes, *, mode: int, private: bool = False) -> tuple[Path, bool]:
    """`data` in a durable temporary file beside `path` (same file system, so a rename is atomic).

    Returns the file and whether it is readable by its owner only (see `write_atomic`).
    """
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        owner_only = restrict_to_owner(tmp) if private else False
        if os.name == "posix" and not private:
            os.chmod(tmp, mode)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp, owner_only


def _new_file_mode() -> int:
    """The mode an ordinary new file gets (mkstemp's own 0600 would hide records from the group)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _file_mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return _new_file_mode()


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX only; Windows has no folder handles)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- the repository lock ----------------------------------------------------------------------


@contextmanager
def repository_lock(root: Path, *, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the repository's write lock: one `lpsc` writer at a time allocates, writes, commits.

    The lock is an OS file lock on `.lpsc-cache/write.lock` (ignored by git): it is released
    when the holder exits, however it exits, so a killed command never blocks the next one.
    """
    from filelock import FileLock, Timeout

    from lpsc_cli.repository import CACHE_DIR

    folder = root / CACHE_DIR
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        with contextlib.suppress(RecordError):  # another process wrote it first
            write_atomic(ignore, b"*\n", overwrite=False)
    lock = FileLock(str(folder / LOCK_FILE), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise LpscError(
            f"another lpsc command has been writing to {root} for {timeout:.0f} s "
            f"(lock {folder / LOCK_FILE}); try again when it has finished"
        ) from None
    try:
        yield
    finally:
        lock.release()


def next_number(names: Sequence[str] | set[str], pattern: re.Pattern[str]) -> int:
    """One more than the highest number `pattern` (one group of digits) finds among `names`."""
    numbers = [int(match.group(1)) for name in names if (match := pattern.fullmatch(name))]
    return max(numbers, default=0) + 1


# --- round-trip YAML --------------------------------------------------------------------------


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


def _yaml(layout: Layout) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.Resolver = _resolver_class()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
    yaml.allow_duplicate_keys = False
    return yaml


_RESOLVER: Any = None


def _resolver_class() -> Any:
    """ruamel's resolver without timestamps: `2025-03-12` stays text, as in the fast reader."""
    global _RESOLVER
    if _RESOLVER is None:
        from ruamel.yaml.resolver import VersionedResolver

        class RecordResolver(VersionedResolver):  # type: ignore[misc]
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

        _RESOLVER = RecordResolver
    return _RESOLVER


def load_roundtrip(raw: bytes, file: str) -> tuple[Any, Layout]:
    """The editable document of a record file (a ruamel CommentedMap) and its layout."""
    from ruamel.yaml.error import YAMLError

    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RecordError(f"{file}: the file is not UTF-8 text; fix it by hand (see `lpsc check`)") from None
    layout = guess_layout(text)
    layout = Layout(layout.mapping, layout.sequence, layout.offset, layout.newline, bom)
    try:
        document = _yaml(layout).load(text.replace("\r\n", "\n"))
    except (YAMLError, ValueError) as exc:
        raise RecordError(f"{file}: cannot be edited: it is not valid YAML ({exc}); see `lpsc check`") from None
    if not isinstance(document, Mapping):
        raise RecordError(f"{file}: cannot be edited: a record is a YAML mapping of fields")
    return document, layout


def dump_roundtrip(document: Any, layout: Layout | None = None) -> bytes:
    """The bytes of an edited (or new) document, in the file's own layout."""
    import io

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
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

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
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    from lpsc_cli.yamlio import RecordLoader

    if "\n" in value:
        from ruamel.yaml.scalarstring import LiteralScalarString

        return LiteralScalarString(value)
    if _TIME.fullmatch(value) or _NUMBERING.fullmatch(value):
        return DoubleQuotedScalarString(value)
    import yaml

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
    from ruamel.yaml.comments import CommentedBase

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
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

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
